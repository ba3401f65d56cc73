<#
.SYNOPSIS
    Scheduled job or runbook: the pipelines of pair groups follow their account failover groups.

.DESCRIPTION
    Run it every few minutes (Task Scheduler, systemd, cron, or an Azure Automation schedule). For
    each group, Sync-DltDrActiveRegion makes every pair active where the group's failover group
    (failoverGroup in GROUP.group.json) has its primary: nothing when they agree, planned where the
    old region answers, unplanned where it does not (the next run finishes the demotion). A failover
    group that is failing over moves nothing until it is ACTIVE.

    The pair files and group files are read from -PairPath. The account host refuses a workspace's
    personal access token: DATABRICKS_TOKEN must hold an account-level token, which the workspaces
    accept too; in Azure Automation, -UseManagedIdentity gets one for the Automation account's
    managed identity (Az.Accounts).

    The job fails (a terminating error that says why) when the module cannot load, a failover group
    cannot be read or a pair cannot be switched; its output ends with one object per group that an
    alert can read.

.EXAMPLE
    ./examples/Sync-DltDrFailoverGroups.ps1 -PairPath ./pairs -Group lake
#>
param(
    # The folder of the pair files and group files.
    [Parameter(Mandatory)]
    [string] $PairPath,

    # The groups whose pairs follow their failover group.
    [Parameter(Mandatory)]
    [string[]] $Group,

    # Get the account-level token for the Automation account's managed identity (needs Az.Accounts).
    [switch] $UseManagedIdentity,

    # How long a region may stay silent before it counts as down (then the switch is unplanned).
    [int] $RegionTimeoutSec = 60
)

$ErrorActionPreference = 'Stop'
try {
    Import-Module DltDr -ErrorAction Stop
}
catch {
    # Run from a clone: the module as the build leaves it (dotnet build -c Release).
    $built = Join-Path $PSScriptRoot '../out/DltDr/DltDr.psd1'
    if (Test-Path $built) { Import-Module $built -ErrorAction Stop }
    else { throw "The DltDr module could not be loaded, so nothing was synced: $($_.Exception.Message) Install DltDr, or from a clone build it first: dotnet build -c Release." }
}
if ($UseManagedIdentity) {
    $null = Connect-AzAccount -Identity
    # The Azure Databricks resource: its tokens are accepted by the account host and the workspaces.
    $env:DATABRICKS_TOKEN = (Get-AzAccessToken -ResourceUrl '2ff814a6-3304-4ab8-85cb-cd0e6f879c1d').Token
}
$env:DLTDR_PAIR_PATH = (Resolve-Path $PairPath).Path

foreach ($g in $Group) {
    $results = @(Sync-DltDrActiveRegion -Group $g -Force -RegionTimeoutSec $RegionTimeoutSec -WarningVariable warned)
    # A failover group failing over is a moment to wait; one that cannot be read is a job to fail (and alert on).
    $unread = @($warned | Where-Object { $_.Message -like '*could not be read*' })
    if ($unread) { throw "Group ${g}: $($unread[0].Message) Nothing of its pairs was moved." }
    foreach ($r in $results) {
        $what = if (-not $r.Changed) { 'already there' } elseif ($r.Unplanned) { 'switched unplanned (the old region is pending demotion)' } else { 'switched' }
        "$($r.Pair): $($r.ActiveRegion) active, $what."
    }
    [pscustomobject]@{ Group = $g; Pairs = $results.Count; Switched = @($results | Where-Object Changed).Count; PendingDemotion = @($results | Where-Object PendingDemotion).Count }
}
