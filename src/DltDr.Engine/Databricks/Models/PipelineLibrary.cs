using Newtonsoft.Json;

namespace DltDr.Engine.Databricks.Models
{
    /// <summary>One source of a pipeline: a notebook, a file or a glob (other kinds are kept as unknown fields).</summary>
    public sealed class PipelineLibrary : ApiModel
    {
        [JsonProperty("notebook")] public LibraryPath? Notebook { get; set; }
        [JsonProperty("file")] public LibraryPath? File { get; set; }
        [JsonProperty("glob")] public LibraryGlob? Glob { get; set; }

        public static PipelineLibrary ForNotebook(string path) => new PipelineLibrary { Notebook = new LibraryPath { Path = path } };
    }
}
