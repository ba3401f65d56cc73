<#
.SYNOPSIS
    Runbook: fails a DLT pipeline pair back to its primary region after an incident, safely.

.DESCRIPTION
    A failback is planned: both regions must answer. The runbook checks that, catches the primary
    (now the standby) up so it starts from a small backlog, makes the primary active (the secondary
    keeps running until the primary runs), and checks the pair's status afterwards.

    It refuses, and the job fails with the reason, when a region cannot be reached or the catch-up
    fails: fail back later, nothing has changed.

.EXAMPLE
    .\Invoke-DltDrFailback.ps1 -Pair sales

.EXAMPLE
    # In Azure Automation, with the definition in an Automation variable:
    .\Invoke-DltDrFailback.ps1 -PairJson (Get-AutomationVariable -Name SalesPair)
#>
param(
    # Pair names from the pair store.
    [Parameter(Mandatory, ParameterSetName = 'Name')]
    [string[]] $Pair,

    # A pair definition as JSON text.
    [Parameter(Mandatory, ParameterSetName = 'Json')]
    [string] $PairJson,

    # Skip the catch-up before failing back.
    [switch] $NoCatchUp,

    # A token for both workspaces (otherwise each region's auth settings are used).
    [securestring] $Token
)

$ErrorActionPreference = 'Stop'
Import-Module DltDr

$pairs = if ($PSCmdlet.ParameterSetName -eq 'Json') { Get-DltDrPair -Json $PairJson } else { Get-DltDrPair -Name $Pair }
$auth = @{}
if ($Token) { $auth.Token = $Token }

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
        $catchUp = Invoke-DltDrCatchUp -Pair $p -Region Primary -Wait -Confirm:$false @auth
        "$($p.Name): catch-up run $($catchUp.RunId) ended $($catchUp.Result) after $([math]::Round($catchUp.Duration.TotalSeconds, 1)) s."
    }

    $result = Set-DltDrActiveRegion -Pair $p -Region Primary -Force @auth
    foreach ($step in $result.Steps) { "  $step" }

    $after = Get-DltDrStatus -Pair $p @auth
    "$($p.Name): failed back; active region $($after.ActiveRegion), healthy: $($after.Healthy)."
    $result
}
