using Newtonsoft.Json;

namespace DltDr.Engine.Databricks.Models
{
    public sealed class LibraryPath : ApiModel
    {
        [JsonProperty("path")] public string? Path { get; set; }
    }
}
