using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Api
{
    /// <summary>The Workspace API 2.0 routes (notebooks and folders) and SCIM's Me.</summary>
    internal static class WorkspaceApi
    {
        public static void Map(Router<RestApi.Handler> r)
        {
            void Map(string method, string template, RestApi.Handler h) => r.Add(method, template, h);

            // Workspace 2.0
            Map("POST", "/api/2.0/workspace/mkdirs",
                (c, _) => { var b = c.Body; return c.Sync(now => { c.Workspace.Notebooks.Mkdirs(b, now); return new JObject(); }); });
            Map("POST", "/api/2.0/workspace/import", (c, _) =>
            {
                if (c.IsMultipart)
                {
                    var (fields, file) = c.Form("content");
                    return c.Sync(now => { c.Workspace.Notebooks.Import(fields, file, now); return new JObject(); });
                }
                var b = c.Body;
                return c.Sync(now => { c.Workspace.Notebooks.Import(b, now); return new JObject(); });
            });
            Map("GET", "/api/2.0/workspace/get-status", (c, _) => c.Sync(_ => c.Workspace.Notebooks.GetStatus(c.Query("path"))));
            Map("GET", "/api/2.0/workspace/export", (c, _) =>
            {
                if (!c.QueryBool("direct_download")) return c.Sync(_ => c.Workspace.Notebooks.Export(c.Query("path"), c.Query("format")));
                var bytes = c.Sync(_ => c.Workspace.Notebooks.ExportBytes(c.Query("path"), c.Query("format")));
                c.RawAnswer = (bytes, "application/octet-stream");
                return new JObject();
            });

            // SCIM: who the caller is.
            Map("GET", "/api/2.0/preview/scim/v2/Me", (c, _) => c.Sync(_ => Scim.Me(c.Workspace, c.User)));
            Map("POST", "/api/2.0/workspace/delete",
                (c, _) => { var b = c.Body; return c.Sync(_ => { c.Workspace.Notebooks.Delete(b); return new JObject(); }); });
            Map("GET", "/api/2.0/workspace/list", (c, _) => c.Sync(_ => c.Workspace.Notebooks.List(c.Query("path"))));
        }
    }
}
