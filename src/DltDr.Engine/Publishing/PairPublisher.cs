using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Databricks;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Deployment;
using DltDr.Engine.Pairs;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Publishing
{
    /// <summary>
    /// Publishes a pair into one region: finds what DltDr deployed there before (by its marker
    /// tag), plans the changes field by field, and applies only those. Reads before it writes, so
    /// running it again after any interruption converges, and an unchanged definition writes nothing.
    /// </summary>
    public sealed class PairPublisher
    {
        private static readonly string[] RunningStates = { PipelineStates.Deploying, PipelineStates.Starting, PipelineStates.Running,
            PipelineStates.Recovering, PipelineStates.Resetting };
        private readonly PairDefinition _pair;
        private readonly WorkspaceClient _client;
        private readonly Region _region;
        private readonly bool _adopt;

        public PairPublisher(PairDefinition pair, Region region, WorkspaceClient client, bool adopt)
        {
            _pair = pair;
            _region = region;
            _client = client;
            _adopt = adopt;
        }

        /// <summary>
        /// The region's pipeline and catch-up job: the ones carrying this pair's marker, or (with adopt) unmarked ones of the same name.
        /// </summary>
        public Task<RegionState> DiscoverAsync(CancellationToken cancel)
            => new PairLocator(_pair, _region, _client).FindAsync(_adopt ? Ownership.Adopt : Ownership.Strict, cancel);

        private string Where => PairLocator.Where(_region, _client);

        /// <summary>Plans the region's changes; no write.</summary>
        public async Task<RegionPlan> PlanAsync(RegionState state, bool active, CancellationToken cancel)
        {
            var desired = DesiredState.Pipeline(_pair, _region, active);
            var plan = new RegionPlan(_region, _client.Host, active, state, desired);

            // Notebooks: import only where the content differs.
            var folder = await _client.Workspace.GetStatusAsync(_pair.Notebooks.WorkspaceDirectory, cancel).ConfigureAwait(false);
            if (folder == null)
            {
                plan.CreateFolder = true;
                plan.Resources.Add(new ResourcePlan("Folder", _pair.Notebooks.WorkspaceDirectory, PlanAction.Create));
            }
            foreach (var nb in _pair.Notebooks.Load())
            {
                var kind = nb.IsNotebook ? "Notebook" : "File";
                var local = File.ReadAllBytes(nb.LocalPath);
                var status = folder == null ? null : await _client.Workspace.GetStatusAsync(nb.WorkspacePath, cancel).ConfigureAwait(false);
                if (status == null)
                {
                    plan.NotebooksToImport.Add(nb);
                    plan.Resources.Add(new ResourcePlan(kind, nb.WorkspacePath, PlanAction.Create));
                    continue;
                }
                bool same;
                if (nb.IsNotebook)
                {
                    var remote = await _client.Workspace.ExportSourceAsync(nb.WorkspacePath, cancel).ConfigureAwait(false);
                    same = string.Equals(status.ObjectType, "NOTEBOOK", StringComparison.OrdinalIgnoreCase)
                        && string.Equals(status.Language, nb.Language, StringComparison.OrdinalIgnoreCase)
                        && NotebookText(remote, nb.Language!) == NotebookText(local, nb.Language!);
                }
                else
                {
                    // A workspace file is its bytes: compared exactly.
                    var remote = string.Equals(status.ObjectType, "FILE", StringComparison.OrdinalIgnoreCase)
                        ? await _client.Workspace.ReadFileAsync(nb.WorkspacePath, cancel).ConfigureAwait(false)
                        : null;
                    same = remote != null && remote.SequenceEqual(local);
                }
                if (!same) plan.NotebooksToImport.Add(nb);
                plan.Resources.Add(new ResourcePlan(kind, nb.WorkspacePath, same ? PlanAction.None : PlanAction.Update,
                    note: same ? null : "content changed"));
            }

            // The pipeline.
            var pipelineName = _pair.PipelineName;
            string? adoptedAsItRuns = null;
            if (state.Pipeline == null)
            {
                plan.Resources.Add(new ResourcePlan("Pipeline", pipelineName, PlanAction.Create,
                    desired.Properties().Select(p => new FieldChange(p.Name, null, p.Value)).ToList(),
                    active ? "created continuous: the service starts it"
                        : "created triggered: its first catch-up processes all the data from the start (a full backfill), which may "
                            + "take long"));
            }
            else
            {
                var current = ApiJson.Write(state.Pipeline.Spec ?? new PipelineSettings());
                var storage = (string?)current["storage"];
                if (storage != null && desired["storage"] != null && storage != (string?)desired["storage"])
                {
                    throw new PublishConflictException("ImmutableField",
                        $"{Where}: the pipeline '{pipelineName}' ({state.Pipeline.PipelineId}) stores its data at '{storage}'; its "
                            + $"storage cannot be changed to '{desired["storage"]}'. Keep the old storage in the definition, or "
                                + $"create a new pair.");
                }
                var changes = SettingsDiff.Pipeline(desired, current);
                var running = state.Pipeline.Spec?.Continuous == true && RunningStates.Contains(state.Pipeline.State ?? string.Empty);
                var unmarked = !(state.Pipeline.Spec?.Tags?.ContainsKey(Markers.PairTag) ?? false);
                if (changes.Count > 0 && running && unmarked && changes.All(Markers.IsMarkerOnly))
                {
                    // Adopted as it runs: an edit for DltDr's markers alone would restart its update. Its
                    // catch-up job names it instead; the markers follow with the next edit made anyway.
                    adoptedAsItRuns = state.Pipeline.PipelineId;
                    plan.Resources.Add(new ResourcePlan("Pipeline", pipelineName, PlanAction.None, note: "adopted as it runs, not "
                        + "restarted: its catch-up job records it (tag " + Markers.AdoptedPipelineTag + "); DltDr's marker tags follow "
                        + "with its next edit"));
                }
                else if (changes.Count > 0)
                {
                    plan.PipelineEditBody = SettingsDiff.Apply(desired, current);
                    var restarts = state.Pipeline.Spec?.Continuous == true && RunningStates.Contains(state.Pipeline.State ?? string.Empty);
                    plan.RestartsRunningPipeline = restarts;
                    plan.Resources.Add(new ResourcePlan("Pipeline", pipelineName, PlanAction.Update, changes,
                        restarts ? "restarts the running continuous pipeline" : null));
                }
                else
                {
                    plan.Resources.Add(new ResourcePlan("Pipeline", pipelineName, PlanAction.None));
                }
            }

            // The catch-up job.
            var jobName = Markers.CatchUpJobName(pipelineName);
            var desiredJob = ApiJson.Write(DesiredState.CatchUpJob(_pair, _region, state.Pipeline?.PipelineId ?? "(the new pipeline)",
                active));
            if (adoptedAsItRuns != null || Markers.IsAdopted(state.Pipeline, state.Job))
            {
                plan.AdoptedPipelineId = state.Pipeline!.PipelineId;
                ((JObject)desiredJob["tags"]!)[Markers.AdoptedPipelineTag] = plan.AdoptedPipelineId;
            }
            if (state.Job == null)
            {
                plan.Resources.Add(new ResourcePlan("Job", jobName, PlanAction.Create,
                    desiredJob.Properties().Select(p => new FieldChange(p.Name, null, p.Value)).ToList(),
                    active ? "schedule paused (active region)" : "schedule running (standby region)"));
            }
            else
            {
                var current = ApiJson.Write(state.Job.Settings ?? new JobSettings());
                var changes = SettingsDiff.Job(desiredJob, current);
                if (changes.Count > 0)
                {
                    var update = new JObject();
                    foreach (var c in changes)
                    {
                        // Keep tags others added: merge ours into theirs.
                        if (c.Field == "tags" && current["tags"] is JObject theirs)
                        {
                            var merged = (JObject)theirs.DeepClone();
                            foreach (var t in ((JObject)c.Desired!).Properties()) merged[t.Name] = t.Value;
                            update["tags"] = merged;
                        }
                        else update[c.Field] = c.Desired;
                    }
                    plan.JobChanges = update;
                    plan.Resources.Add(new ResourcePlan("Job", jobName, PlanAction.Update, changes));
                }
                else
                {
                    plan.Resources.Add(new ResourcePlan("Job", jobName, PlanAction.None));
                }
            }
            return plan;
        }

        /// <summary>Makes the planned writes, in order: folder, notebooks, pipeline, job. Answers the pipeline and job ids.</summary>
        public async Task<(string PipelineId, long JobId)> ApplyAsync(RegionPlan plan, CancellationToken cancel)
        {
            if (plan.CreateFolder) await _client.Workspace.MkdirsAsync(_pair.Notebooks.WorkspaceDirectory, cancel).ConfigureAwait(false);
            // A folder of workspace files has subfolders: each made once, before the files in it (mkdirs is idempotent).
            var made = new HashSet<string>(StringComparer.Ordinal) { _pair.Notebooks.WorkspaceDirectory };
            foreach (var nb in plan.NotebooksToImport)
            {
                var parent = nb.WorkspacePath.Substring(0, nb.WorkspacePath.LastIndexOf('/'));
                if (made.Add(parent)) await _client.Workspace.MkdirsAsync(parent, cancel).ConfigureAwait(false);
                if (nb.IsNotebook)
                {
                    await _client.Workspace.ImportSourceAsync(nb.WorkspacePath, nb.Language!, File.ReadAllBytes(nb.LocalPath),
                        overwrite: true, cancel).ConfigureAwait(false);
                }
                else
                {
                    await _client.Workspace.WriteFileAsync(nb.WorkspacePath, File.ReadAllBytes(nb.LocalPath), cancel).ConfigureAwait(false);
                }
            }

            string pipelineId;
            if (plan.State.Pipeline == null)
            {
                pipelineId = await CreateOnceAsync(
                    () => _client.Pipelines.CreateAsync(ApiJson.Read<PipelineSettings>(plan.DesiredPipeline), cancel),
                    async () => (await DiscoverAsync(cancel).ConfigureAwait(false)).Pipeline?.PipelineId).ConfigureAwait(false);
            }
            else
            {
                pipelineId = plan.State.Pipeline.PipelineId!;
                if (plan.PipelineEditBody != null)
                {
                    await _client.Pipelines.EditAsync(pipelineId, ApiJson.Read<PipelineSettings>(plan.PipelineEditBody),
                        plan.State.Pipeline.LastModified, cancel).ConfigureAwait(false);
                }
            }

            long jobId;
            if (plan.State.Job == null)
            {
                var settings = DesiredState.CatchUpJob(_pair, _region, pipelineId, plan.Active);
                if (plan.AdoptedPipelineId != null)
                {
                    settings.Tags ??= new Dictionary<string, string>();
                    settings.Tags[Markers.AdoptedPipelineTag] = plan.AdoptedPipelineId;
                }
                var id = await CreateOnceAsync(
                    async () => (await _client.Jobs.CreateAsync(settings,
                        cancel).ConfigureAwait(false)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    async () => (await DiscoverAsync(cancel).ConfigureAwait(false)).Job?.JobId
                        .ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
                jobId = long.Parse(id, System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                jobId = plan.State.Job.JobId;
                if (plan.JobChanges != null)
                {
                    if (plan.JobChanges["tasks"] is JArray tasks) tasks[0]!["pipeline_task"]!["pipeline_id"] = pipelineId;
                    await _client.Jobs.UpdateAsync(jobId, plan.JobChanges, null, cancel).ConfigureAwait(false);
                }
            }
            return (pipelineId, jobId);
        }

        /// <summary>A create whose answer was lost may have happened: look before creating again.</summary>
        private static async Task<string> CreateOnceAsync(Func<Task<string>> create, Func<Task<string?>> find)
        {
            try
            {
                return await create().ConfigureAwait(false);
            }
            catch (DatabricksApiException ex) when (ex.OutcomeUnknown)
            {
                var existing = await find().ConfigureAwait(false);
                if (existing != null) return existing;
                return await create().ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Source as the service exports it compares equal to the local file: header, BOM, line endings and trailing space aside.
        /// </summary>
        internal static string NotebookText(byte[] content, string language)
        {
            var text = Encoding.UTF8.GetString(content).TrimStart('\uFEFF').Replace("\r\n", "\n");
            var header = NotebookSource.Header(language);
            if (text.StartsWith(header, StringComparison.Ordinal)) text = text.Substring(header.Length).TrimStart('\n');
            return text.TrimEnd();
        }
    }
}
