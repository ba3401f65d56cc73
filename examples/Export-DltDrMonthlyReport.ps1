<#
.SYNOPSIS
    Writes last month's DR report of every pair (or a group) once a month, into a folder or an
    Azure Blob Storage container: the page an auditor asks for, with each pair's objectives, drills,
    recoveries and readiness.

.DESCRIPTION
    Run it daily from a scheduled task, a systemd timer or cron (../scheduled-task/Register-DltDrHealthCheck.ps1
    -Job Report registers it), or from an Azure Automation schedule: the first run of a month writes
    dr-report-YYYY-MM.html for the month before, covering that month and the days of this one so far;
    later runs that month find the file and write nothing, so a run missed on the 1st is made up the
    next day. -Force writes again.

    In Azure Automation the sandbox's disk does not outlast the job, so give -StorageContainerUrl:
    the report is put in that container (a block blob, text/html) with the Automation account's
    managed identity (IDENTITY_ENDPOINT and IDENTITY_HEADER, which the sandbox sets; give the
    identity the Storage Blob Data Contributor role on the container), and the pairs come from
    Automation variables (-PairVariable) as the failover runbooks take them.

    It reads the workspaces only (status and history) and fails the job (exit code 1) when the
    report could not be written. Its output ends with the summary object: where the report is, and
    how many pairs are within their objectives, at risk and failing.

.EXAMPLE
    ./Export-DltDrMonthlyReport.ps1 -PairPath /etc/dltdr/pairs -OutputFolder /srv/share/dr-reports

.EXAMPLE
    # An Azure Automation runbook, run daily by a schedule:
    .\Export-DltDrMonthlyReport.ps1 -PairVariable SalesPair, HrPair -StorageContainerUrl https://drevidence.blob.core.windows.net/reports
#>
[CmdletBinding(DefaultParameterSetName = 'Folder')]
param(
    # The folders of the pair files (otherwise $env:DLTDR_PAIR_PATH or the per-user store).
    [string[]] $PairPath,

    # Automation variables holding pair definitions as JSON (in Azure Automation, instead of a pair store).
    [string[]] $PairVariable,

    # Only the pairs of this group.
    [string] $Group,

    # Where the monthly files go (a file share the auditors read, for example).
    [Parameter(Mandatory, ParameterSetName = 'Folder')]
    [string] $OutputFolder,

    # An Azure Blob Storage container the monthly files go to, written with the managed identity.
    [Parameter(Mandatory, ParameterSetName = 'Storage')]
    [uri] $StorageContainerUrl,

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
    else { throw "The DltDr module could not be loaded, so no report was written: $($_.Exception.Message) Put the DltDr folder in a folder of `$env:PSModulePath (in Azure Automation: add it as a module of the account). From a clone, build it first: dotnet build -c Release." }
}
if ($PairPath) { $DltDrPairPath = @($PairPath | ForEach-Object { $_ -split [IO.Path]::PathSeparator } | Where-Object { $_ }) }
if ($PSCmdlet.ParameterSetName -eq 'Folder' -and -not (Test-Path -LiteralPath $OutputFolder -PathType Container)) {
    throw "The output folder '$OutputFolder' does not exist: -OutputFolder names where the monthly reports go. No report was written."
}

# The managed identity's token for Azure Storage, as the Automation sandbox hands it out.
function Get-StorageToken {
    if (-not $env:IDENTITY_ENDPOINT -or -not $env:IDENTITY_HEADER) {
        throw "-StorageContainerUrl writes with the Automation account's managed identity, and IDENTITY_ENDPOINT and IDENTITY_HEADER are not set: run it in Azure Automation with a managed identity, or give -OutputFolder. No report was written."
    }
    $uri = "$($env:IDENTITY_ENDPOINT)?api-version=2019-08-01&resource=$([uri]::EscapeDataString('https://storage.azure.com/'))"
    (Invoke-RestMethod -Uri $uri -Headers @{ 'X-IDENTITY-HEADER' = $env:IDENTITY_HEADER }).access_token
}

# Last month, as of the first day of this one (UTC): its name is on the file.
$now = [DateTimeOffset]::UtcNow
$month = [DateTimeOffset]::new($now.Year, $now.Month, 1, 0, 0, 0, [TimeSpan]::Zero).AddMonths(-1)
$name = 'dr-report-{0:yyyy-MM}.html' -f $month
if ($PSCmdlet.ParameterSetName -eq 'Storage') {
    $target = "$($StorageContainerUrl.AbsoluteUri.TrimEnd('/'))/$name"
    $headers = @{ Authorization = "Bearer $(Get-StorageToken)"; 'x-ms-version' = '2021-08-06' }
    $there = try { $null = Invoke-WebRequest -Uri $target -Method Head -Headers $headers -UseBasicParsing; $true }
    catch { if ($_.Exception.Response -and [int]$_.Exception.Response.StatusCode -eq 404) { $false } else { throw "The storage container $StorageContainerUrl could not be read with the managed identity ($($_.Exception.Message)): give it the Storage Blob Data Contributor role there. No report was written." } }
    $file = Join-Path ([IO.Path]::GetTempPath()) $name
}
else {
    $target = Join-Path $OutputFolder $name
    $there = Test-Path -LiteralPath $target
    $file = $target
}
if ($there -and -not $Force) {
    "SKIP    $target is there already: this month's report was written."
    return
}

$common = @{ Path = $file; Since = $month; PassThru = $true }
if ($Token) { $common.Token = $Token }
if ($PairVariable) {
    # Get-AutomationVariable exists only inside an Automation job.
    $pairs = foreach ($v in @($PairVariable | ForEach-Object { $_ -split ',' } | Where-Object { $_ })) { Get-DltDrPair -Json (Get-AutomationVariable -Name $v) }
    $report = $pairs | Export-DltDrReport @common
}
else {
    if ($Group) { $common.Group = $Group }
    $report = Export-DltDrReport @common
}
if ($PSCmdlet.ParameterSetName -eq 'Storage') {
    try {
        $null = Invoke-WebRequest -Uri $target -Method Put -InFile $file -ContentType 'text/html; charset=utf-8' -UseBasicParsing `
            -Headers ($headers + @{ 'x-ms-blob-type' = 'BlockBlob' })
    }
    finally { Remove-Item -LiteralPath $file -ErrorAction Ignore }
}
"WROTE   $target`: $($report.Pairs.Count) pair(s), $($report.WithinObjectives) within objectives, $($report.AtRisk) at risk, $($report.Failing) failing."
[pscustomobject]@{
    PSTypeName       = 'DltDr.MonthlyReport'
    File             = $target
    Since            = $month
    Pairs            = $report.Pairs.Count
    WithinObjectives = $report.WithinObjectives
    AtRisk           = $report.AtRisk
    Failing          = $report.Failing
}
