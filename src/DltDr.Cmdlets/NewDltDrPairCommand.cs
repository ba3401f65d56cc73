using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using DltDr.Engine;
using DltDr.Engine.Auth;
using DltDr.Engine.Onboarding;
using DltDr.Engine.Pairs;
using Newtonsoft.Json.Linq;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// New-DltDrPair: drafts pair definitions from pipelines that already run in the primary
    /// workspace (by name, wildcard, id, or all): their settings, their notebooks exported beside
    /// the pair file, and a warning for every value bound to the primary region. It only reads the
    /// workspace; it writes local files, after -WhatIf/-Confirm.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "DltDrPair", DefaultParameterSetName = ByName, SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PairDraft))]
    public sealed class NewDltDrPairCommand : EngineCmdlet
    {
        public const string ByName = "ByName";
        public const string ById = "ById";
        public const string AllPipelines = "All";
        public const string FromBundle = "Bundle";

        private readonly List<string> _names = new List<string>();
        private readonly List<string> _ids = new List<string>();
        private PairDefinition? _session;
        private string? _bundle;
        private DraftSettings? _settings;

        /// <summary>Pipeline names in the primary workspace; wildcards take every pipeline that matches ('sales*').</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
            ParameterSetName = ByName)]
        [Parameter(ParameterSetName = FromBundle)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [Alias("Filter")]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Pipeline ids in the primary workspace.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ById)]
        [ValidateNotNullOrEmpty]
        [Alias("pipeline_id")]
        public string[] PipelineId { get; set; } = Array.Empty<string>();

        /// <summary>
        /// The resolved configuration of a Databricks Asset Bundle, as 'databricks bundle validate
        /// --output json' prints it, saved in the bundle's root: its pipelines (or those -Name
        /// matches) are drafted from the bundle's own files; no workspace is read.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = FromBundle)]
        [ValidateNotNullOrEmpty]
        public string Bundle { get; set; } = string.Empty;

        /// <summary>Every pipeline of the primary workspace.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AllPipelines)]
        public SwitchParameter All { get; set; }

        /// <summary>The workspace the pipelines run in now: the pair's primary region.</summary>
        [Parameter]
        public Uri? PrimaryHost { get; set; }

        /// <summary>The workspace in the other region: the pair's secondary.</summary>
        [Parameter]
        public Uri? SecondaryHost { get; set; }

        /// <summary>
        /// A pair whose regions' hosts and auth, catch-up schedule and objectives the new pairs take
        /// (a name from the pair store, or Get-DltDrPair output). -PrimaryHost and -SecondaryHost win over its hosts.
        /// </summary>
        [Parameter]
        [ArgumentCompleter(typeof(PairNameCompleter))]
        public PairReference? Template { get; set; }

        /// <summary>The folder for the pair files (created when missing); each pair's notebooks go in notebooks/PAIR beside them.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = ".";

        /// <summary>Replace pair files (and their notebooks folders) that exist; without it such a pipeline is an error, skipped.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>The most pipelines read and exported at once (calls are paced per workspace under the request limits).</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = 64;

        internal override IEnumerable<PairDefinition> SessionPairs => _session == null ? Array.Empty<PairDefinition>() : new[] { _session };

        protected override void BeginProcessing()
        {
            var template = Template == null ? null : Template.Definition ?? ReadFromStore(Template.Name, ".").FirstOrDefault();
            if (Template != null && template == null)
            {
                ThrowTerminatingError(Invalid($"-Template: no pair named '{Template.Name}' could be read; nothing was read or written."));
            }
            var bundle = ParameterSetName == FromBundle ? SessionState.Path.GetUnresolvedProviderPathFromPSPath(Bundle) : null;
            if (bundle != null && !File.Exists(bundle))
            {
                ThrowTerminatingError(Invalid($"-Bundle: {bundle} does not exist. Save the output of 'databricks bundle validate --output "
                    + "json' in the bundle's root and give that file. Nothing was read or written."));
            }
            _bundle = bundle;
            var primary = PrimaryHost ?? template?.Primary.Host ?? (bundle == null ? null : BundleHost(bundle));
            var secondary = SecondaryHost ?? template?.Secondary.Host;
            if (primary == null || secondary == null)
            {
                ThrowTerminatingError(Invalid($"-{(primary == null ? "PrimaryHost" : "SecondaryHost")}: give the workspace "
                    + $"{(primary == null ? "the pipelines run in now" : "in the other region")} (https://adb-....azuredatabricks.net), "
                    + "or -Template a pair that names it. Nothing was read or written."));
            }
            foreach (var (host, param) in new[] { (primary!, "PrimaryHost"), (secondary!, "SecondaryHost") })
            {
                if (!host.IsAbsoluteUri || (host.Scheme != Uri.UriSchemeHttps && host.Scheme != Uri.UriSchemeHttp))
                {
                    ThrowTerminatingError(Invalid(
                        $"-{param}: '{host}' is not a workspace URL; give https://HOST. Nothing was read or written."));
                }
            }
            if (string.Equals(primary!.GetLeftPart(UriPartial.Authority), secondary!.GetLeftPart(UriPartial.Authority),
                StringComparison.OrdinalIgnoreCase))
            {
                ThrowTerminatingError(Invalid($"-SecondaryHost is the primary workspace ({primary.GetLeftPart(UriPartial.Authority)}): "
                    + "a pair needs a workspace in another region. Nothing was read or written."));
            }
            var folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            if (File.Exists(folder))
            {
                ThrowTerminatingError(Invalid(
                    $"-Path: {folder} is a file; give a folder for the pair files. Nothing was read or written."));
            }
            _settings = new DraftSettings(primary, secondary, folder)
            {
                Overwrite = Force.IsPresent,
                PrimaryAuth = template == null ? null : AuthJson(template.Primary.Auth),
                SecondaryAuth = template == null ? null : AuthJson(template.Secondary.Auth),
                CatchUp = template == null ? null
                    : new JObject { ["schedule"] = template.CatchUp.QuartzCron, ["timezone"] = template.CatchUp.TimeZone },
                Objectives = template == null || !template.Objectives.Any ? null : ObjectivesJson(template.Objectives),
            };
            _session = SessionPair(primary, secondary, template);
        }

        protected override void ProcessRecord()
        {
            _names.AddRange(Name);
            _ids.AddRange(PipelineId);
        }

        protected override void Work()
        {
            if (_settings == null) return;
            var settings = _settings;
            IReadOnlyList<PairDraft> drafts = Array.Empty<PairDraft>();
            IReadOnlyList<string> notTaken = Array.Empty<string>();
            RunEngine(async (session, output) =>
            {
                if (_bundle != null)
                {
                    var fromBundle = new BundleImporter(settings, session.Clock);
                    drafts = fromBundle.Draft(_bundle, _names, output);
                    notTaken = fromBundle.NotTaken;
                    return;
                }
                var importer = new PairImporter(session.For(_session!, Region.Primary), settings, session.Clock)
                {
                    ThrottleLimit = ThrottleLimit,
                };
                var selection = new PipelineSelection(_names, _ids, All.IsPresent);
                drafts = await importer.DraftAsync(selection, output, Cancel).ConfigureAwait(false);
                notTaken = importer.NotTaken;
            });
            var failed = new List<string>(notTaken);
            foreach (var draft in drafts)
            {
                foreach (var w in draft.Warnings) WriteWarning($"{draft.Pair}: {w}");
                var noun = draft.IsFileTree ? "file" : "notebook";
                var what = $"Write {draft.Pair}.json and {draft.Notebooks.Count} {noun}{(draft.Notebooks.Count == 1 ? "" : "s")} "
                    + $"(from the pipeline '{draft.PipelineName}', {draft.PipelineId}; catch-up {draft.CatchUp}"
                    + $"{(draft.CatchUpIsDefault ? ", the default" : "")}; {draft.Objectives}"
                    + $"{(draft.ObjectivesAreDefault ? ", the defaults" : "")})";
                if (!ShouldProcess(draft.Path, what, Force.IsPresent))
                {
                    if (WhatIfRequested) WriteObject(draft);
                    continue;
                }
                try
                {
                    PairImporter.Write(draft, settings.Overwrite);
                    WriteObject(draft);
                }
                catch (Exception ex) when (ex is OnboardingException || ex is IOException || ex is UnauthorizedAccessException)
                {
                    failed.Add(draft.PipelineId);
                    WriteError(ErrorMapping.ToRecord(ex, draft.Pair));
                }
            }
            if (failed.Count > 0 && !Stopping)
            {
                var written = drafts.Count(d => d.Written);
                var which = string.Join(", ", failed);
                WriteWarning($"{failed.Count} pipeline{(failed.Count == 1 ? " was" : "s were")} not taken in ({which}); "
                    + $"the {written} pair file{(written == 1 ? " is" : "s are")} written. Fix what the errors say, then run New-DltDrPair "
                    + $"-PipelineId (or -Name) for those again; the files written stay (add -Force to replace one).");
            }
        }

        /// <summary>The bundle's workspace host, when its configuration names one (a reader's error is said when drafting).</summary>
        private static Uri? BundleHost(string path)
        {
            try
            {
                return BundleImporter.HostOf(path);
            }
            catch (OnboardingException)
            {
                return null;
            }
        }

        private static ErrorRecord Invalid(string message)
            => ErrorMapping.ToRecord(new OnboardingException(ErrorIds.InvalidNewPairParameter, message), null);

        /// <summary>A region's auth as a pair file writes it: the type and its settings, never a secret.</summary>
        private static JObject? AuthJson(AuthSettings a)
        {
            if (a.AuthType == null) return null;
            var o = new JObject { ["type"] = a.AuthType };
            if (a.Profile != null) o["profile"] = a.Profile;
            if (a.ClientId != null) o["clientId"] = a.ClientId;
            if (a.AzureClientId != null) o["azureClientId"] = a.AzureClientId;
            if (a.AzureTenantId != null) o["tenantId"] = a.AzureTenantId;
            if (a.AzureUseMsi != null) o["useMsi"] = a.AzureUseMsi.Value;
            if (a.AzureWorkspaceResourceId != null) o["workspaceResourceId"] = a.AzureWorkspaceResourceId;
            return o;
        }

        private static JObject ObjectivesJson(Objectives o)
        {
            var j = new JObject();
            if (o.RecoveryTime is TimeSpan r) j["recoveryTime"] = ((long)r.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "m";
            if (o.StandbyLag is TimeSpan l) j["standbyLag"] = ((long)l.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "m";
            return j;
        }

        /// <summary>
        /// A pair that names only the two workspaces (and the template's auth): what the command's
        /// session opens clients from. It is not written anywhere.
        /// </summary>
        private static PairDefinition SessionPair(Uri primary, Uri secondary, PairDefinition? template)
        {
            JObject Region(Uri host, AuthSettings? auth)
            {
                var r = new JObject { ["host"] = host.GetLeftPart(UriPartial.Authority) };
                if (auth != null && AuthJson(auth) is JObject a) r["auth"] = a;
                return r;
            }
            var root = new JObject
            {
                ["name"] = "new-dltdr-pair",
                ["pipeline"] = new JObject { ["name"] = "new-dltdr-pair", ["catalog"] = "main", ["schema"] = "default" },
                ["notebooks"] = new JObject { ["source"] = ".", ["workspaceDirectory"] = "/Shared/dltdr/new" },
                ["catchUp"] = new JObject { ["schedule"] = DraftSettings.DefaultSchedule, ["timezone"] = DraftSettings.DefaultTimeZone },
                ["regions"] = new JObject
                {
                    ["primary"] = Region(primary, template?.Primary.Auth),
                    ["secondary"] = Region(secondary, template?.Secondary.Auth),
                },
            };
            return PairDefinitionReader.FromObject(root, "New-DltDrPair", Directory.GetCurrentDirectory());
        }
    }
}
