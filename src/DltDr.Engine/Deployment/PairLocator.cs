using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Databricks;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Pairs;

namespace DltDr.Engine.Deployment
{
    /// <summary>
    /// Finds a pair's pipeline and catch-up job in one region by DltDr's marker tag, searching by
    /// name and by notebook (so a renamed pipeline is still found).
    /// </summary>
    public sealed class PairLocator
    {
        private readonly PairDefinition _pair;
        private readonly Region _region;
        private readonly WorkspaceClient _client;

        public PairLocator(PairDefinition pair, Region region, WorkspaceClient client)
        {
            _pair = pair;
            _region = region;
            _client = client;
        }

        /// <summary>
        /// Two round trips: the lists (by name and the job by name; for publishing also by notebook)
        /// at once, then the candidates' full settings (and, with <paramref name="wholeJob"/>, the job
        /// with every task) at once. Reads look by notebook only when no marked pipeline has the name
        /// (it was renamed): a third round, rarely paid. Without <paramref name="wholeJob"/> the job is
        /// as listed, settings and schedule, which is all a switch and status need.
        /// </summary>
        public async Task<RegionState> FindAsync(Ownership ownership, CancellationToken cancel, bool wholeJob = true)
        {
            var pipelineName = _pair.PipelineName;
            var notebook = _pair.Notebooks.WorkspacePaths?.FirstOrDefault();
            var byNotebook = notebook != null ? $"notebook='{notebook.Replace("'", "''")}'" : null;
            var thorough = ownership != Ownership.MarkedOnly;
            var jobName = Markers.CatchUpJobName(pipelineName);

            // By name in the command's catalog: one listing of the workspace for many pairs. What
            // another pair of the command creates meanwhile has another name, so it is never missed.
            var lists = new List<Task<IReadOnlyList<PipelineInfo>>> { _client.Catalog.PipelinesNamedAsync(pipelineName, cancel) };
            if (thorough && byNotebook != null) lists.Add(_client.Pipelines.ListAsync(byNotebook, cancel));
            var jobList = _client.Catalog.JobsNamedAsync(jobName, cancel);
            await Task.WhenAll(lists.Cast<Task>().Append(jobList)).ConfigureAwait(false);

            var job = Pick(jobList.Result.ToList(), j => j.Settings?.Tags, j => j.Settings?.Name, jobName, "job",
                j => j.JobId.ToString(System.Globalization.CultureInfo.InvariantCulture), ownership);
            var jobGet = job == null || !wholeJob ? Task.FromResult<Job?>(job) : _client.Jobs.GetAsync(job.JobId, cancel);
            var candidates = await GetAllAsync(lists.SelectMany(l => l.Result), new HashSet<string>(), cancel).ConfigureAwait(false);
            if (!thorough && byNotebook != null && !candidates.Any(c => IsMarked(c) || Markers.IsAdopted(c, job)))
            {
                var seen = new HashSet<string>(candidates.Select(c => c.PipelineId!));
                candidates.AddRange(await GetAllAsync(await _client.Pipelines.ListAsync(byNotebook, cancel).ConfigureAwait(false), seen,
                    cancel).ConfigureAwait(false));
            }
            var pipeline = Pick(candidates, p => p.Spec?.Tags, p => p.Name ?? p.Spec?.Name, pipelineName, "pipeline", p => p.PipelineId!,
                ownership, p => Markers.IsAdopted(p, job));
            return new RegionState(pipeline, await jobGet.ConfigureAwait(false));
        }

        private async Task<List<PipelineInfo>> GetAllAsync(IEnumerable<PipelineInfo> listed, HashSet<string> seen, CancellationToken cancel)
        {
            var ids = listed.Select(p => p.PipelineId).Where(id => id != null && seen.Add(id)).ToList();
            return (await Task.WhenAll(ids.Select(id => _client.Pipelines.GetAsync(id!, cancel))).ConfigureAwait(false)).ToList();
        }

        private bool IsMarked(PipelineInfo p) => p.Spec?.Tags != null && p.Spec.Tags.TryGetValue(Markers.PairTag, out var v)
            && v == _pair.Name;

        private T? Pick<T>(List<T> candidates, Func<T, IDictionary<string, string>?> tags, Func<T, string?> name, string wantedName,
            string kind, Func<T, string> id, Ownership ownership, Func<T, bool>? adopted = null) where T : class
        {
            // Ours: marked with the pair's tag, or adopted as it ran (its catch-up job names it).
            var marked = candidates.Where(c => (tags(c) is IDictionary<string,
                string> t && t.TryGetValue(Markers.PairTag, out var v) && v == _pair.Name) || (adopted?.Invoke(c) ?? false)).ToList();
            if (marked.Count > 1)
            {
                throw new PublishConflictException("AmbiguousMarker",
                    $"{Where(_region, _client)}: {marked.Count} {kind}s carry the marker of pair '{_pair.Name}' "
                        + $"({string.Join(", ", marked.Select(id))}). Remove the marker tag '{Markers.PairTag}' from all but one.");
            }
            if (marked.Count == 1 || ownership == Ownership.MarkedOnly) return marked.FirstOrDefault();
            var sameName = candidates.Where(c => string.Equals(name(c), wantedName, StringComparison.Ordinal)).ToList();
            if (sameName.Count == 0) return null;
            if (ownership == Ownership.Strict)
            {
                throw new PublishConflictException("NotOurs",
                    $"{Where(_region, _client)}: a {kind} named '{wantedName}' ({id(sameName[0])}) exists but was not deployed by "
                        + $"DltDr for pair '{_pair.Name}' (it has no '{Markers.PairTag}' tag). Rename one of them, or publish with "
                            + $"-Adopt to take it over.");
            }
            return sameName[0];
        }

        internal static string Where(Region region, WorkspaceClient client)
            => $"{Regions.Name(region)} ({client.Host.GetLeftPart(UriPartial.Authority)})";
    }
}
