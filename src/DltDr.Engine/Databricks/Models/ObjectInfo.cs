using Newtonsoft.Json;

namespace DltDr.Engine.Databricks.Models
{
    /// <summary>A workspace object (directory, notebook, file) as get-status answers it.</summary>
    public sealed class ObjectInfo : ApiModel
    {
        [JsonProperty("object_type")] public string? ObjectType { get; set; }
        [JsonProperty("path")] public string? Path { get; set; }
        [JsonProperty("language")] public string? Language { get; set; }
        [JsonProperty("object_id")] public long? ObjectId { get; set; }
        [JsonProperty("modified_at")] public long? ModifiedAt { get; set; }
    }
}
