using System;

namespace DltDr.Engine.Operations
{
    public sealed class SwitchOptions
    {
        /// <summary>Fail over even when the other region cannot be reached (an unplanned failover).</summary>
        public bool Unplanned { get; set; }

        /// <summary>Do not wait for the promoted pipeline to reach RUNNING before demoting the other region.</summary>
        public bool NoWait { get; set; }

        /// <summary>How long to wait for RUNNING, and then for the demoted pipeline to reach IDLE.</summary>
        public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromMinutes(20);

        /// <summary>The account failover group each pair follows in this switch, by pair name; the history names it.</summary>
        public System.Collections.Generic.IReadOnlyDictionary<string, FollowedFailoverGroup>? Following { get; set; }

        /// <summary>These options with some changed: every other field carried as it is.</summary>
        internal SwitchOptions With(bool? unplanned = null, bool? noWait = null,
            System.Collections.Generic.IReadOnlyDictionary<string, FollowedFailoverGroup>? following = null)
        {
            var copy = (SwitchOptions)MemberwiseClone();
            copy.Unplanned = unplanned ?? Unplanned;
            copy.NoWait = noWait ?? NoWait;
            copy.Following = following ?? Following;
            return copy;
        }

        /// <summary>
        /// The steps the runner goes through, in order: the plan's (<see cref="SwitchSteps.All"/>). A
        /// test reorders them to show each step decides from what the switch observed, not from its place.
        /// </summary>
        internal System.Collections.Generic.IReadOnlyList<SwitchStep> Steps { get; set; } = SwitchSteps.All;
    }
}
