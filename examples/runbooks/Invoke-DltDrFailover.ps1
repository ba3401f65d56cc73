<#
.SYNOPSIS
    Azure Automation runbook: fails a DLT pipeline pair over to a region with the Automation
    account's managed identity, and reports what happened.

.DESCRIPTION
    Import the DltDr module into the Automation account (Modules > Add a module), give the account's
    managed identity access to both Databricks workspaces, and store the pair definition as JSON in
    an Automation variable (its regions' auth: { "type": "azure-msi" }; add "azureClientId" for a
    user-assigned identity). Start the runbook with the pair's variable name and the region.

    The job fails (a terminating error that says why) when the module cannot load, the definition is
    invalid or the failover fails. An unplanned failover that left the old region pending demotion
    succeeds with a warning: run the runbook again (without -Unplanned) when that region answers, and
    it demotes it. The output ends with one object (pair, active region, pending demotion, recovery
    time, health afterwards) that an alert or the next runbook can read.

    The pair's notebooks folder is not needed: only publishing reads it.

.EXAMPLE
    Start-AzAutomationRunbook -AutomationAccountName dr-automation -ResourceGroupName rg-dr `
        -Name Invoke-DltDrFailover -Parameters @{ PairVariable = 'SalesPair'; Region = 'Secondary' }
#>
param(
    # The Automation variable holding the pair definition as JSON.
    [Parameter(Mandatory, ParameterSetName = 'Variable')]
    [string] $PairVariable,

    # The pair definition as JSON text (for testing the runbook outside Automation).
    [Parameter(Mandatory, ParameterSetName = 'Json')]
    [string] $PairJson,

    # The region to make active.
    [Parameter(Mandatory)]
    [ValidateSet('Primary', 'Secondary')]
    [string] $Region,

    # Fail over even when the other region cannot be reached (an unplanned failover).
    [switch] $Unplanned,

    # How long to wait for the new active pipeline to run.
    [int] $TimeoutMinutes = 30
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

if ($PSCmdlet.ParameterSetName -eq 'Variable') {
    # Get-AutomationVariable exists only inside an Automation job.
    $PairJson = Get-AutomationVariable -Name $PairVariable
}
$pair = Get-DltDrPair -Json $PairJson

"Making $Region active for pair '$($pair.Name)'$(if ($Unplanned) { ' (unplanned)' })."
$before = Get-DltDrStatus -Pair $pair
"Before: active region $($before.ActiveRegion); $($before.Primary); $($before.Secondary)."

$result = Set-DltDrActiveRegion -Pair $pair -Region $Region -Unplanned:$Unplanned -TimeoutMinutes $TimeoutMinutes -Force -Verbose

foreach ($step in $result.Steps) { "  $step" }
if ($result.RecoveryTime) {
    "Recovery: $Region ran $([math]::Round($result.RecoveryTime.TotalSeconds, 1)) s after the failover started."
}
if ($result.PendingDemotion) {
    "The old region is pending demotion ($($result.PendingDemotionReason)): it may still be running. Run this runbook again when it answers."
}

$after = Get-DltDrStatus -Pair $pair
"After: active region $($after.ActiveRegion); $($after.Primary); $($after.Secondary)."
foreach ($problem in $after.Problems) { "  Problem: $problem" }

# The job's output ends with an object other runbooks and alerts can read.
[pscustomobject]@{
    Pair            = $pair.Name
    ActiveRegion    = [string]$result.ActiveRegion
    Previous        = [string]$result.PreviousActiveRegion
    Changed         = $result.Changed
    PendingDemotion = $result.PendingDemotion
    RecoverySeconds = if ($result.RecoveryTime) { [math]::Round($result.RecoveryTime.TotalSeconds, 1) } else { $null }
    Healthy         = $after.Healthy
    Problems        = @($after.Problems | ForEach-Object { [string]$_.Code })
}
