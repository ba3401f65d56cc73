using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Databricks.Models
{
    /// <summary>A pipeline's settings (the <c>spec</c> of a get, the body of create and edit).</summary>
    public sealed class PipelineSettings : ApiModel
    {
        [JsonProperty("id")] public string? Id { get; set; }
        [JsonProperty("name")] public string? Name { get; set; }
        [JsonProperty("storage")] public string? Storage { get; set; }
        [JsonProperty("target")] public string? Target { get; set; }
        [JsonProperty("catalog")] public string? Catalog { get; set; }
        [JsonProperty("schema")] public string? Schema { get; set; }
        [JsonProperty("continuous")] public bool? Continuous { get; set; }
        [JsonProperty("development")] public bool? Development { get; set; }
        [JsonProperty("edition")] public string? Edition { get; set; }
        [JsonProperty("channel")] public string? Channel { get; set; }
        [JsonProperty("photon")] public bool? Photon { get; set; }
        [JsonProperty("serverless")] public bool? Serverless { get; set; }
        [JsonProperty("clusters")] public List<JObject>? Clusters { get; set; }
        [JsonProperty("libraries")] public List<PipelineLibrary>? Libraries { get; set; }
        [JsonProperty("configuration")] public Dictionary<string, string>? Configuration { get; set; }
        [JsonProperty("tags")] public Dictionary<string, string>? Tags { get; set; }
        [JsonProperty("notifications")] public List<JObject>? Notifications { get; set; }
        [JsonProperty("root_path")] public string? RootPath { get; set; }
        [JsonProperty("run_as")] public JObject? RunAs { get; set; }
    }
}
