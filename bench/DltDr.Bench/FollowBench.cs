using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;

namespace DltDr.Bench
{
    /// <summary>
    /// --follow N: N pairs whose group follows an account failover group. The same N are switched
    /// directly (Set-DltDrActiveRegion -Pair), then follow the group: its failover (FAILING_OVER
    /// for two emulated minutes) and Sync-DltDrActiveRegion; and back in one command
    /// (-FailoverGroup). Goal: the follow costs at most 1.1x the direct switch plus the group's
    /// own failover time.
    /// </summary>
    internal sealed partial class Bench
    {
        private const string FollowGroup = "fg-bench";

        /// <summary>An account token (the account host refuses the workspaces' dapi token); the workspaces accept it too.</summary>
        private const string AccountToken = "$acct = ConvertTo-SecureString 'eyJ-bench-account' -AsPlainText -Force; ";

        private static readonly HttpClient Http = new HttpClient();

        private async Task CreateFailoverGroupAsync()
        {
            var body = new JObject
            {
                ["failover_group_id"] = FollowGroup,
                ["regions"] = new JArray("westeurope", "northeurope"),
                ["initial_primary_region"] = "westeurope",
                ["workspace_sets"] = new JArray(new JObject
                {
                    ["name"] = "bench", ["workspace_ids"] = new JArray(_emulator["primary"].OrgId, _emulator["secondary"].OrgId),
                }),
            };
            using var r = await Http.PostAsync(_emulator.ControlUrl + "/account/failover-groups",
                new StringContent(body.ToString(), Encoding.UTF8, "application/json")).ConfigureAwait(false);
            r.EnsureSuccessStatusCode();
        }

        private async Task<JObject> AccountAsync(HttpMethod method, string suffix, JObject? body = null)
        {
            using var request = new HttpRequestMessage(method,
                $"{_emulator.AccountUrl}/api/disaster-recovery/v1/accounts/{_emulator.Account.AccountId}/failover-groups/{FollowGroup}{suffix}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "eyJ-bench-account");
            if (body != null) request.Content = new StringContent(body.ToString(), Encoding.UTF8, "application/json");
            using var r = await Http.SendAsync(request).ConfigureAwait(false);
            var text = await r.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {suffix}: {(int)r.StatusCode} {text}");
            return JObject.Parse(text);
        }

        /// <summary>Fails the group over (as the platform team would, outside DltDr) and answers how long until it was ACTIVE again.</summary>
        private async Task<double> MoveGroupAsync(string region)
        {
            var watch = Stopwatch.StartNew();
            await AccountAsync(HttpMethod.Post, "/failover", new JObject { ["target_primary_region"] = region, ["failover_type"] = "FORCED" })
                .ConfigureAwait(false);
            while ((string?)(await AccountAsync(HttpMethod.Get, string.Empty).ConfigureAwait(false))["state"] != "ACTIVE")
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
            return watch.Elapsed.TotalSeconds;
        }

        private async Task FollowAsync()
        {
            var names = string.Join(",", Enumerable.Range(3, _o.Follow).Select(PairName));
            ClearLogs();
            var there = Ps(AccountToken + $"Set-DltDrActiveRegion -Pair {names} -Region Secondary -Force -Token $acct", expect: _o.Follow);
            System.Threading.Thread.Sleep(1500);
            var back = Ps(AccountToken + $"Set-DltDrActiveRegion -Pair {names} -Region Primary -Force -Token $acct", expect: _o.Follow);
            System.Threading.Thread.Sleep(1500);

            var group = await MoveGroupAsync("northeurope").ConfigureAwait(false);
            var sync = Ps(AccountToken + "Sync-DltDrActiveRegion -Group follow -Force -Token $acct", expect: _o.Follow);
            System.Threading.Thread.Sleep(1500);
            // Back in one command: the failover group first (waited for until ACTIVE), then the pipelines.
            var both = Ps(AccountToken + "Set-DltDrActiveRegion -Group follow -Region Primary -FailoverGroup -Force -Token $acct",
                expect: _o.Follow);

            var syncRatio = sync / there;
            var bothRatio = (both - group) / back;
            _caseRows.Add($"| {(_o.Repeat > 1 ? $"{_run} | " : "")}follow | Sync-DltDrActiveRegion of {_o.Follow} after the group moved "
                + $"({Seconds(group)}) | {Seconds(sync)} | {Seconds(there)} (the same {_o.Follow} switched directly) | {syncRatio:0.00}x | | | {_lastWarnings} |");
            _caseRows.Add($"| {(_o.Repeat > 1 ? $"{_run} | " : "")}follow | -FailoverGroup back, group and {_o.Follow} pairs | {Seconds(both)} | "
                + $"{Seconds(back)} + the group's {Seconds(group)} | {bothRatio:0.00}x | | | {_lastWarnings} |");
            Sample($"Follow: Sync-DltDrActiveRegion of {_o.Follow} pairs within 1.10x of the same switched directly", 1.1, syncRatio,
                $"{syncRatio:0.00}x ({Seconds(sync)} against {Seconds(there)})");
            Sample($"Follow: -FailoverGroup of the group and {_o.Follow} pairs within 1.10x of the direct switch plus the group's failover",
                1.1, bothRatio, $"{bothRatio:0.00}x ({Seconds(both)} against {Seconds(back)} + {Seconds(group)})");
        }
    }
}
