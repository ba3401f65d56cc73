using System;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Emulator.Simulation
{
    /// <summary>
    /// The clock, the event queue and the one lock all emulated state lives under. Every request
    /// and every clock advance first runs the events that fell due, so state is always current.
    /// </summary>
    public sealed class SimulationContext : IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _pump;

        public SimulationContext(EmulatorClock clock, EmulatorTimings timings, int seed)
        {
            Clock = clock;
            Timings = timings;
            Random = new Random(seed);
            // On a test's time source nothing happens between requests but what the test does: the
            // events that fell due run when the next request (or an advance) reads the state.
            _pump = clock.Source == TimeProvider.System ? Task.Run(PumpAsync) : Task.CompletedTask;
        }

        public EmulatorClock Clock { get; }
        public EmulatorTimings Timings { get; }
        public Scheduler Scheduler { get; } = new Scheduler();

        /// <summary>The managed identity endpoint stand-in shared by the workspaces (used under <see cref="Gate"/>).</summary>
        public Auth.ManagedIdentityEndpoint Identity { get; } = new Auth.ManagedIdentityEndpoint();
        public object Gate { get; } = new object();

        /// <summary>Seeded, so fault rates and ids repeat from run to run. Use only under <see cref="Gate"/>.</summary>
        public Random Random { get; }

        /// <summary>
        /// In scaled mode, after each turn of the pump that keeps time moving with no request: what
        /// waits for state to change on its own (a test, a demo) is told, rather than polling.
        /// </summary>
        public event Action? Pumped;

        /// <summary>Runs <paramref name="action"/> on current state, after the events that fell due.</summary>
        public T Sync<T>(Func<DateTimeOffset, T> action)
        {
            lock (Gate)
            {
                var now = Clock.Now;
                Scheduler.RunDue(now);
                return action(now);
            }
        }

        public void Sync(Action<DateTimeOffset> action) => Sync<object?>(now => { action(now); return null; });

        /// <summary>Moves virtual time forward and runs every event that falls due on the way, each at its own time.</summary>
        public DateTimeOffset Advance(TimeSpan by)
        {
            lock (Gate)
            {
                Scheduler.RunDue(Clock.Now);
                Clock.Advance(by);
                var now = Clock.Now;
                Scheduler.RunDue(now);
                return now;
            }
        }

        /// <summary>In scaled mode, keeps events (state transitions, cron firings) happening with no request coming in.</summary>
        private async Task PumpAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                var wait = TimeSpan.FromMilliseconds(50);
                try
                {
                    lock (Gate)
                    {
                        var now = Clock.Now;
                        Scheduler.RunDue(now);
                        var next = Scheduler.NextDue;
                        if (next != null)
                        {
                            var real = Clock.SourceTimeFor(next.Value - now);
                            if (real != null && real.Value < wait) wait = real.Value < TimeSpan.FromMilliseconds(1)
                                ? TimeSpan.FromMilliseconds(1) : real.Value;
                        }
                    }
                    Pumped?.Invoke();
                    await Task.Delay(wait, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception ex)
                {
                    Console.Error.WriteLine("emulator: an event failed: " + ex);
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            try { _pump.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
            _stop.Dispose();
        }
    }
}
