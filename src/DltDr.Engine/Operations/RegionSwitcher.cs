using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Output;
using DltDr.Engine.Databricks;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;

namespace DltDr.Engine.Operations
{
    /// <summary>
    /// Runs the steps of <see cref="SwitchSteps.All"/> (<see cref="SwitchOptions.Steps"/>) for one pair, as a controller does: in order,
    /// each when it applies to what the switch has observed; each announced, timed and recorded; a
    /// step's failure handled as the step says (it stops the switch, or becomes a follow-up or a
    /// pending demotion, after as many attempts as it allows). After the final read, the steps that
    /// still find something to change run once more (another operator's change met midway), at most
    /// <see cref="MaxPasses"/> times in all; a switch that lost the pair to another operator puts
    /// back what it changed (<see cref="SwitchSteps.PutBackStep"/>). The steps decide what they find
    /// and do; this only runs the list.
    /// </summary>
    public sealed class RegionSwitcher
    {
        /// <summary>Passes over the step list at most: the first, and two to act on what the final reads found.</summary>
        public const int MaxPasses = 3;

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
                for (run.Pass = 1; ; run.Pass++)
                {
                    foreach (var step in _options.Steps)
                    {
                        if (step == SwitchSteps.Verify) await run.JoinBackgroundAsync().ConfigureAwait(false);
                        if (!(run.Pass == 1 ? step.Applies(run) : StillToDo(run, step))) continue;
                        if (step.Background) run.AddBackground(RunStepAsync(run, step, cancel));
                        else await RunStepAsync(run, step, cancel).ConfigureAwait(false);
                    }
                    if (run.Lost != null || run.Pass == MaxPasses
                        || !_options.Steps.Any(s => s != SwitchSteps.Verify && StillToDo(run, s))) break;
                }
                await run.JoinBackgroundAsync().ConfigureAwait(false);
                if (SwitchSteps.PutBackStep.Applies(run)) await RunStepAsync(run, SwitchSteps.PutBackStep, cancel).ConfigureAwait(false);
            }
            catch
            {
                // Nothing of this switch is left running when it ends.
                await run.JoinBackgroundAsync().ConfigureAwait(false);
                throw;
            }
            SwitchSteps.Answer(run);
            return run.Result!;
        }

        /// <summary>
        /// Whether a step runs in a pass after the first: it applies, still has something to change by
        /// what was last read, and did not already fail in this switch (a failure's follow-up or
        /// pending demotion is left to a rerun).
        /// </summary>
        private static bool StillToDo(SwitchRun run, SwitchStep step)
            => step.Applies(run) && step.HasWork(run) && !run.Records.Any(r => r.Step == step.Id && r.Failed);

        private static async Task RunStepAsync(SwitchRun run, SwitchStep step, CancellationToken cancel)
        {
            var region = run.RegionOf(step);
            var watch = run.Session.Clock.StartWatch();
            var slot = run.TakeSlot();
            run.Progress?.Report($"{run.Label(region)}: {step.Title}");
            StepOutcome outcome;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    outcome = await step.Run(run, attempt > 1, cancel).ConfigureAwait(false);
                    break;
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    // A step that does not stop the switch is tried again (its write is idempotent and
                    // reads afresh): the transport does not repeat a write whose outcome it does not know.
                    var tolerated = step.OnFailure != StepFailure.Stops && (ex is DatabricksApiException || ex is DrOperationException);
                    if (tolerated && attempt < step.Attempts) continue;
                    run.Record(step, region, "failed: " + ex.Message, watch.Elapsed, wrote: false, slot, failed: true);
                    if (!tolerated) throw;
                    var why = step.Failure?.Invoke(run, ex) ?? ex.Message;
                    if (step.OnFailure == StepFailure.FollowUp) run.Result!.AddFollowUp(why);
                    else run.Pending(why);
                    return;
                }
            }
            if (!outcome.Skipped) run.Record(step, region, outcome.Text, watch.Elapsed, outcome.Wrote, slot);
            if (step == SwitchSteps.Verify) run.VerifiedAt = run.Records.Count;
        }
    }
}
