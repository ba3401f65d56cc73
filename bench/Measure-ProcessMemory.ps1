<#
.SYNOPSIS
    The peak memory of a pwsh process that reads or switches an estate's pairs, with the emulator in a
    process of its own (issue #36: at most 400 MB for 2,000 pairs, and how it grows per 1,000).

.DESCRIPTION
    Starts the emulator (src/DltDr.Emulator) with W workspace pairs, writes W x M pair files, publishes
    them from one pwsh process, then runs each measured command in a fresh pwsh process (the module
    imported, as a runbook worker would) and prints that process's peak working set, for the first
    half of the workspace pairs and for all of them, so the growth per 1,000 pairs shows. No latency
    is added and no limit enforced: this measures memory, not time. Run from the repository root
    after 'dotnet build -c Release'.

.EXAMPLE
    dotnet pwsh -NoProfile -File bench/Measure-ProcessMemory.ps1 -WorkspacePairs 4 -PairsEach 500
#>
param(
    [int] $WorkspacePairs = 4,
    [int] $PairsEach = 500,
    [int] $SwitchEach = 100
)
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot -Parent
$manifest = Join-Path $root 'out/DltDr/DltDr.psd1'
if (-not (Test-Path $manifest)) { throw "The module is not built: $manifest is missing. Run 'dotnet build -c Release' first." }
$emulatorDll = Join-Path $root 'src/DltDr.Emulator/bin/Release/net10.0/DltDr.Emulator.dll'
$work = Join-Path ([IO.Path]::GetTempPath()) "dltdr-memory-$([guid]::NewGuid().ToString('N'))"
$null = New-Item -ItemType Directory $work
$urls = Join-Path $work 'urls.json'
$names = 1..$WorkspacePairs | ForEach-Object { "--workspace"; "ws$($_)p"; "--workspace"; "ws$($_)s" }
$emulator = Start-Process dotnet -ArgumentList (@($emulatorDll) + $names + @('--clock-scale', '20', '--no-account', '--urls-file', $urls)) -PassThru `
    -RedirectStandardOutput (Join-Path $work 'emulator.out') -RedirectStandardError (Join-Path $work 'emulator.err')
try {
    $deadline = [DateTime]::UtcNow.AddMinutes(1)
    while (-not (Test-Path $urls)) {
        if ($emulator.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw "The emulator did not start: $(Get-Content (Join-Path $work 'emulator.err') -Raw)" }
        Start-Sleep -Milliseconds 200
    }
    $hosts = (Get-Content $urls -Raw | ConvertFrom-Json).workspaces
    $pairs = Join-Path $work 'pairs'
    $notebooks = New-Item -ItemType Directory (Join-Path $pairs 'notebooks')
    Set-Content (Join-Path $notebooks 'bronze.py') "import dlt`n`n@dlt.table`ndef bronze():`n    return spark.readStream.table('raw')`n"
    foreach ($w in 1..$WorkspacePairs) {
        foreach ($i in 1..$PairsEach) {
            $name = 'e{0}-{1:d3}' -f $w, $i
            @{
                name = $name
                pipeline = @{ name = "$name-dlt"; catalog = "bu$w"; schema = $name.Replace('-', '_') }
                notebooks = @{ source = 'notebooks'; workspaceDirectory = "/Shared/dltdr/$name" }
                regions = @{ primary = @{ host = $hosts."ws$($w)p" }; secondary = @{ host = $hosts."ws$($w)s" } }
            } | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $pairs "$name.json")
        }
    }

    # One command in a fresh pwsh process; its peak working set in MiB.
    function Measure-Command([string] $Script) {
        $probe = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$manifest'
`$env:DLTDR_PAIR_PATH = '$pairs'
`$token = ConvertTo-SecureString 'dapi-memory-token' -AsPlainText -Force
`$PSDefaultParameterValues['*-DltDr*:Token'] = `$token
`$n = @($Script).Count
[GC]::Collect()
`$p = [Diagnostics.Process]::GetCurrentProcess(); `$p.Refresh()
'{0} {1:n0}' -f `$n, (`$p.PeakWorkingSet64 / 1MB)
"@
        $file = Join-Path $work 'probe.ps1'
        Set-Content $file $probe
        $line = (& dotnet pwsh -NoProfile -NonInteractive -File $file | Select-Object -Last 1)
        $count, $mib = $line -split ' '
        [pscustomobject]@{ Results = [int]$count; PeakMiB = [double]$mib }
    }

    $all = $WorkspacePairs * $PairsEach
    Write-Host "Publishing $all pairs on $WorkspacePairs workspace pairs (no latency, no limits)..."
    $published = Measure-Command 'Publish-DltDrPipeline -Pair e* -Force'
    $half = [Math]::Max(1, [int]($WorkspacePairs / 2))
    $halfPattern = (1..$half | ForEach-Object { "'e$_-*'" }) -join ','
    $switchHalf = (1..$half | ForEach-Object { $w = $_; 1..$SwitchEach | ForEach-Object { "'e{0}-{1:d3}'" -f $w, $_ } }) -join ','
    $switchAll = (1..$WorkspacePairs | ForEach-Object { $w = $_; 1..$SwitchEach | ForEach-Object { "'e{0}-{1:d3}'" -f $w, $_ } }) -join ','
    $rows = @(
        [pscustomobject]@{ Command = "publish of $all"; Pairs = $all; Measured = $published }
        [pscustomobject]@{ Command = "status of $($half * $PairsEach)"; Pairs = $half * $PairsEach; Measured = (Measure-Command "Get-DltDrStatus -Pair $halfPattern") }
        [pscustomobject]@{ Command = "status of $all"; Pairs = $all; Measured = (Measure-Command 'Get-DltDrStatus -Pair e*') }
        [pscustomobject]@{ Command = "failover of $($half * $SwitchEach)"; Pairs = $half * $SwitchEach; Measured = (Measure-Command "Set-DltDrActiveRegion -Pair $switchHalf -Region Secondary -Force") }
        [pscustomobject]@{ Command = "failback of $($half * $SwitchEach)"; Pairs = $half * $SwitchEach; Measured = (Measure-Command "Set-DltDrActiveRegion -Pair $switchHalf -Region Primary -Force") }
        [pscustomobject]@{ Command = "failover of $($WorkspacePairs * $SwitchEach)"; Pairs = $WorkspacePairs * $SwitchEach; Measured = (Measure-Command "Set-DltDrActiveRegion -Pair $switchAll -Region Secondary -Force") }
        [pscustomobject]@{ Command = "failback of $($WorkspacePairs * $SwitchEach)"; Pairs = $WorkspacePairs * $SwitchEach; Measured = (Measure-Command "Set-DltDrActiveRegion -Pair $switchAll -Region Primary -Force") }
    )
    $baseline = Measure-Command "Get-DltDrPair -Name 'e1-001'"
    ''
    '| Command (a fresh pwsh process each) | Results | Peak working set |'
    '|---|---|---|'
    "| import the module and read 1 pair | $($baseline.Results) | $($baseline.PeakMiB) MiB |"
    foreach ($r in $rows) { "| $($r.Command) | $($r.Measured.Results) | $($r.Measured.PeakMiB) MiB |" }
    $statusHalf = $rows[1].Measured.PeakMiB; $statusAll = $rows[2].Measured.PeakMiB
    $perThousand = ($statusAll - $statusHalf) / (($all - $half * $PairsEach) / 1000)
    ''
    'Status grows {0:n0} MiB per 1,000 pairs (from {1} to {2} pairs).' -f $perThousand, ($half * $PairsEach), $all
}
finally {
    if (-not $emulator.HasExited) { $emulator.Kill($true) }
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
