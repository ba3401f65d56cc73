using DltDr.Emulator.Model;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Api
{
    /// <summary>The Jobs API 2.1 and 2.2 routes (the same handlers; 2.2 pages the task array of a job).</summary>
    internal static class JobsApi
    {
        public static void Map(Router<RestApi.Handler> r)
        {
            void Map(string method, string template, RestApi.Handler h) => r.Add(method, template, h);

            // Jobs 2.1 and 2.2: the same handlers; 2.2 pages the task array of a job.
            foreach (var version in new[] { "2.1", "2.2" })
            {
                var pagesTasks = version == "2.2";
                var p = "/api/" + version + "/jobs";
                Map("POST", p + "/create", (c, _) => { var b = c.Body; return c.Sync(now => c.Workspace.Jobs.Create(b, c.User, now)); });
                Map("POST", p + "/reset",
                    (c, _) => { var b = c.Body; return c.Sync(now => { c.Workspace.Jobs.Reset(b, now); return new JObject(); }); });
                Map("POST", p + "/update",
                    (c, _) => { var b = c.Body; return c.Sync(now => { c.Workspace.Jobs.Update(b, now); return new JObject(); }); });
                Map("POST", p + "/delete",
                    (c, _) => { var b = c.Body; return c.Sync(_ => { c.Workspace.Jobs.Delete(b); return new JObject(); }); });
                Map("GET", p + "/get", (c, _) =>
                {
                    var id = c.QueryLong("job_id") ?? throw ApiException.InvalidParameter("Missing required field: job_id");
                    return c.Sync(_ => c.Workspace.Jobs.Get(id, pagesTasks, c.Query("page_token")));
                });
                Map("GET", p + "/list",
                    (c, _) => c.Sync(_
                        => c.Workspace.Jobs.List(c.Query("name"), c.QueryInt("limit"), c.QueryInt("offset"), c.Query("page_token"),
                            c.QueryBool("expand_tasks"))));
                Map("POST", p + "/run-now", (c, _) => { var b = c.Body; return c.Sync(now => c.Workspace.Jobs.RunNow(b, c.User, now)); });
                Map("GET", p + "/runs/get", (c, _) =>
                {
                    var id = c.QueryLong("run_id") ?? throw ApiException.InvalidParameter("Missing required field: run_id");
                    return c.Sync(_ => c.Workspace.Jobs.GetRun(id, pagesTasks, c.Query("page_token")));
                });
                Map("GET", p + "/runs/list",
                    (c, _) => c.Sync(_
                        => c.Workspace.Jobs.ListRuns(c.QueryLong("job_id"), c.QueryBool("active_only"), c.QueryBool("completed_only"),
                    c.QueryInt("limit"), c.QueryInt("offset"), c.Query("page_token"), c.QueryLong("start_time_from"),
                        c.QueryLong("start_time_to"), c.QueryBool("expand_tasks"))));
                Map("POST", p + "/runs/cancel",
                    (c, _) => { var b = c.Body; return c.Sync(now => { c.Workspace.Jobs.CancelRun(b, now); return new JObject(); }); });
            }
        }
    }
}
