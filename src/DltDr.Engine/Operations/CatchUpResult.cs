using System;
using DltDr.Engine.Pairs;

namespace DltDr.Engine.Operations
{
    /// <summary>A catch-up run of a standby region: which run, how it ended (when waited for) and how long it took.</summary>
    public sealed class CatchUpResult : IPairResult
    {
        internal CatchUpResult(PairDefinition pair, Region region, long jobId, long runId)
        {
            Pair = pair.Name;
            _definition = pair;
            Region = region;
            JobId = jobId;
            RunId = runId;
        }

        private readonly PairDefinition _definition;

        PairDefinition IPairResult.GetDefinition() => _definition;

        public string Pair { get; }
        public Region Region { get; }
        public long JobId { get; }
        public long RunId { get; }

        /// <summary>True when the run was already going and this command followed it instead of starting another.</summary>
        public bool AlreadyRunning { get; internal set; }

        /// <summary>
        /// True when a rerun within <see cref="CatchUpRunner.RerunWindow"/> found that the run an
        /// earlier invocation started already succeeded: it answers with that run and starts none.
        /// (One that ended without success is not repeated: a new run is started.)
        /// </summary>
        public bool AlreadySucceeded { get; internal set; }

        /// <summary>The run's life cycle state when the command returned (TERMINATED when waited for).</summary>
        public string? State { get; internal set; }

        /// <summary>SUCCESS, FAILED, CANCELED, ... once the run ended.</summary>
        public string? Result { get; internal set; }

        public string? Message { get; internal set; }
        public string? UpdateId { get; internal set; }
        public string? RunPageUrl { get; internal set; }
        public DateTimeOffset? Started { get; internal set; }
        public DateTimeOffset? Ended { get; internal set; }

        /// <summary>From the run's start to its end, on the service's clock.</summary>
        public TimeSpan? Duration => Started != null && Ended != null ? Ended - Started : null;

        public bool Succeeded => Result == "SUCCESS";
    }
}
