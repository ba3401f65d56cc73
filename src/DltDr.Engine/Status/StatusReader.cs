using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Deployment;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;

namespace DltDr.Engine.Status
{
    /// <summary>
    /// Reads both regions of a pair at once, each bounded in time, and judges the pair: which region
    /// is active and every problem named in the DR semantics. Reads only.
    /// </summary>
    public sealed class StatusReader
    {
        private readonly PairDefinition _pair;
        private readonly DrSession _session;
        private readonly StatusOptions _options;

        public StatusReader(PairDefinition pair, DrSession session, StatusOptions options)
        {
            _pair = pair;
            _session = session;
            _options = options;
        }

        public async Task<PairStatus> ReadAsync(CancellationToken cancel)
        {
            var reads = await RegionReader.ReadBothAsync(r => RegionReader.ReadAsync(_pair, r, _session, cancel)).ConfigureAwait(false);
            return Judge(_pair, reads[0].Status, reads[1].Status, _options, _session.Clock.UtcNow);
        }

        /// <summary>
        /// The pair's active region and problems, from its two regions as read, by the rules of <see cref="StatusRules"/>.
        /// </summary>
        /// <param name="localNow">The local time, used only when no workspace answered with its own.</param>
        public static PairStatus Judge(PairDefinition pair, RegionStatus primary, RegionStatus secondary, StatusOptions options,
            DateTimeOffset localNow)
        {
            var now = new[] { primary.ServiceNow,
                secondary.ServiceNow }.Where(t => t != null).Select(t => t!.Value).DefaultIfEmpty(localNow).Max();
            var judgement = new Judgement(pair, primary, secondary, options, now);
            return new PairStatus(pair, judgement.Active, primary, secondary, StatusRules.Apply(judgement), now, judgement.Lag)
            {
                FailoverGroup = judgement.FailoverGroupInfo,
            };
        }

        /// <summary>When both are continuous, the one promoted last is intended; the other is pending demotion.</summary>
        public static (RegionStatus? Intended, RegionStatus? Pending) PendingDemotion(RegionStatus p, RegionStatus s)
            => Markers.LastPromoted(p.PromotedAt, s.PromotedAt) switch
            {
                Region.Primary => (p, s),
                Region.Secondary => (s, p),
                _ => (null, null),
            };
    }
}
