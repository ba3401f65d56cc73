<#
.SYNOPSIS
    A complete failover drill of the example pair: publish, status, catch-up, failover, status and
    recovery time, failback, status.

.DESCRIPTION
    Runs against two workspaces given by -PrimaryHost and -SecondaryHost. Without them it starts the
    DltDr workspace emulator from this repository (dotnet run) on loopback, runs the drill against it
    and stops it, so the drill needs no Databricks account:

        pwsh ./examples/Start-DltDrDrill.ps1

    Without pwsh, `dotnet run --project src/DltDr.Drill` runs this same script in the PowerShell 7.6
    engine that the repository hosts.

.EXAMPLE
    ./examples/Start-DltDrDrill.ps1 -PrimaryHost https://adb-1.11.azuredatabricks.net -SecondaryHost https://adb-2.12.azuredatabricks.net -Token $token
#>
param(
    [string] $PrimaryHost,
    [string] $SecondaryHost,
    # A token for both workspaces; the emulator accepts any.
    [securestring] $Token,
    # The pair definition the drill publishes (its hosts are replaced by the ones above).
    [string] $PairFile = [System.IO.Path]::Combine($PSScriptRoot, 'pairs', 'sales.json')
)

$ErrorActionPreference = 'Stop'
# Each step's objects go to Out-Default on their own: a console lays out one table per type only
# when the types are not mixed in one stream.
# Only the Core cmdlets and .NET are used below, so the script runs in pwsh, Windows PowerShell
# and the PowerShell engine hosted by src/DltDr.Drill alike.
if (-not (Get-Module DltDr)) { Import-Module ([System.IO.Path]::Combine($PSScriptRoot, '..', 'out', 'DltDr', 'DltDr.psd1')) }

function Show-Step([string] $Text) {
    $Host.UI.WriteLine()
    $Host.UI.WriteLine([ConsoleColor]::Cyan, $Host.UI.RawUI.BackgroundColor, "==> $Text")
}

$emulator = $null
$previousPairPath = $global:DltDrPairPath
try {
    if (-not $PrimaryHost) {
        # No workspaces given: start the emulator on loopback, 20 virtual seconds per real second.
        $urls = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), "dltdr-drill-urls-$PID.json")
        [System.IO.File]::Delete($urls)
        $project = [System.IO.Path]::Combine($PSScriptRoot, '..', 'src', 'DltDr.Emulator')
        $emulator = [System.Diagnostics.Process]::Start('dotnet', "run --project `"$project`" -- --clock-scale 20 --no-control --urls-file `"$urls`"")
        $deadline = [DateTime]::UtcNow.AddMinutes(3)
        while (-not [System.IO.File]::Exists($urls)) {
            if ($emulator.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw "The emulator did not start (see its output above)." }
            [System.Threading.Thread]::Sleep(250)
        }
        [System.Threading.Thread]::Sleep(200)
        $workspaces = [Newtonsoft.Json.Linq.JObject]::Parse([System.IO.File]::ReadAllText($urls))['workspaces']
        $PrimaryHost = [string]$workspaces['primary']
        $SecondaryHost = [string]$workspaces['secondary']
    }
    if (-not $Token) {
        $Token = [securestring]::new()
        foreach ($c in 'dapi-drill-token'.ToCharArray()) { $Token.AppendChar($c) }
    }

    # A pair store of one pair, the example pair pointed at the drill's workspaces.
    $store = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), "dltdr-drill-" + [guid]::NewGuid().ToString('n'))
    $null = [System.IO.Directory]::CreateDirectory($store)
    $definition = [Newtonsoft.Json.Linq.JObject]::Parse([System.IO.File]::ReadAllText($PairFile))
    $definition['regions']['primary']['host'] = [Newtonsoft.Json.Linq.JValue]::new($PrimaryHost)
    $definition['regions']['secondary']['host'] = [Newtonsoft.Json.Linq.JValue]::new($SecondaryHost)
    foreach ($region in 'primary', 'secondary') { $null = $definition['regions'][$region].Remove('auth') }
    $source = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine([System.IO.Path]::GetDirectoryName([System.IO.Path]::GetFullPath($PairFile)), [string]$definition['notebooks']['source']))
    $definition['notebooks']['source'] = [Newtonsoft.Json.Linq.JValue]::new($source)
    $null = $definition.Remove('$schema')
    $name = [string]$definition['name']
    [System.IO.File]::WriteAllText([System.IO.Path]::Combine($store, "$name.json"), $definition.ToString())
    $global:DltDrPairPath = $store

    Show-Step "Drill of pair '$name': primary $PrimaryHost, secondary $SecondaryHost"
    Get-DltDrPair -Name $name | Out-Default

    Show-Step "1. Publish the pair to both regions (primary active, secondary standby)"
    Publish-DltDrPipeline -Pair $name -Token $Token -Confirm:$false | Out-Default

    Show-Step "2. Status: wait until the primary runs"
    do {
        [System.Threading.Thread]::Sleep(1000)
        $status = Get-DltDrStatus -Pair $name -Token $Token
    } until ($status.Primary.PipelineState -eq 'RUNNING')
    $status | Out-Default
    $status.Problems | Out-Default

    Show-Step "3. Catch up the standby (secondary) and wait for it"
    Invoke-DltDrCatchUp -Pair $name -Wait -Token $Token -Confirm:$false | Out-Default

    Show-Step "4. Fail over to the secondary region"
    $failover = Set-DltDrActiveRegion -Pair $name -Region Secondary -Token $Token -Confirm:$false
    $failover | Out-Default
    $failover.Steps | Out-Default

    Show-Step "5. Status after the failover"
    $after = Get-DltDrStatus -Pair $name -Token $Token
    $after | Out-Default
    $Host.UI.WriteLine("Recovery time (start of failover until the secondary ran): $([math]::Round($failover.RecoveryTime.TotalSeconds, 1)) s")

    Show-Step "6. Fail back to the primary region"
    $failback = Set-DltDrActiveRegion -Pair $name -Region Primary -Token $Token -Confirm:$false
    $failback | Out-Default

    Show-Step "7. Status after the failback"
    $final = Get-DltDrStatus -Pair $name -Token $Token
    $final | Out-Default

    if ($after.ActiveRegion -ne 'Secondary' -or $final.ActiveRegion -ne 'Primary') {
        throw "The drill did not end as expected: after failover $($after.ActiveRegion) was active, after failback $($final.ActiveRegion)."
    }
    Show-Step "Drill complete: failover and failback of '$name' succeeded."
}
finally {
    $global:DltDrPairPath = $previousPairPath
    if ($store -and [System.IO.Directory]::Exists($store)) { [System.IO.Directory]::Delete($store, $true) }
    if ($urls) { [System.IO.File]::Delete($urls) }
    if ($emulator -and -not $emulator.HasExited) { $emulator.Kill($true) }
}
