using System.Collections.Generic;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Api
{
    /// <summary>
    /// The REST routes a workspace serves: Pipelines 2.0, Jobs 2.1 and 2.2, Workspace 2.0 and SCIM Me, each family in a file of its own.
    /// </summary>
    public static class RestApi
    {
        public delegate JObject Handler(ApiCall call, IReadOnlyDictionary<string, string> route);

        /// <summary>The routes, each answering a JSON object; the host writes it, or the error.</summary>
        public static Router<Handler> Build()
        {
            var r = new Router<Handler>();
            PipelinesApi.Map(r);
            JobsApi.Map(r);
            WorkspaceApi.Map(r);
            return r;
        }
    }
}
