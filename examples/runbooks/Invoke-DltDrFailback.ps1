<#
.SYNOPSIS
    Runbook: fails DLT pipeline pairs back to their primary region after an incident, safely.

.DESCRIPTION
    A failback is planned: both regions must answer. For each pair the runbook checks that,
    catches the primary (now the standby) up so it starts from a small backlog, makes the primary
    active (the secondary keeps running until the primary runs), and reads the status afterwards.

    The job fails (a terminating error that says why) when the module cannot load, a region cannot
    be reached (nothing has changed: fail back later), the catch-up fails or the switch fails. The
    output ends with one object: the pairs, which were switched, and whether all are healthy.

.EXAMPLE
    .\Invoke-DltDrFailback.ps1 -Pair sales

.EXAMPLE
    # In Azure Automation, with the definition in an Automation variable and the account's managed identity:
    Start-AzAutomationRunbook -AutomationAccountName dr-automation -ResourceGroupName rg-dr `
        -Name Invoke-DltDrFailback -Parameters @{ PairVariable = 'SalesPair' }
#>
param(
    # Pair names from the pair store.
    [Parameter(Mandatory, ParameterSetName = 'Name')]
    [string[]] $Pair,

    # The Automation variable holding the pair definition as JSON.
    [Parameter(Mandatory, ParameterSetName = 'Variable')]
    [string] $PairVariable,

    # A pair definition as JSON text.
    [Parameter(Mandatory, ParameterSetName = 'Json')]
    [string] $PairJson,

    # Skip the catch-up before failing back.
    [switch] $NoCatchUp,

    # How long to wait for the catch-up and for the primary to run.
    [int] $TimeoutMinutes = 30,

    # A token for both workspaces (otherwise each region's auth settings are used).
    [securestring] $Token
)

$ErrorActionPreference = 'Stop'
try {
    Import-Module DltDr -ErrorAction Stop
}
catch {
    # Run from a clone: the module as the build leaves it (dotnet build -c Release).
    $built = Join-Path $PSScriptRoot '../../out/DltDr/DltDr.psd1'
    if (Test-Path $built) { Import-Module $built -ErrorAction Stop }
    else { throw "The DltDr module could not be loaded, so nothing was switched: $($_.Exception.Message) Add the DltDr module to the Automation account (or put it in a folder of `$env:PSModulePath). From a clone, build it first: dotnet build -c Release." }
}

$pairs = switch ($PSCmdlet.ParameterSetName) {
    # Get-AutomationVariable exists only inside an Automation job.
    'Variable' { Get-DltDrPair -Json (Get-AutomationVariable -Name $PairVariable) }
    'Json' { Get-DltDrPair -Json $PairJson }
    default { Get-DltDrPair -Name $Pair }
}
$auth = @{}
if ($Token) { $auth.Token = $Token }

$switched = @()
$healthy = $true
foreach ($p in $pairs) {
    $status = Get-DltDrStatus -Pair $p @auth
    if (-not $status.Primary.Reachable -or -not $status.Secondary.Reachable) {
        throw "$($p.Name): both regions must answer for a failback ($($status.Primary); $($status.Secondary)). Nothing was changed."
    }
    if ($status.ActiveRegion -eq 'Primary' -and $status.Healthy) {
        "$($p.Name): the primary region is already active; nothing to do."
        continue
    }

    if (-not $NoCatchUp -and $status.ActiveRegion -eq 'Secondary') {
        "$($p.Name): catching up the primary region before failing back."
        $catchUp = Invoke-DltDrCatchUp -Pair $p -Region Primary -Wait -TimeoutMinutes $TimeoutMinutes -Confirm:$false @auth
        "$($p.Name): catch-up run $($catchUp.RunId) ended $($catchUp.Result) after $([math]::Round($catchUp.Duration.TotalSeconds, 1)) s."
    }

    $result = Set-DltDrActiveRegion -Pair $p -Region Primary -TimeoutMinutes $TimeoutMinutes -Force @auth
    foreach ($step in $result.Steps) { "  $step" }
    $switched += $p.Name

    $after = Get-DltDrStatus -Pair $p @auth
    "$($p.Name): failed back; active region $($after.ActiveRegion), healthy: $($after.Healthy)."
    if (-not $after.Healthy) {
        $healthy = $false
        foreach ($problem in $after.Problems) { "  Problem: $problem" }
    }
}

# The job's output ends with an object other runbooks and alerts can read.
[pscustomobject]@{
    Pairs        = @($pairs | ForEach-Object Name)
    Switched     = $switched
    ActiveRegion = 'Primary'
    Healthy      = $healthy
}
