using Newtonsoft.Json;

namespace DltDr.Engine.Databricks.Models
{
    public sealed class LibraryGlob : ApiModel
    {
        [JsonProperty("include")] public string? Include { get; set; }
    }
}
