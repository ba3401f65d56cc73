using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Databricks.Models
{
    /// <summary>
    /// Base of every model read from the service: fields the model does not name are kept in
    /// <see cref="Unknown"/> and written back unchanged, so a read-modify-write never drops
    /// settings that DltDr does not know (serverless, run_as, fields added later, ...).
    /// </summary>
    public abstract class ApiModel
    {
        [JsonExtensionData]
        public IDictionary<string, JToken> Unknown { get; set; } = new Dictionary<string, JToken>();
    }
}
