using System;
using DltDr.Engine.Time;

namespace DltDr.Engine.Databricks
{
    /// <summary>
    /// What one command has learned about a workspace host: once it refused connections (after a
    /// short retry) or did not answer in time, every later call gets that verdict at once instead of
    /// paying the wait again. An answer from the host clears a timeout; a refused host stays judged.
    /// The verdict lives as long as the transport, which is one command.
    /// </summary>
    public sealed class HostReachability
    {
        private readonly object _sync = new object();
        private string? _unreachable;
        private string? _hung;
        private bool _suspect;
        private readonly Clock _clock;
        private long? _lastAnswer;

        public HostReachability(Clock clock) => _clock = clock;

        /// <summary>Why the host is judged unreachable or hung; null while calls may go to it.</summary>
        public string? Reason
        {
            get { lock (_sync) return _unreachable ?? _hung; }
        }

        /// <summary>The code of the verdict: UNREACHABLE for a refused host, TIMEOUT for a hung one.</summary>
        public string? ErrorCode
        {
            get { lock (_sync) return _unreachable != null ? TransportErrorCodes.Unreachable : _hung != null ? TransportErrorCodes.Timeout
                : null; }
        }

        /// <summary>How long ago the host last answered anything in this command; null when it never did.</summary>
        public TimeSpan? SinceLastAnswer
        {
            get { lock (_sync) return _lastAnswer is long t ? _clock.GetElapsedTime(t) : (TimeSpan?)null; }
        }

        /// <summary>True after one call timed out: the next attempts are probes with a short timeout.</summary>
        public bool Suspect
        {
            get { lock (_sync) return _suspect; }
        }

        /// <summary>Connections to the host were refused or its name did not resolve, after the short retry.</summary>
        public void Unreachable(string why)
        {
            lock (_sync) _unreachable ??= why;
        }

        /// <summary>
        /// A call got no answer within its timeout (<paramref name="window"/>): the host is suspect, and
        /// a second timeout judges it hung. A read that times out while nothing at all came back from
        /// the host in that time judges it hung at once, so a hung region costs one timeout per
        /// command; a write's answer may be the one thing lost, so it only makes the host suspect.
        /// </summary>
        public void TimedOut(TimeSpan window, bool read, string why)
        {
            lock (_sync)
            {
                var silent = _lastAnswer == null || _clock.GetElapsedTime(_lastAnswer.Value) >= window;
                if (_suspect || (read && silent)) _hung ??= why;
                _suspect = true;
            }
        }

        /// <summary>The host answered: a timeout before was one slow call, not a hung host.</summary>
        public void Answered()
        {
            lock (_sync)
            {
                _suspect = false;
                _hung = null;
                _lastAnswer = _clock.GetTimestamp();
            }
        }
    }
}
