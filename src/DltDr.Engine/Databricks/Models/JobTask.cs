using Newtonsoft.Json;

namespace DltDr.Engine.Databricks.Models
{
    /// <summary>A task of a job; DltDr's catch-up jobs have one pipeline task.</summary>
    public sealed class JobTask : ApiModel
    {
        [JsonProperty("task_key")] public string? TaskKey { get; set; }
        [JsonProperty("pipeline_task")] public PipelineTask? PipelineTask { get; set; }
    }
}
