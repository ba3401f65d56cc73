using System;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;

namespace DltDr.Engine.Operations
{
    /// <summary>
    /// Runs the steps of <see cref="SwitchSteps.All"/> for one pair, in order: each is announced,
    /// timed and recorded; a step marked to run in the background runs alongside the steps after
    /// it and is waited for before verify (or before the switch ends, however it ends). The steps
    /// themselves decide what they find and do; this only runs the list.
    /// </summary>
    public sealed class RegionSwitcher
    {
        private readonly PairDefinition _pair;
        private readonly DrSession _session;
        private readonly SwitchOptions _options;
        private readonly IProgress<string>? _progress;

        public RegionSwitcher(PairDefinition pair, DrSession session, SwitchOptions options, IProgress<string>? progress)
        {
            _pair = pair;
            _session = session;
            _options = options;
            _progress = progress;
        }

        /// <summary>The switch as it goes: the steps done so far (after a stop, what it left).</summary>
        public SwitchRun? Run { get; private set; }

        public async Task<SwitchResult> SwitchAsync(Region target, CancellationToken cancel)
        {
            var run = new SwitchRun(_pair, target, _session, _options, _progress);
            Run = run;
            try
            {
                foreach (var step in SwitchSteps.All)
                {
                    if (step == SwitchSteps.Verify) await run.JoinBackgroundAsync().ConfigureAwait(false);
                    if (step.Background) run.AddBackground(RunStepAsync(run, step, cancel));
                    else await RunStepAsync(run, step, cancel).ConfigureAwait(false);
                }
            }
            catch
            {
                // Nothing of this switch is left running when it ends.
                await run.JoinBackgroundAsync().ConfigureAwait(false);
                throw;
            }
            return run.Result!;
        }

        private static async Task RunStepAsync(SwitchRun run, SwitchStep step, CancellationToken cancel)
        {
            var region = run.RegionOf(step);
            var watch = run.Session.Clock.StartWatch();
            var slot = run.TakeSlot();
            run.Progress?.Report($"{run.Label(region)}: {step.Title}");
            StepOutcome outcome;
            try
            {
                outcome = await step.Run(run, cancel).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                run.Record(step, region, "failed: " + ex.Message, watch.Elapsed, wrote: false, slot);
                throw;
            }
            if (!outcome.Skipped) run.Record(step, region, outcome.Text, watch.Elapsed, outcome.Wrote, slot);
        }
    }
}
