using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Pairs;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Deployment
{
    /// <summary>What a region's pipeline and catch-up job should look like, from the definition and the region's live role.</summary>
    public static class DesiredState
    {
        /// <summary>
        /// The shared settings, the region's overrides merged over them (objects merge, the rest
        /// replaces), the region's storage, the notebooks as libraries, the marker tags, and
        /// <c>continuous</c> from the live role.
        /// </summary>
        public static JObject Pipeline(PairDefinition pair, Region region, bool active)
        {
            var r = pair[region];
            var settings = (JObject)pair.Pipeline.DeepClone();
            Merge(settings, r.Overrides);
            if (r.Storage != null) settings["storage"] = r.Storage;
            // Without the notebooks folder (a runbook worker) and no files listed, the libraries are unknown and not compared.
            if (pair.Notebooks.Libraries is JArray libraries) settings["libraries"] = libraries;
            var tags = settings["tags"] as JObject ?? new JObject();
            tags[Markers.PairTag] = pair.Name;
            tags[Markers.RegionTag] = Regions.Name(region);
            settings["tags"] = tags;
            settings["continuous"] = active;
            return settings;
        }

        /// <summary>The catch-up job: one pipeline task, the schedule paused in the active region and running in the standby.</summary>
        public static JobSettings CatchUpJob(PairDefinition pair, Region region, string pipelineId, bool active) => new JobSettings
        {
            Name = Markers.CatchUpJobName(pair.PipelineName),
            Tags = new System.Collections.Generic.Dictionary<string, string>
            {
                [Markers.PairTag] = pair.Name,
                [Markers.RegionTag] = Regions.Name(region),
            },
            MaxConcurrentRuns = 1,
            Schedule = new CronSchedule
            {
                QuartzCronExpression = pair.CatchUp.QuartzCron,
                TimezoneId = pair.CatchUp.TimeZone,
                PauseStatus = active ? CronSchedule.Paused : CronSchedule.Unpaused,
            },
            Tasks = new System.Collections.Generic.List<JobTask>
            {
                new JobTask { TaskKey = Markers.CatchUpTaskKey,
                    PipelineTask = new PipelineTask { PipelineId = pipelineId, FullRefresh = false } },
            },
        };

        private static void Merge(JObject target, JObject overrides)
        {
            foreach (var prop in overrides.Properties())
            {
                if (prop.Value is JObject o && target[prop.Name] is JObject existing) Merge(existing, o);
                else target[prop.Name] = prop.Value.DeepClone();
            }
        }
    }
}
