using System;
using System.Linq;
using System.Management.Automation;
using DltDr.Engine.Operations;
using DltDr.Engine.Pairs;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Set-DltDrActiveRegion: makes a region active and the other standby, promote before demote,
    /// measuring the time to the new active pipeline running. -Unplanned fails over with the other
    /// region unreachable, leaving it pending demotion; -Force only skips the confirmation.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "DltDrActiveRegion", DefaultParameterSetName = ByPair, SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(SwitchResult))]
    public sealed class SetDltDrActiveRegionCommand : PairCmdlet
    {
        /// <summary>The region to make active.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        public Region Region { get; set; }

        /// <summary>Fail over even if the other region cannot be reached (an unplanned failover); it is demoted by a later run.</summary>
        [Parameter]
        public SwitchParameter Unplanned { get; set; }

        /// <summary>Do not ask for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Do not wait for the new active pipeline to run before demoting the other region.</summary>
        [Parameter]
        public SwitchParameter NoWait { get; set; }

        /// <summary>
        /// First fail over the account failover group the pairs follow (their group file's
        /// failoverGroup) to the region, and wait until it is ACTIVE there; then switch the pipelines.
        /// </summary>
        [Parameter]
        public SwitchParameter FailoverGroup { get; set; }

        /// <summary>How long to wait for the new active pipeline to run, and for the old one to stop.</summary>
        [Parameter]
        [ValidateRange(1, 1440)]
        public int TimeoutMinutes { get; set; } = 20;

        protected override void ProcessPairs()
        {
            // The order: a pair after the pairs it depends on; unknown names and cycles switch nothing.
            SwitchOrder order;
            try
            {
                order = SwitchCommand.Order(Pairs, TryReadFromStore);
            }
            catch (PairDefinitionException ex)
            {
                WriteError(ErrorMapping.ToRecord(ex, Group.Length > 0 ? Group : string.Join(", ", Pairs.Select(p => p.Name))));
                return;
            }
            var options =
                new SwitchOptions { Unplanned = Unplanned.IsPresent, NoWait = NoWait.IsPresent,
                    WaitTimeout = TimeSpan.FromMinutes(TimeoutMinutes) };
            if (FailoverGroup.IsPresent)
            {
                if (!(MoveFailoverGroup(order) is FollowedFailoverGroup followed)) return;
                options.Following = order.Ordered.ToDictionary(p => p.Name, _ => followed, StringComparer.OrdinalIgnoreCase);
            }
            var command = new SwitchCommand(Session, Region, options) { ThrottleLimit = ThrottleLimit };
            var approved = order.Ordered.Where(p => ShouldProcess(p.Name, command.Describe(order, p), Force.IsPresent)).ToList();
            Queue.Run(() => command.RunAsync(order, approved, new QueueOutput(this, Queue), Cancel), Cancel);
        }

        /// <summary>
        /// -FailoverGroup's first part: the account failover group to the region, waited for until
        /// ACTIVE, and what the pipelines then follow. Null when they must not move (refused, failed,
        /// declined); under -WhatIf it says what it would do and the pipelines' part is said too.
        /// </summary>
        private FollowedFailoverGroup? MoveFailoverGroup(SwitchOrder order)
        {
            var target = Group.Length > 0 ? Group : string.Join(", ", Pairs.Select(p => p.Name));
            try
            {
                var move = new FailoverGroupMove(Session, FailoverGroupMove.CommonLink(order.Ordered.ToList()), Region);
                if (!ShouldProcess(move.Link.ToString(), move.Describe(), Force.IsPresent))
                {
                    return WhatIfRequested ? new FollowedFailoverGroup(move.Link.Id, move.TargetRegion, null) : null;
                }
                var progress = NewProgress(Queue, $"Failover group {move.Link.Id}");
                try
                {
                    var moved = Queue.Run(() => move.RunAsync(TimeSpan.FromMinutes(TimeoutMinutes), progress, Cancel), Cancel);
                    return FollowedFailoverGroup.Of(move.Link.Id, moved);
                }
                finally
                {
                    progress.Complete();
                }
            }
            catch (Exception ex) when (ex is Engine.IDrError)
            {
                WriteError(ErrorMapping.ToRecord(ex, target));
                return null;
            }
        }
    }
}
