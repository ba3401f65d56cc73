using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Api
{
    /// <summary>The Pipelines API 2.0 routes: each reads its parameters and asks the pipeline store.</summary>
    internal static class PipelinesApi
    {
        public static void Map(Router<RestApi.Handler> r)
        {
            void Map(string method, string template, RestApi.Handler h) => r.Add(method, template, h);

            // Pipelines 2.0
            Map("POST", "/api/2.0/pipelines",
                (c, _) => { var b = c.Body; return c.Sync(now => c.Workspace.Pipelines.Create(b, c.User, now)); });
            Map("GET", "/api/2.0/pipelines",
                (c, _) => c.Sync(_
                    => c.Workspace.Pipelines.List(c.Query("filter"), c.QueryInt("max_results"), c.Query("page_token"),
                        c.QueryAll("order_by"))));
            Map("GET", "/api/2.0/pipelines/{pipeline_id}", (c, v) => c.Sync(_ => c.Workspace.Pipelines.Get(v["pipeline_id"])));
            Map("PUT", "/api/2.0/pipelines/{pipeline_id}",
                (c, v) => { var b = c.Body; return c.Sync(now
                    => { c.Workspace.Pipelines.Edit(v["pipeline_id"], b, c.User, now); return new JObject(); }); });
            Map("DELETE", "/api/2.0/pipelines/{pipeline_id}",
                (c, v) => { var cascade = c.QueryBool("cascade",
                    true); return c.Sync(now
                        => { c.Workspace.Pipelines.Delete(v["pipeline_id"], cascade, now); return new JObject(); }); });
            Map("POST", "/api/2.0/pipelines/{pipeline_id}/updates",
                (c, v) => { var b = c.Body; return c.Sync(now => c.Workspace.Pipelines.StartUpdate(v["pipeline_id"], b, now)); });
            Map("GET", "/api/2.0/pipelines/{pipeline_id}/updates",
                (c, v) => c.Sync(_
                    => c.Workspace.Pipelines.ListUpdates(v["pipeline_id"], c.QueryInt("max_results"), c.Query("page_token"),
                        c.Query("until_update_id"))));
            Map("GET", "/api/2.0/pipelines/{pipeline_id}/updates/{update_id}",
                (c, v) => c.Sync(_ => c.Workspace.Pipelines.GetUpdate(v["pipeline_id"], v["update_id"])));
            Map("POST", "/api/2.0/pipelines/{pipeline_id}/stop",
                (c, v) => c.Sync(now => { c.Workspace.Pipelines.Stop(v["pipeline_id"], now); return new JObject(); }));
            Map("GET", "/api/2.0/pipelines/{pipeline_id}/events",
                (c, v) => c.Sync(_
                    => c.Workspace.Pipelines.ListEvents(v["pipeline_id"], c.QueryInt("max_results"), c.QueryAll("order_by"),
                        c.Query("filter"), c.Query("page_token"))));
        }
    }
}
