<#
.SYNOPSIS
    Writes last month's DR report of every pair (or a group) into a folder, once a month: the page
    an auditor asks for, with each pair's objectives, drills, recoveries and readiness.

.DESCRIPTION
    Run it daily from a scheduled task, a systemd timer or cron (../scheduled-task/Register-DltDrHealthCheck.ps1
    -Job Report registers it): the first run of a month writes dr-report-YYYY-MM.html for the month
    before, covering that month and the days of this one so far; later runs that month find the
    file and write nothing, so a run missed on the 1st is made up the next day. -Force writes again.

    It reads the workspaces only (status and history) and fails the job (exit code 1) when the
    report could not be written. Its output ends with the summary object: the file, and how many
    pairs are within their objectives, at risk and failing.

.EXAMPLE
    ./Export-DltDrMonthlyReport.ps1 -PairPath /etc/dltdr/pairs -OutputFolder /srv/share/dr-reports
#>
[CmdletBinding()]
param(
    # The folders of the pair files (otherwise $env:DLTDR_PAIR_PATH or the per-user store).
    [string[]] $PairPath,

    # Only the pairs of this group.
    [string] $Group,

    # Where the monthly files go (a file share the auditors read, for example).
    [Parameter(Mandatory)]
    [string] $OutputFolder,

    # Write this month's file again even if it is there.
    [switch] $Force,

    # A token for the workspaces (otherwise each region's auth settings are used).
    [securestring] $Token
)

$ErrorActionPreference = 'Stop'
try {
    Import-Module DltDr -ErrorAction Stop
}
catch {
    # Run from a clone: the module as the build leaves it (dotnet build -c Release).
    $built = Join-Path $PSScriptRoot '../out/DltDr/DltDr.psd1'
    if (Test-Path $built) { Import-Module $built -ErrorAction Stop }
    else { throw "The DltDr module could not be loaded, so no report was written: $($_.Exception.Message) Put the DltDr folder in a folder of `$env:PSModulePath. From a clone, build it first: dotnet build -c Release." }
}
if ($PairPath) { $DltDrPairPath = @($PairPath | ForEach-Object { $_ -split [IO.Path]::PathSeparator } | Where-Object { $_ }) }
if (-not (Test-Path -LiteralPath $OutputFolder -PathType Container)) {
    throw "The output folder '$OutputFolder' does not exist: -OutputFolder names where the monthly reports go. No report was written."
}

# Last month, as of the first day of this one (UTC): its name is on the file.
$now = [DateTimeOffset]::UtcNow
$month = [DateTimeOffset]::new($now.Year, $now.Month, 1, 0, 0, 0, [TimeSpan]::Zero).AddMonths(-1)
$file = Join-Path $OutputFolder ('dr-report-{0:yyyy-MM}.html' -f $month)
if ((Test-Path -LiteralPath $file) -and -not $Force) {
    "SKIP    $file is there already: this month's report was written."
    return
}

$common = @{ Path = $file; Since = $month; PassThru = $true }
if ($Token) { $common.Token = $Token }
if ($Group) { $common.Group = $Group }
$report = Export-DltDrReport @common
"WROTE   $file`: $($report.Pairs.Count) pair(s), $($report.WithinObjectives) within objectives, $($report.AtRisk) at risk, $($report.Failing) failing."
[pscustomobject]@{
    PSTypeName       = 'DltDr.MonthlyReport'
    File             = $file
    Since            = $month
    Pairs            = $report.Pairs.Count
    WithinObjectives = $report.WithinObjectives
    AtRisk           = $report.AtRisk
    Failing          = $report.Failing
}
