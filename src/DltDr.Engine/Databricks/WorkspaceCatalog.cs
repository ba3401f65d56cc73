using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Databricks.Models;

namespace DltDr.Engine.Databricks
{
    /// <summary>
    /// Finds pipelines and jobs by name for one command. When the command works on several pairs in
    /// the workspace (<see cref="Batched"/>), the workspace is listed once, every page, and each pair
    /// looks in that listing: one paged pipelines list and one paged jobs list per workspace instead
    /// of one of each per pair, which is what keeps hundreds of pairs under the Jobs list limit. For
    /// one pair a filtered list is cheaper than listing everything, so it is used instead.
    /// </summary>
    public sealed class WorkspaceCatalog
    {
        private readonly PipelinesService _pipelines;
        private readonly JobsService _jobs;
        private readonly CommandWideRead<IReadOnlyList<PipelineInfo>> _allPipelines;
        private readonly CommandWideRead<IReadOnlyList<Job>> _allJobs;

        public WorkspaceCatalog(PipelinesService pipelines, JobsService jobs)
        {
            _pipelines = pipelines;
            _jobs = jobs;
            _allPipelines = new CommandWideRead<IReadOnlyList<PipelineInfo>>(c => _pipelines.ListAsync(null, c));
            _allJobs = new CommandWideRead<IReadOnlyList<Job>>(c => _jobs.ListAsync(null, c));
        }

        /// <summary>List the whole workspace once for the command, rather than once per pair.</summary>
        public bool Batched { get; set; }

        /// <summary>Pipelines named <paramref name="name"/> (ignoring case), as listed (no settings).</summary>
        public async Task<IReadOnlyList<PipelineInfo>> PipelinesNamedAsync(string name, CancellationToken cancel)
        {
            if (!Batched) return await _pipelines.ListAsync(PipelinesService.NameFilter(name), cancel).ConfigureAwait(false);
            var all = await _allPipelines.GetAsync(cancel).ConfigureAwait(false);
            return all.Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        }

        /// <summary>Jobs named <paramref name="name"/> (ignoring case), as listed: settings and schedule.</summary>
        public async Task<IReadOnlyList<Job>> JobsNamedAsync(string name, CancellationToken cancel)
        {
            if (!Batched) return await _jobs.ListAsync(name, cancel).ConfigureAwait(false);
            var all = await _allJobs.GetAsync(cancel).ConfigureAwait(false);
            return all.Where(j => string.Equals(j.Settings?.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        }
    }
}
