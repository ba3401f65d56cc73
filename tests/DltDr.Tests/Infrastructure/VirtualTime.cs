using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Emulator.Simulation;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>
    /// One time source for a test, shared by the emulated workspaces and the module under test: time
    /// stands still while anything is being answered, and jumps to the next timer (a poll, a retry, a
    /// pace, a timeout) once every call in flight is held by the emulator (a hang) or none is. So a
    /// failover that waits minutes of its own time takes milliseconds, and a slow machine only takes
    /// longer: what happens, and in which order, is the same.
    /// <para>
    /// How it knows nothing is being worked on: every call of the module goes through <see cref="Wrap"/>,
    /// which hands the answer back on this clock's own thread; the module's code then runs on that
    /// thread until it waits again (timers fire there too, and the engine's waits continue where they
    /// fire). Work of the module that runs on another thread is counted while it runs: the flows this
    /// clock follows (work begun by <see cref="Start"/>, or a test's own flow after <see cref="Follow"/>)
    /// carry a mark in their execution context, and a thread entering or leaving a marked context is
    /// told so by .NET (an <see cref="AsyncLocal{T}"/> change). Work queued for the thread pool and not
    /// yet begun is seen in the pool's queue. No sleeping, no guessing from how long a queue stayed empty.
    /// </para>
    /// </summary>
    public sealed class VirtualTime : TimeProvider, IHeldRequests, IDisposable
    {
        /// <summary>The clock whose flow a thread is in; each change of a thread's context is counted below.</summary>
        private static readonly AsyncLocal<VirtualTime?> Following = new AsyncLocal<VirtualTime?>(OnFlowChanged);

        /// <summary>The clock a thread is counted as running for, so entering and leaving stay balanced.</summary>
        [ThreadStatic]
        private static VirtualTime? t_countedFor;

        /// <summary>How long followed work may run without waiting before the clock says a test blocks inside it.</summary>
        private static readonly TimeSpan BlockedReport = TimeSpan.FromSeconds(30);

        private readonly object _sync = new object();
        private readonly object _firing = new object();
        private readonly SortedSet<Timer> _timers = new SortedSet<Timer>();
        private readonly Queue<Action> _deliveries = new Queue<Action>();
        private readonly HashSet<string> _inFlight = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _held = new HashSet<string>(StringComparer.Ordinal);
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);
        private readonly List<TaskCompletionSource<bool>> _heldWaiters = new List<TaskCompletionSource<bool>>();
        private readonly DateTimeOffset _origin;
        private readonly Thread _advancer;
        private long _elapsedTicks;
        private long _sequence;
        private long _calls;
        private int _frozen;
        private int _running;
        private int _blockedSaid;
        private long _idleLooks;
        private volatile bool _disposed;

        public VirtualTime(DateTimeOffset origin)
        {
            _origin = origin;
            _advancer = new Thread(Run) { IsBackground = true, Name = "VirtualTime" };
            _advancer.Start();
        }

        /// <summary>Something outside that must settle before answers are handed on (the emulator closing a listener).</summary>
        public Func<bool>? Busy { get; set; }

        /// <summary>How far time has moved since the start.</summary>
        public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _elapsedTicks));

        public override DateTimeOffset GetUtcNow() => _origin + Elapsed;

        public override long GetTimestamp() => Interlocked.Read(ref _elapsedTicks);

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new Timer(this, callback, state, period);
            timer.Change(dueTime, period);
            return timer;
        }

        /// <summary>The timers waiting, for a test's own checks.</summary>
        public int PendingTimers
        {
            get { lock (_sync) return _timers.Count; }
        }

        /// <summary>
        /// Moves time on by <paramref name="by"/> from the test, firing every timer that falls due on
        /// the way at its own time, as if that much time had passed with nothing else happening.
        /// </summary>
        public void Advance(TimeSpan by)
        {
            if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), "Time only moves forward.");
            lock (_firing)
            {
                var target = Interlocked.Read(ref _elapsedTicks) + by.Ticks;
                while (true)
                {
                    Timer? next;
                    lock (_sync) next = _timers.Count > 0 && _timers.Min!.Due <= target ? _timers.Min : null;
                    if (next == null) break;
                    Fire(next);
                }
                MoveTo(target);
            }
        }

        /// <summary>
        /// Runs <paramref name="start"/> on this clock's thread, as a delivery: time does not move
        /// until it returns (a command's start creates its first timeouts before its first call is in
        /// flight; started elsewhere, a busy machine could let time jump past them first).
        /// </summary>
        public Task Start(Action start)
        {
            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_sync)
            {
                _deliveries.Enqueue(() =>
                {
                    // The work and every continuation it leaves carry this clock's mark.
                    Following.Value = this;
                    try
                    {
                        start();
                        done.TrySetResult(true);
                    }
                    catch (Exception ex)
                    {
                        done.TrySetException(ex);
                    }
                    finally
                    {
                        Following.Value = null;
                    }
                });
            }
            _wake.Set();
            return done.Task;
        }

        /// <summary>
        /// Marks the calling flow (a test method that drives the module's engine itself) as one this
        /// clock follows: from here on, time does not move while its code runs on any thread, only
        /// while it waits. Such a flow must not block a thread on the module's work (it would hold time
        /// still); a command run through a PowerShell session is followed through <see cref="Start"/>.
        /// </summary>
        public void Follow() => Following.Value = this;

        /// <summary>
        /// Takes the calling thread out of any followed flow until disposed: for a helper that blocks
        /// the thread on a command (a PowerShell session's Run), which is waiting, not work.
        /// </summary>
        public static IDisposable NotFollowed()
        {
            var was = Following.Value;
            if (was == null) return NoScope.Instance;
            Following.Value = null;
            return new Refollow(was);
        }

        /// <summary>How many times the clock found nothing in flight and timers waiting, and looked whether it may move (for a test).</summary>
        public long IdleLooks => Interlocked.Read(ref _idleLooks);

        /// <summary>The followed code running at this moment, on any thread (for a test's own checks).</summary>
        public int Running => Volatile.Read(ref _running);

        /// <summary>
        /// A thread entered or left a context: counted for the clock it is in. Set directly (a flow
        /// marking itself) counts too: the thread that sets it runs on in it.
        /// </summary>
        private static void OnFlowChanged(AsyncLocalValueChangedArgs<VirtualTime?> change)
        {
            var now = change.CurrentValue;
            var was = t_countedFor;
            if (ReferenceEquals(was, now)) return;
            t_countedFor = now;
            if (was != null)
            {
                Interlocked.Decrement(ref was._running);
                if (!was._disposed) was._wake.Set();
            }
            if (now != null) Interlocked.Increment(ref now._running);
        }

        /// <summary>Holds time where it is until the answer is disposed (for a test that acts at one instant).</summary>
        public IDisposable Freeze()
        {
            Interlocked.Increment(ref _frozen);
            return new Thaw(this);
        }

        /// <summary>An HTTP handler for the module's calls: it names each call and hands its answer back on this clock's thread.</summary>
        public HttpMessageHandler Wrap(HttpMessageHandler inner) => new Handler(this, inner, onThisThread: true);

        /// <summary>
        /// An HTTP handler for a test's own calls: known while in flight (so a hang it makes is
        /// known as one), answered on the thread pool, since a test may block on what comes next.
        /// </summary>
        public HttpMessageHandler WrapForTest(HttpMessageHandler inner) => new Handler(this, inner, onThisThread: false);

        /// <summary>Completes once a call of the module is held by the emulator (a hang), at once if one is.</summary>
        public Task WhenHeldAsync()
        {
            lock (_sync)
            {
                if (_held.Count > 0) return Task.CompletedTask;
                var waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                _heldWaiters.Add(waiter);
                return waiter.Task;
            }
        }

        void IHeldRequests.Holding(string? callId)
        {
            if (callId == null) return;
            List<TaskCompletionSource<bool>> waiters;
            lock (_sync)
            {
                _held.Add(callId);
                waiters = _heldWaiters.ToList();
                _heldWaiters.Clear();
            }
            foreach (var w in waiters) w.TrySetResult(true);
            _wake.Set();
        }

        void IHeldRequests.Released(string? callId) => Unhold(callId);

        private void Unhold(string? callId)
        {
            if (callId == null) return;
            lock (_sync) _held.Remove(callId);
            _wake.Set();
        }

        /// <summary>True on a virtual time's own thread, where a test must not block (what it waits for runs there).</summary>
        public static bool OnClockThread => t_clockThread;

        [ThreadStatic]
        private static bool t_clockThread;

        private void Run()
        {
            t_clockThread = true;
            long? blockedSince = null;
            while (!_disposed)
            {
                if (Busy?.Invoke() == true)
                {
                    _wake.WaitOne(1);
                    continue;
                }
                Action? delivery = null;
                lock (_sync)
                {
                    if (_deliveries.Count > 0) delivery = _deliveries.Dequeue();
                }
                if (delivery != null)
                {
                    delivery();
                    continue;
                }
                var idle = Idle();
                if (idle) Interlocked.Increment(ref _idleLooks);
                if (idle && Settled(ref blockedSince))
                {
                    lock (_firing)
                    {
                        Timer? next;
                        lock (_sync) next = Idle() && _timers.Count > 0 ? _timers.Min : null;
                        if (next != null)
                        {
                            Fire(next);
                            continue;
                        }
                    }
                }
                _wake.WaitOne(5);
            }
        }

        /// <summary>Nothing to hand on, timers waiting, and every call in flight held by the emulator.</summary>
        private bool Idle()
        {
            lock (_sync)
            {
                return _frozen == 0 && _deliveries.Count == 0 && _timers.Count > 0 && _inFlight.All(_held.Contains);
            }
        }

        /// <summary>
        /// No followed code runs on any thread, and nothing is queued for the thread pool (work a
        /// followed flow queued and no thread has begun). Followed code that runs for long without
        /// waiting is a test blocking a thread inside a followed flow: said once on the error stream,
        /// after which it no longer holds time still, so the test ends (and fails) instead of hanging.
        /// </summary>
        private bool Settled(ref long? blockedSince)
        {
            if (ThreadPool.PendingWorkItemCount > 0) return false;
            if (Volatile.Read(ref _running) == 0)
            {
                blockedSince = null;
                return true;
            }
            var now = global::System.Diagnostics.Stopwatch.GetTimestamp();
            blockedSince ??= now;
            if (global::System.Diagnostics.Stopwatch.GetElapsedTime(blockedSince.Value, now) < BlockedReport) return false;
            if (Interlocked.Exchange(ref _blockedSaid, 1) == 0)
            {
                Console.Error.WriteLine($"VirtualTime: followed code has run {BlockedReport.TotalSeconds:0} s without waiting: a test blocks a "
                    + "thread inside a flow this clock follows; time moves on regardless from here.");
            }
            return true;
        }

        private void Fire(Timer timer)
        {
            lock (_sync)
            {
                if (!_timers.Remove(timer)) return;
            }
            MoveTo(timer.Due);
            timer.Invoke();
        }

        private void MoveTo(long ticks)
        {
            long seen;
            do
            {
                seen = Interlocked.Read(ref _elapsedTicks);
                if (ticks <= seen) return;
            }
            while (Interlocked.CompareExchange(ref _elapsedTicks, ticks, seen) != seen);
        }

        private void Schedule(Timer timer, long due)
        {
            lock (_sync)
            {
                _timers.Remove(timer);
                timer.Due = due;
                timer.Sequence = ++_sequence;
                _timers.Add(timer);
            }
            _wake.Set();
        }

        private void Cancel(Timer timer)
        {
            lock (_sync) _timers.Remove(timer);
        }

        private string Sent()
        {
            var id = "vt-" + Interlocked.Increment(ref _calls).ToString(global::System.Globalization.CultureInfo.InvariantCulture);
            lock (_sync) _inFlight.Add(id);
            return id;
        }

        /// <summary>Hands the outcome of a call back on this clock's thread, where the caller's code then runs until it waits again.</summary>
        private Task<HttpResponseMessage> Deliver(string id, HttpResponseMessage? response, Exception? error, bool onThisThread)
        {
            var done = new TaskCompletionSource<HttpResponseMessage>(onThisThread ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_sync)
            {
                _deliveries.Enqueue(() =>
                {
                    lock (_sync)
                    {
                        _inFlight.Remove(id);
                        _held.Remove(id);
                    }
                    if (error != null) done.TrySetException(error);
                    else done.TrySetResult(response!);
                });
            }
            _wake.Set();
            return done.Task;
        }

        public void Dispose()
        {
            _disposed = true;
            _wake.Set();
            // A test whose last await continued on the clock's own thread ends there: no join then.
            if (Thread.CurrentThread != _advancer) _advancer.Join(TimeSpan.FromSeconds(5));
            // The wake event is left to the collector: a flow of the test may still end after this.
        }

        private sealed class NoScope : IDisposable
        {
            public static readonly NoScope Instance = new NoScope();

            public void Dispose()
            {
            }
        }

        private sealed class Refollow : IDisposable
        {
            private readonly VirtualTime _time;

            public Refollow(VirtualTime time) => _time = time;

            public void Dispose() => Following.Value = _time;
        }

        private sealed class Thaw : IDisposable
        {
            private VirtualTime? _time;

            public Thaw(VirtualTime time) => _time = time;

            public void Dispose()
            {
                var t = Interlocked.Exchange(ref _time, null);
                if (t == null) return;
                Interlocked.Decrement(ref t._frozen);
                t._wake.Set();
            }
        }

        private sealed class Handler : DelegatingHandler
        {
            private readonly VirtualTime _time;
            private readonly bool _onThisThread;

            public Handler(VirtualTime time, HttpMessageHandler inner, bool onThisThread) : base(inner)
            {
                _time = time;
                _onThisThread = onThisThread;
            }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancel)
            {
                var id = _time.Sent();
                request.Headers.TryAddWithoutValidation(EmulatorHeaders.CallId, id);
                // A call cancelled (its timeout, Ctrl+C) is no longer held: its end is on its way.
                using var cancelled = cancel.Register(() => _time.Unhold(id));
                HttpResponseMessage? response = null;
                Exception? error = null;
                try
                {
                    response = await base.SendAsync(request, cancel).ConfigureAwait(false);
                    if (response.Content != null) await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    error = ex;
                }
                return await _time.Deliver(id, response, error, _onThisThread).ConfigureAwait(false);
            }
        }

        private sealed class Timer : ITimer, IComparable<Timer>
        {
            private readonly VirtualTime _time;
            private readonly TimerCallback _callback;
            private readonly object? _state;
            private TimeSpan _period;
            private bool _disposed;

            public Timer(VirtualTime time, TimerCallback callback, object? state, TimeSpan period)
            {
                _time = time;
                _callback = callback;
                _state = state;
                _period = period;
            }

            public long Due { get; set; }
            public long Sequence { get; set; }

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                if (_disposed) return false;
                _period = period;
                if (dueTime == Timeout.InfiniteTimeSpan) _time.Cancel(this);
                else _time.Schedule(this, _time.GetTimestamp() + Math.Max(0, dueTime.Ticks));
                return true;
            }

            public void Invoke()
            {
                if (_disposed) return;
                if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan) _time.Schedule(this, Due + _period.Ticks);
                _callback(_state);
            }

            public void Dispose()
            {
                _disposed = true;
                _time.Cancel(this);
            }

            public ValueTask DisposeAsync()
            {
                Dispose();
                return default;
            }

            public int CompareTo(Timer? other)
            {
                if (other == null) return 1;
                var c = Due.CompareTo(other.Due);
                return c != 0 ? c : Sequence.CompareTo(other.Sequence);
            }
        }
    }
}
