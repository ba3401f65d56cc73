using System.Collections.Generic;
using DltDr.Emulator.Hosting;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Api
{
    /// <summary>The REST routes a workspace serves: Pipelines 2.0, Jobs 2.1 and 2.2, Workspace 2.0.</summary>
    public static class RestApi
    {
        public delegate JObject Handler(ApiCall call, IReadOnlyDictionary<string, string> route);

        /// <summary>The routes, each answering a JSON object; the host writes it, or the error.</summary>
        public static Router<Handler> Build()
        {
            var r = new Router<Handler>();
            void Map(string method, string template, Handler h) => r.Add(method, template, h);

            // Pipelines 2.0
            Map("POST", "/api/2.0/pipelines", (c, _) => { var b = c.Body; return c.Sync(now => c.Workspace.Pipelines.Create(b, c.User, now)); });
            Map("GET", "/api/2.0/pipelines", (c, _) => c.Sync(_ => c.Workspace.Pipelines.List(c.Query("filter"), c.QueryInt("max_results"), c.Query("page_token"), c.QueryAll("order_by"))));
            Map("GET", "/api/2.0/pipelines/{pipeline_id}", (c, v) => c.Sync(_ => c.Workspace.Pipelines.Get(v["pipeline_id"])));
            Map("PUT", "/api/2.0/pipelines/{pipeline_id}", (c, v) => { var b = c.Body; return c.Sync(now => { c.Workspace.Pipelines.Edit(v["pipeline_id"], b, c.User, now); return new JObject(); }); });
            Map("DELETE", "/api/2.0/pipelines/{pipeline_id}", (c, v) => { var cascade = c.QueryBool("cascade", true); return c.Sync(now => { c.Workspace.Pipelines.Delete(v["pipeline_id"], cascade, now); return new JObject(); }); });
            Map("POST", "/api/2.0/pipelines/{pipeline_id}/updates", (c, v) => { var b = c.Body; return c.Sync(now => c.Workspace.Pipelines.StartUpdate(v["pipeline_id"], b, now)); });
            Map("GET", "/api/2.0/pipelines/{pipeline_id}/updates", (c, v) => c.Sync(_ => c.Workspace.Pipelines.ListUpdates(v["pipeline_id"], c.QueryInt("max_results"), c.Query("page_token"), c.Query("until_update_id"))));
            Map("GET", "/api/2.0/pipelines/{pipeline_id}/updates/{update_id}", (c, v) => c.Sync(_ => c.Workspace.Pipelines.GetUpdate(v["pipeline_id"], v["update_id"])));
            Map("POST", "/api/2.0/pipelines/{pipeline_id}/stop", (c, v) => c.Sync(now => { c.Workspace.Pipelines.Stop(v["pipeline_id"], now); return new JObject(); }));
            Map("GET", "/api/2.0/pipelines/{pipeline_id}/events", (c, v) => c.Sync(_ => c.Workspace.Pipelines.ListEvents(v["pipeline_id"], c.QueryInt("max_results"), c.QueryAll("order_by"), c.Query("filter"), c.Query("page_token"))));

            // Jobs 2.1 and 2.2: the same handlers; 2.2 pages the task array of a job.
            foreach (var version in new[] { "2.1", "2.2" })
            {
                var pagesTasks = version == "2.2";
                var p = "/api/" + version + "/jobs";
                Map("POST", p + "/create", (c, _) => { var b = c.Body; return c.Sync(now => c.Workspace.Jobs.Create(b, c.User, now)); });
                Map("POST", p + "/reset", (c, _) => { var b = c.Body; return c.Sync(now => { c.Workspace.Jobs.Reset(b, now); return new JObject(); }); });
                Map("POST", p + "/update", (c, _) => { var b = c.Body; return c.Sync(now => { c.Workspace.Jobs.Update(b, now); return new JObject(); }); });
                Map("POST", p + "/delete", (c, _) => { var b = c.Body; return c.Sync(_ => { c.Workspace.Jobs.Delete(b); return new JObject(); }); });
                Map("GET", p + "/get", (c, _) =>
                {
                    var id = c.QueryLong("job_id") ?? throw ApiException.InvalidParameter("Missing required field: job_id");
                    return c.Sync(_ => c.Workspace.Jobs.Get(id, pagesTasks, c.Query("page_token")));
                });
                Map("GET", p + "/list", (c, _) => c.Sync(_ => c.Workspace.Jobs.List(c.Query("name"), c.QueryInt("limit"), c.QueryInt("offset"), c.Query("page_token"), c.QueryBool("expand_tasks"))));
                Map("POST", p + "/run-now", (c, _) => { var b = c.Body; return c.Sync(now => c.Workspace.Jobs.RunNow(b, c.User, now)); });
                Map("GET", p + "/runs/get", (c, _) =>
                {
                    var id = c.QueryLong("run_id") ?? throw ApiException.InvalidParameter("Missing required field: run_id");
                    return c.Sync(_ => c.Workspace.Jobs.GetRun(id, pagesTasks, c.Query("page_token")));
                });
                Map("GET", p + "/runs/list", (c, _) => c.Sync(_ => c.Workspace.Jobs.ListRuns(c.QueryLong("job_id"), c.QueryBool("active_only"), c.QueryBool("completed_only"),
                    c.QueryInt("limit"), c.QueryInt("offset"), c.Query("page_token"), c.QueryLong("start_time_from"), c.QueryLong("start_time_to"), c.QueryBool("expand_tasks"))));
                Map("POST", p + "/runs/cancel", (c, _) => { var b = c.Body; return c.Sync(now => { c.Workspace.Jobs.CancelRun(b, now); return new JObject(); }); });
            }

            // Workspace 2.0
            Map("POST", "/api/2.0/workspace/mkdirs", (c, _) => { var b = c.Body; return c.Sync(now => { c.Workspace.Notebooks.Mkdirs(b, now); return new JObject(); }); });
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
            Map("POST", "/api/2.0/workspace/delete", (c, _) => { var b = c.Body; return c.Sync(_ => { c.Workspace.Notebooks.Delete(b); return new JObject(); }); });
            Map("GET", "/api/2.0/workspace/list", (c, _) => c.Sync(_ => c.Workspace.Notebooks.List(c.Query("path"))));
            return r;
        }
    }
}
