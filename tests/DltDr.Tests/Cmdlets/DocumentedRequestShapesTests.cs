using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using DltDr.Tests.Infrastructure;
using Xunit;
using static DltDr.Tests.Infrastructure.DrSteps;

namespace DltDr.Tests.Cmdlets
{
    /// <summary>
    /// Every request the module sends, over a whole life of three pairs (publish, status of one
    /// and of many, catch-up, readiness, failovers of one and of several, status after a demotion,
    /// a publish that changes settings, history, failback), held against the request shapes the
    /// Databricks reference documents: no undocumented parameter, filter field or body field.
    /// </summary>
    public sealed class DocumentedRequestShapesTests
    {
        [Fact]
        public async Task Every_request_the_module_sends_is_a_documented_shape()
        {
            await using var w = await Published("sales", "hr", "ops");
            foreach (var script in new[]
            {
                "Get-DltDrStatus sales -Token $token",
                "Get-DltDrStatus sales,hr,ops -Token $token",
                "Invoke-DltDrCatchUp sales -Wait -Token $token -Confirm:$false",
                "Test-DltDrFailover sales -Token $token",
                "Set-DltDrActiveRegion sales,hr -Region Secondary -Token $token -Force",
                "Set-DltDrActiveRegion ops -Region Secondary -Token $token -Force",
                "Get-DltDrStatus sales,hr,ops -Token $token",
                "Get-DltDrStatus ops -Token $token",
                "Get-DltDrHistory sales,hr -Token $token",
                "Set-DltDrActiveRegion * -Region Primary -Token $token -Force",
            })
            {
                var r = w.Run(script);
                Assert.True(r.Errors.Count == 0 && r.TerminatingError == null, script + ": " + r.AllText());
            }
            // An update of the standby stopped by someone else (not a demotion): status reads its event log.
            var standby = (string)(await w.H.OkAsync(HttpMethod.Get, "secondary", "/api/2.0/pipelines"))["statuses"]![0]!["pipeline_id"]!;
            await w.H.OkAsync(HttpMethod.Post, "secondary", $"/api/2.0/pipelines/{standby}/updates", new { });
            w.H.Advance(12); // running (it would complete at 20 s)
            await w.H.OkAsync(HttpMethod.Post, "secondary", $"/api/2.0/pipelines/{standby}/stop");
            w.H.Advance(5);
            var read = w.Run("Get-DltDrStatus sales,hr,ops -Token $token");
            Assert.True(read.Errors.Count == 0, read.AllText());
            w.WritePair("sales", mode: "hotfix");
            var publish = w.Run("Publish-DltDrPipeline sales -Token $token -Force");
            Assert.True(publish.Errors.Count == 0, publish.AllText());

            var sent = new[] { "primary", "secondary" }.SelectMany(ws => w.H[ws].Requests.Entries)
                .Where(e => e.UserAgent?.StartsWith("DltDr/", System.StringComparison.Ordinal) == true).ToList();
            // The scenario reached what it is meant to hold: the events read after an update stopped by hand, listings, the readiness update.
            Assert.Contains(sent, e => e.Method == "GET" && e.Path.EndsWith("/events"));
            Assert.Contains(sent, e => e.Method == "POST" && e.Path.EndsWith("/updates"));
            Assert.Contains(sent, e => e.Method == "PUT" && e.Path.StartsWith("/api/2.0/pipelines/"));
            Assert.Contains(sent, e => e.Path.EndsWith("/jobs/runs/list"));
            var wrong = sent.Select(e => (e, Why: DocumentedRequests.Violation(e.Method, e.Path, e.Query, e.Body)))
                .Where(x => x.Why != null).Select(x => $"{x.e.Method} {x.e.Path}{x.e.Query}: {x.Why}").Distinct().ToList();
            Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        }

        [Theory]
        [InlineData("GET", "/api/2.0/pipelines/p1/events", "?filter=event_type%3D%27update_progress%27&max_results=100", "event_type")]
        [InlineData("GET", "/api/2.2/jobs/runs/list", "?job_id=1&limit=25", "between 1 and 24")]
        [InlineData("GET", "/api/2.0/pipelines", "?max_results=250", "between 1 and 100")]
        [InlineData("GET", "/api/2.0/pipelines", "?filter=state%3D%27RUNNING%27", "one condition only")]
        [InlineData("GET", "/api/2.2/jobs/list", "?limit=100&expand=all", "'expand' is not documented")]
        [InlineData("GET", "/api/2.0/pipelines/p1/status", "", "not a documented call")]
        public void The_check_names_what_the_reference_does_not_document(string method, string path, string query, string why)
            => Assert.Contains(why, DocumentedRequests.Violation(method, path, query, null) ?? "(accepted)");

        [Fact]
        public void The_check_names_a_body_field_the_reference_does_not_document()
        {
            Assert.Contains("body field(s) job_settings", DocumentedRequests.Violation("POST", "/api/2.2/jobs/update", "",
                "{\"job_id\": 1, \"job_settings\": {}}"));
            Assert.Contains("pipeline_params: field(s) refresh", DocumentedRequests.Violation("POST", "/api/2.2/jobs/run-now", "",
                "{\"job_id\": 1, \"pipeline_params\": {\"refresh\": true}}"));
            Assert.Null(DocumentedRequests.Violation("POST", "/api/2.2/jobs/update", "",
                "{\"job_id\": 1, \"new_settings\": {\"schedule\": {\"pause_status\": \"PAUSED\"}}}"));
        }
    }
}
