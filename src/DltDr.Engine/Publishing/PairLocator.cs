using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Databricks;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Pairs;

namespace DltDr.Engine.Publishing
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
        /// Two round trips: the lists (by name, by notebook, the job by name) at once, then the
        /// candidates' full settings and the job at once.
        /// </summary>
        public async Task<RegionState> FindAsync(Ownership ownership, CancellationToken cancel)
        {
            var pipelineName = _pair.PipelineName;
            var filters = new List<string> { $"name LIKE '{pipelineName.Replace("'", "''")}'" };
            if (_pair.Notebooks.Files.Count > 0) filters.Add($"notebook='{_pair.Notebooks.Files[0].WorkspacePath.Replace("'", "''")}'");
            var jobName = Markers.CatchUpJobName(pipelineName);
            var lists = filters.Select(f => _client.Pipelines.ListAsync(f, cancel)).ToList();
            var jobList = _client.Jobs.ListAsync(jobName, cancel);
            await Task.WhenAll(lists.Cast<Task>().Append(jobList)).ConfigureAwait(false);

            var ids = lists.SelectMany(l => l.Result).Select(p => p.PipelineId).Where(id => id != null).Distinct().ToList();
            var gets = ids.Select(id => _client.Pipelines.GetAsync(id!, cancel)).ToList();
            var jobs = jobList.Result.ToList();
            var job = Pick(jobs, j => j.Settings?.Tags, j => j.Settings?.Name, jobName, "job", j => j.JobId.ToString(System.Globalization.CultureInfo.InvariantCulture), ownership);
            var jobGet = job == null ? Task.FromResult<Job?>(null) : _client.Jobs.GetAsync(job.JobId, cancel);
            await Task.WhenAll(gets.Cast<Task>().Append(jobGet)).ConfigureAwait(false);

            var pipeline = Pick(gets.Select(g => g.Result).ToList(), p => p.Spec?.Tags, p => p.Name ?? p.Spec?.Name, pipelineName, "pipeline", p => p.PipelineId!, ownership);
            return new RegionState(pipeline, jobGet.Result);
        }

        private T? Pick<T>(List<T> candidates, Func<T, IDictionary<string, string>?> tags, Func<T, string?> name, string wantedName, string kind, Func<T, string> id, Ownership ownership) where T : class
        {
            var marked = candidates.Where(c => tags(c) is IDictionary<string, string> t && t.TryGetValue(Markers.PairTag, out var v) && v == _pair.Name).ToList();
            if (marked.Count > 1)
            {
                throw new PublishConflictException("AmbiguousMarker", $"{Where(_region, _client)}: {marked.Count} {kind}s carry the marker of pair '{_pair.Name}' ({string.Join(", ", marked.Select(id))}). Remove the marker tag '{Markers.PairTag}' from all but one.");
            }
            if (marked.Count == 1 || ownership == Ownership.MarkedOnly) return marked.FirstOrDefault();
            var sameName = candidates.Where(c => string.Equals(name(c), wantedName, StringComparison.Ordinal)).ToList();
            if (sameName.Count == 0) return null;
            if (ownership == Ownership.Strict)
            {
                throw new PublishConflictException("NotOurs", $"{Where(_region, _client)}: a {kind} named '{wantedName}' ({id(sameName[0])}) exists but was not deployed by DltDr for pair '{_pair.Name}' (it has no '{Markers.PairTag}' tag). Rename one of them, or publish with -Adopt to take it over.");
            }
            return sameName[0];
        }

        internal static string Where(Region region, WorkspaceClient client)
            => $"{Regions.Name(region)} ({client.Host.GetLeftPart(UriPartial.Authority)})";
    }
}
