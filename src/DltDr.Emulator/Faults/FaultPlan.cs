using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Emulator.Faults
{
    /// <summary>
    /// The faults injected into one workspace: hung, added latency, and rules for error answers,
    /// resets and "applied then timed out". Thread-safe: requests consult it outside the state lock.
    /// </summary>
    public sealed class FaultPlan
    {
        private readonly object _sync = new object();
        private readonly List<FaultRule> _rules = new List<FaultRule>();
        private readonly Random _random;
        private TaskCompletionSource<bool>? _hung;
        private TimeSpan _latency;

        public FaultPlan(int seed) => _random = new Random(seed);

        public bool IsHung { get { lock (_sync) return _hung != null; } }

        public TimeSpan Latency
        {
            get { lock (_sync) return _latency; }
            set { lock (_sync) _latency = value < TimeSpan.Zero ? TimeSpan.Zero : value; }
        }

        public IReadOnlyList<FaultRule> Rules { get { lock (_sync) return _rules.ToList(); } }

        /// <summary>From now on requests are accepted and never answered, until <see cref="Unhang"/>.</summary>
        public void Hang()
        {
            lock (_sync) _hung ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Unhang()
        {
            TaskCompletionSource<bool>? release;
            lock (_sync)
            {
                release = _hung;
                _hung = null;
            }
            release?.TrySetResult(true);
        }

        /// <summary>Completes when the workspace is no longer hung (at once when it is not).</summary>
        public Task WhileHung(CancellationToken cancel)
        {
            Task? wait;
            lock (_sync) wait = _hung?.Task;
            return wait == null ? Task.CompletedTask : wait.WaitAsync(cancel);
        }

        public void Add(FaultRule rule)
        {
            if (rule.Rate is double r && (r < 0 || r > 1)) throw
                new ArgumentOutOfRangeException(nameof(rule), "rate must be between 0 and 1");
            if (rule.Remaining is int n && n < 1) throw new ArgumentOutOfRangeException(nameof(rule), "count must be at least 1");
            lock (_sync) _rules.Add(rule);
        }

        /// <summary>Removes every rule, the latency and a hang.</summary>
        public void Clear()
        {
            lock (_sync)
            {
                _rules.Clear();
                _latency = TimeSpan.Zero;
            }
            Unhang();
        }

        /// <summary>The first rule that applies to this request, counting it against the rule's budget.</summary>
        public FaultRule? Take(string method, string path, string? query = null)
        {
            lock (_sync)
            {
                foreach (var rule in _rules)
                {
                    if (!rule.Matches(method, path, query)) continue;
                    if (rule.Rate is double rate && _random.NextDouble() >= rate) continue;
                    if (rule.Remaining is int left)
                    {
                        if (left <= 1) _rules.Remove(rule);
                        else rule.Remaining = left - 1;
                    }
                    return rule;
                }
                return null;
            }
        }
    }
}
