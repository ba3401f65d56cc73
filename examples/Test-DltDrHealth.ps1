<#
.SYNOPSIS
    Nightly health check of DLT pipeline pairs: succeeds when every pair is healthy, and otherwise
    fails (a terminating error, so a scheduled task exits 1 and an Azure Automation job is Failed),
    saying why.

.DESCRIPTION
    Schedule it after the standby's catch-up (for example at 06:00) from Task Scheduler, a systemd
    timer or cron (see scheduled-task/Register-DltDrHealthCheck.ps1), a CI schedule or an Azure
    Automation schedule, and alert on a failed run.

    It also runs Test-DltDrFailover for each pair (unless -SkipReadiness) and fails when a standby
    could not take over now: NOTREADY lines name the failed check. Its validate_only update of the
    standby pipeline is the check's only write; it processes no data.

    It reads every pair in the pair store (or those named, or one given as JSON) and prints one line
    per pair and per problem: pair, code, region and the sentence Get-DltDrStatus gives, such as a
    stale or lagging standby, a failing catch-up, both or neither region active, a pending demotion,
    refused credentials or settings drift. Its output ends with one summary object (Status Healthy,
    Unhealthy or Unchecked, the pairs, problems and errors) that an alert rule or the next runbook
    can read; then, unless every pair is healthy, it throws.

    A pair that cannot be checked (not found, invalid, a region unreachable) counts as a failure:
    a health check that cannot see must not report all clear.

.EXAMPLE
    pwsh -NoProfile -NonInteractive -File ./Test-DltDrHealth.ps1 -Pair 'sales*' -PairPath /etc/dltdr/pairs

.EXAMPLE
    # An Azure Automation runbook, the pair definitions in Automation variables (as the failover
    # runbooks take them), the account's managed identity as each region's auth:
    .\Test-DltDrHealth.ps1 -PairVariable SalesPair, HrPair

.EXAMPLE
    # cron on Linux, every day at 06:00:
    # 0 6 * * *  pwsh -NoProfile -NonInteractive -File /opt/dltdr/Test-DltDrHealth.ps1 -PairPath /etc/dltdr/pairs || notify-oncall
#>
[CmdletBinding(DefaultParameterSetName = 'Store')]
param(
    # Pair names (wildcards allowed); every pair in the store when left out.
    [Parameter(ParameterSetName = 'Store')]
    [string[]] $Pair = '*',

    # The folders of the pair files (otherwise $env:DLTDR_PAIR_PATH or the per-user store); one
    # string separated like PATH works too.
    [Parameter(ParameterSetName = 'Store')]
    [string[]] $PairPath,

    # A pair definition as JSON text (for testing the runbook outside Automation).
    [Parameter(Mandatory, ParameterSetName = 'Json')]
    [string] $PairJson,

    # The Automation variables holding pair definitions as JSON, as the failover runbooks take them.
    [Parameter(Mandatory, ParameterSetName = 'Variable')]
    [string[]] $PairVariable,

    # How long after a scheduled catch-up the standby may still be catching up.
    [int] $CatchUpGraceMinutes = 60,

    # Report a standby whose data is further behind the active region's than this.
    [timespan] $MaxStandbyLag,

    # Leave out the readiness test (Test-DltDrFailover, whose validate_only update of each standby
    # pipeline is its only write): then the check reads only.
    [switch] $SkipReadiness,

    # A token for the workspaces (otherwise each region's auth settings are used).
    [securestring] $Token
)

$ErrorActionPreference = 'Stop'
# From a scheduled task's command line (-File) a list arrives as one string: 'sales*,hr'.
$Pair = @($Pair | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
try {
    Import-Module DltDr -ErrorAction Stop
}
catch {
    # Run from a clone: the module as the build leaves it (dotnet build -c Release).
    $built = Join-Path $PSScriptRoot '../out/DltDr/DltDr.psd1'
    if (Test-Path $built) { Import-Module $built -ErrorAction Stop }
    else { throw "The DltDr module could not be loaded, so no pair was checked: $($_.Exception.Message) Put the DltDr folder in a folder of `$env:PSModulePath (in Azure Automation: add it as a module of the account). From a clone, build it first: dotnet build -c Release." }
}

$common = @{ CatchUpGraceMinutes = $CatchUpGraceMinutes; ErrorAction = 'SilentlyContinue'; ErrorVariable = '+checkErrors' }
if ($Token) { $common.Token = $Token }
if ($PSBoundParameters.ContainsKey('MaxStandbyLag')) { $common.MaxStandbyLag = $MaxStandbyLag }
if ($PairPath) { $DltDrPairPath = $PairPath }

$checkErrors = @()
$pairs = if ($PSCmdlet.ParameterSetName -eq 'Json') {
    Get-DltDrPair -Json $PairJson -ErrorAction SilentlyContinue -ErrorVariable +checkErrors
}
elseif ($PSCmdlet.ParameterSetName -eq 'Variable') {
    # Get-AutomationVariable exists only inside an Automation job. A variable that cannot be read
    # counts as a pair not checked.
    foreach ($name in @($PairVariable | ForEach-Object { $_ -split ',' } | Where-Object { $_ })) {
        try { $text = Get-AutomationVariable -Name $name -ErrorAction Stop }
        catch { $checkErrors += $_; continue }
        Get-DltDrPair -Json $text -ErrorAction SilentlyContinue -ErrorVariable +checkErrors
    }
}
else {
    Get-DltDrPair -Name $Pair -ErrorAction SilentlyContinue -ErrorVariable +checkErrors
}
# Said as it goes (Write-Progress for a console, a line for a job's log): a readiness test
# validates each standby's pipeline, which takes seconds to minutes.
Write-Progress -Activity 'DltDr health check' -Status "Reading the status of $(@($pairs).Count) pair(s)"
Write-Host "CHECK   reading the status of $(@($pairs).Count) pair(s) at $([DateTimeOffset]::UtcNow.ToString('u'))"
$statuses = @(if ($pairs) { $pairs | Get-DltDrStatus @common })

$notReady = @()
if (-not $SkipReadiness -and $pairs) {
    # The same grace, lag bound, token and error collection as the status read.
    Write-Host "CHECK   testing whether each standby could take over (a validate-only update each)"
    Write-Progress -Activity 'DltDr health check' -Status 'Testing failover readiness'
    $notReady = @($pairs | Test-DltDrFailover @common | ForEach-Object {
            Write-Host "CHECK   $($_.Pair): $(if ($_.Ready) { 'ready' } else { 'not ready' }) to fail over to $($_.Region)"
            $_
        } | Where-Object { -not $_.Ready })
}

$problems = @()
foreach ($r in $notReady) {
    foreach ($c in $r.Failed) {
        $problems += [pscustomobject]@{ Code = "NotReady.$($c.Name)"; Region = $r.Region; Message = $c.Detail }
        "NOTREADY $($r.Pair): a failover to $($r.Region) would fail: $($c.Name): $($c.Detail)"
    }
}
foreach ($s in $statuses) {
    if ($s.Healthy) {
        "OK      $($s.Pair): $($s.ActiveRegion) active."
        continue
    }
    foreach ($p in $s.Problems) {
        $problems += $p
        "PROBLEM $($s.Pair): $($p.Code)$(if ($null -ne $p.Region) { " ($($p.Region))" }): $($p.Message)"
    }
}
foreach ($e in $checkErrors) {
    "ERROR   $($e.FullyQualifiedErrorId): $($e.Exception.Message)"
}

$status = if ($checkErrors.Count -gt 0 -or $statuses.Count -eq 0) { 'Unchecked' } elseif ($problems.Count -gt 0) { 'Unhealthy' } else { 'Healthy' }
$summary = [pscustomobject]@{
    PSTypeName = 'DltDr.HealthCheck'
    Status     = $status
    Pairs      = @($statuses | ForEach-Object Pair)
    Unhealthy  = @(@($statuses | Where-Object { -not $_.Healthy } | ForEach-Object Pair) + @($notReady | ForEach-Object Pair) | Select-Object -Unique)
    Problems   = @($problems | ForEach-Object { "$($_.Code)$(if ($null -ne $_.Region) { " ($($_.Region))" })" })
    Errors     = @($checkErrors | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] })
    CheckedAt  = [DateTimeOffset]::UtcNow
}
if ($status -eq 'Healthy') { "All $($statuses.Count) pair(s) healthy." }
Write-Progress -Activity 'DltDr health check' -Completed
$summary

switch ($status) {
    'Healthy' { }
    'Unhealthy' { throw "Health check failed: $($problems.Count) problem(s) in $($summary.Unhealthy.Count) of $($statuses.Count) pair(s): $($summary.Problems -join ', ')." }
    default {
        if ($statuses.Count -eq 0 -and $checkErrors.Count -eq 0) {
            throw "Health check failed: no pair matches '$($Pair -join "', '")', so nothing was checked. Set `$env:DLTDR_PAIR_PATH (or -PairPath) to the folder of your pair files."
        }
        throw "Health check failed: $($checkErrors.Count) pair(s) or region(s) could not be checked ($($summary.Errors -join ', '))$(if ($problems.Count) { "; $($problems.Count) problem(s) in the others" })."
    }
}
