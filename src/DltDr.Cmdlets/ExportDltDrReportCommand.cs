using System;
using System.IO;
using System.Management.Automation;
using DltDr.Engine;
using DltDr.Engine.Reports;
using DltDr.Engine.Status;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Export-DltDrReport: the DR report an auditor reads, as one self-contained HTML file: the estate
    /// summary (pairs within objectives, at risk, failing; the last drill), then per pair its roles and
    /// health now, standby lag against its objective, every switch and drill of the period with who
    /// ran it and its recovery, a chart of the recoveries against the objective, and its readiness.
    /// It reads what the module already records and writes nothing to the workspaces.
    /// </summary>
    [Cmdlet(VerbsData.Export, "DltDrReport", DefaultParameterSetName = AllPairs, SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(EstateReport))]
    public sealed class ExportDltDrReportCommand : PairCmdlet
    {
        public const string AllPairs = "All";

        /// <summary>Every pair of the pair store (the default when neither -Pair nor -Group is given).</summary>
        [Parameter(ParameterSetName = AllPairs)]
        public SwitchParameter All { get; set; }

        /// <summary>The HTML file to write (replaced if it exists); dltdr-report-DATE.html in the current folder by default.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The start of the period: switches and drills since then are listed and judged (90 days back by default).</summary>
        [Parameter]
        public DateTimeOffset? Since { get; set; }

        /// <summary>Also return the report's data (an EstateReport with a PairReport per pair), for a page of your own.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName != AllPairs)
            {
                base.ProcessRecord();
                return;
            }
            var any = false;
            foreach (var pair in ReadFromStore("*", string.Empty))
            {
                any = true;
                AddPair(pair);
            }
            if (!any) WriteError(ErrorMapping.NoPairs(PairStore));
        }

        protected override void ProcessPairs()
        {
            var now = Options(Queue).Clock.UtcNow;
            var since = Since ?? now.AddDays(-90);
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path ?? $"dltdr-report-{now:yyyy-MM-dd}.html");
            var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (since > now)
            {
                ThrowTerminatingError(ErrorMapping.Record(new ArgumentException(
                    $"-Since {since:yyyy-MM-dd HH:mm} is in the future: give the start of the period to report, such as "
                        + "(Get-Date).AddDays(-30). Nothing was read or written."), ErrorIds.InvalidReportParameter, Since));
            }
            if (folder == null || !Directory.Exists(folder))
            {
                ThrowTerminatingError(ErrorMapping.Record(new DirectoryNotFoundException(
                    $"-Path '{path}': the folder '{folder}' does not exist. Give a file in an existing folder; nothing was read or "
                        + "written."), ErrorIds.InvalidReportParameter, Path));
            }
            if (Pairs.Count == 0) return;
            if (!ShouldProcess(path, $"Write the DR report of {Pairs.Count} pair(s) since {since:yyyy-MM-dd}", force: false)) return;
            EstateReport? report = null;
            RunEngine(async (session, output) => report = await new ReportCommand(session, new StatusOptions())
            {
                Since = since,
                ThrottleLimit = ThrottleLimit,
                GeneratedBy = $"{System.Environment.MachineName} ({System.Environment.UserName})",
            }.RunAsync(Pairs, output, Cancel).ConfigureAwait(false));
            ReportFile.Write(path, report!);
            Verbose($"Wrote the DR report of {report!.Pairs.Count} pair(s) to {path}: {report.WithinObjectives} within objectives, "
                + $"{report.AtRisk} at risk, {report.Failing} failing.");
            if (PassThru) WriteObject(report);
        }
    }
}
