<#
.SYNOPSIS
    A complete failover drill of the example pair: publish, status, catch-up, a readiness test,
    failover, status and recovery time, failback, status, the history it left, and the DR report.

.DESCRIPTION
    Runs against two workspaces given by -PrimaryHost and -SecondaryHost. Without them it starts the
    DltDr workspace emulator built in this repository on loopback, runs the drill against it
    and stops it, so the drill needs no Databricks account:

        pwsh ./examples/Start-DltDrDrill.ps1

    Without pwsh, `dotnet run --project src/DltDr.Drill` runs this same script in the PowerShell 7.6
    engine (Microsoft.PowerShell.SDK) that the repository hosts. Plain PowerShell only, so it runs
    in pwsh and Windows PowerShell 5.1 alike.

.EXAMPLE
    ./examples/Start-DltDrDrill.ps1 -PrimaryHost https://adb-1.11.azuredatabricks.net -SecondaryHost https://adb-2.12.azuredatabricks.net -Token $token
#>
param(
    [string] $PrimaryHost,
    [string] $SecondaryHost,
    # A token for both workspaces; the emulator accepts any.
    [securestring] $Token,
    # The pair definition the drill publishes (its hosts are replaced by the ones above).
    [string] $PairFile = (Join-Path $PSScriptRoot 'pairs/sales.json'),
    # With emulated workspaces: how much faster than real time their clock runs (it says so beside the recovery time).
    [double] $EmulatorClockScale = 1,
    # Where the drill's DR report goes (the evidence a drill leaves); a file in the temp folder by default.
    [string] $ReportPath = (Join-Path ([IO.Path]::GetTempPath()) 'dltdr-drill-report.html')
)

$ErrorActionPreference = 'Stop'
$InformationPreference = 'Continue'
if (-not (Get-Module DltDr)) { Import-Module (Join-Path $PSScriptRoot '../out/DltDr/DltDr.psd1') }

function Show-Step([string] $Text) {
    Write-Information ''
    Write-Information "==> $Text"
}

$emulator = $null
$urls = $null
$store = $null
$previousPairPath = $global:DltDrPairPath
try {
    if (-not $PrimaryHost) {
        # No workspaces given: start the emulator on loopback, 20 virtual seconds per real second.
        $urls = Join-Path ([IO.Path]::GetTempPath()) "dltdr-drill-urls-$PID.json"
        Remove-Item -Path $urls -ErrorAction Ignore
        # The emulator as built by 'dotnet build', run directly so that stopping it stops it.
        $dll = Get-ChildItem -Path (Join-Path $PSScriptRoot '../src/DltDr.Emulator/bin') -Filter DltDr.Emulator.dll -Recurse -ErrorAction Ignore |
            Sort-Object -Property LastWriteTime -Descending | Select-Object -First 1
        if (-not $dll) { throw 'The emulator is not built: run "dotnet build DltDr.PowerShell.sln -c Release" first, or give -PrimaryHost and -SecondaryHost.' }
        $EmulatorClockScale = 20
        $emulator = Start-Process -FilePath dotnet -ArgumentList "`"$($dll.FullName)`"", '--clock-scale', '20', '--no-control', '--urls-file', "`"$urls`"" -PassThru -NoNewWindow
        $deadline = (Get-Date).AddMinutes(3)
        while (-not (Test-Path -Path $urls)) {
            if ($emulator.HasExited -or (Get-Date) -gt $deadline) { throw 'The emulator did not start (see its output above).' }
            Start-Sleep -Milliseconds 250
        }
        $workspaces = (Get-Content -Path $urls -Raw | ConvertFrom-Json).workspaces
        $PrimaryHost = $workspaces.primary
        $SecondaryHost = $workspaces.secondary
    }
    if (-not $Token) {
        # The emulator accepts any token; a real workspace needs yours.
        $Token = ConvertTo-SecureString -String 'dapi-drill-token' -AsPlainText -Force
    }

    # A pair store of one pair: the example pair pointed at the drill's workspaces.
    $store = Join-Path ([IO.Path]::GetTempPath()) "dltdr-drill-$([guid]::NewGuid().ToString('n'))"
    $null = New-Item -ItemType Directory -Path $store
    $definition = Get-Content -Path $PairFile -Raw | ConvertFrom-Json
    $definition.regions.primary.host = $PrimaryHost
    $definition.regions.secondary.host = $SecondaryHost
    foreach ($region in $definition.regions.primary, $definition.regions.secondary) { $region.PSObject.Properties.Remove('auth') }
    $pairFolder = Split-Path -Parent (Resolve-Path -Path $PairFile).Path
    $definition.notebooks.source = (Resolve-Path -Path (Join-Path $pairFolder $definition.notebooks.source)).Path
    $definition.PSObject.Properties.Remove('$schema')
    $name = $definition.name
    $definition | ConvertTo-Json -Depth 20 | Set-Content -Path (Join-Path $store "$name.json")
    $global:DltDrPairPath = $store

    Show-Step "Drill of pair '$name': primary $PrimaryHost, secondary $SecondaryHost"
    Get-DltDrPair -Name $name | Out-Default

    Show-Step '1. Publish the pair to both regions (primary active, secondary standby)'
    Publish-DltDrPipeline -Pair $name -Token $Token -Force | Out-Default

    Show-Step '2. Status: wait until the primary runs'
    do {
        Start-Sleep -Seconds 1
        $status = Get-DltDrStatus -Pair $name -Token $Token
    } until ($status.Primary.PipelineState -eq 'RUNNING')
    $status | Out-Default

    Show-Step '3. Catch up the standby (secondary) and wait for it'
    Invoke-DltDrCatchUp -Pair $name -Wait -Token $Token | Out-Default

    Show-Step '4. Test that the secondary could take over now (a validate-only update; nothing moves)'
    $readiness = Test-DltDrFailover -Pair $name -Token $Token
    $readiness | Out-Default
    $readiness.Checks | Out-Default
    if (-not $readiness.Ready) { throw "The secondary is not ready to take over: $(($readiness.Failed | ForEach-Object { "$($_.Name): $($_.Detail)" }) -join '; ')" }

    Show-Step '5. Fail over to the secondary region'
    $failover = Set-DltDrActiveRegion -Pair $name -Region Secondary -Token $Token -Force
    $failover | Out-Default
    $failover.Steps | Out-Default

    Show-Step '6. Status after the failover'
    $after = Get-DltDrStatus -Pair $name -Token $Token
    $after | Out-Default
    $recovery = "Recovery time (start of failover until the secondary ran): $([math]::Round($failover.RecoveryTime.TotalSeconds, 1)) s"
    if ($EmulatorClockScale -ne 1) {
        # Measured on this machine's clock while the emulated workspaces' clock ran faster: their
        # updates start in a fraction of the time a real one takes, so this is no figure for real workspaces.
        $recovery += " of real time, against emulated workspaces whose clock runs ${EmulatorClockScale}x (an update starts $($EmulatorClockScale)x sooner than in a real one): not a figure for real workspaces"
    }
    Write-Information $recovery

    Show-Step '7. Fail back to the primary region'
    $failback = Set-DltDrActiveRegion -Pair $name -Region Primary -Token $Token -Force
    $failback | Out-Default

    Show-Step '8. Status after the failback'
    $final = Get-DltDrStatus -Pair $name -Token $Token
    $final | Out-Default

    Show-Step '9. The history: what was done, by whom, and the recovery times (kept in both regions)'
    Get-DltDrHistory -Pair $name -Token $Token | Out-Default

    Show-Step '10. The evidence: the DR report of this pair, as an auditor reads it'
    $report = Export-DltDrReport -Pair $name -Path $ReportPath -Token $Token -PassThru
    $report.Pairs | Out-Default
    foreach ($p in $report.Pairs) {
        # The standing, and what puts it right: the report says the same, with the evidence.
        $why = if ($p.Reasons) { ': ' + ($p.Reasons -join ' ') } else { ' (drilled in the period, ready, and within every objective set)' }
        Write-Information "$($p.Pair) stands $($p.Standing)$why"
    }
    Write-Information "The report is $ReportPath (one HTML file: open it in a browser, print it on A4)."

    if ($after.ActiveRegion -ne 'Secondary' -or $final.ActiveRegion -ne 'Primary') {
        throw "The drill did not end as expected: after failover $($after.ActiveRegion) was active, after failback $($final.ActiveRegion)."
    }
    Show-Step "Drill complete: failover and failback of '$name' succeeded."
}
finally {
    $global:DltDrPairPath = $previousPairPath
    if ($store) { Remove-Item -Path $store -Recurse -Force -ErrorAction Ignore }
    if ($urls) { Remove-Item -Path $urls -ErrorAction Ignore }
    if ($emulator -and -not $emulator.HasExited) { Stop-Process -Id $emulator.Id -ErrorAction Ignore }
}
