<#
.SYNOPSIS
    Runs every test of the repository: the xunit suite (engine, transport, emulator), the Pester
    suite (what a PowerShell user sees) and the Framework lane (the engine on Mono, a .NET Framework
    runtime, and the same tests on .NET 10), and prints one closing line "N passed, N failed".

.DESCRIPTION
    From a clean clone, after `dotnet tool restore` (which brings the pinned pwsh):

        dotnet tool restore && dotnet pwsh -NoProfile -File tests/Invoke-Tests.ps1

    It restores Pester from NuGet into the git-ignored .tools/ folder, builds and runs the xunit
    suite (dotnet test, results as TRX in TestResults/), then runs Invoke-Pester on tests/Pester
    (results as NUnit XML in TestResults/), and beside the Pester lanes the Framework lane
    (tests/Invoke-FrameworkLane.ps1; it installs Mono with apt-get where missing). It exits 1 when
    any test failed or a step could not run.

.PARAMETER Suite
    Which suites to run: Xunit, Pester, Framework, or all three (the default).

.PARAMETER PesterPath
    Test files or folders for Pester (default: tests/Pester).

.PARAMETER Lane
    Which Pester lanes to run, side by side, each in its own pwsh: Unit (no emulator, no child
    process), Emulator (emulated workspaces in a process of their own), Process (a child pwsh, as a
    scheduled task or a runbook worker runs). All three by default. Every Pester test carries one of
    these tags (on itself or a block around it); one that carries none fails the run.

.PARAMETER Output
    Pester's output verbosity: None, Normal, Detailed or Diagnostic.

.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Invoke-Tests.ps1 -Suite Pester -PesterPath tests/Pester/Get-DltDrStatus.Tests.ps1

.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Invoke-Tests.ps1 -Suite Pester -Lane Unit

    The Pester tests that need neither an emulator nor a child process: a few seconds.
#>
[CmdletBinding()]
param(
    [ValidateSet('Xunit', 'Pester', 'Framework')]
    [string[]] $Suite = @('Xunit', 'Pester', 'Framework'),
    [string[]] $PesterPath,
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string] $Output = 'Normal',
    [ValidateSet('Unit', 'Emulator', 'Process')]
    [string[]] $Lane = @('Unit', 'Emulator', 'Process'),
    # The Emulator lane is the longest: its files are shared out among this many processes.
    [ValidateRange(1, 8)]
    [int] $EmulatorShards = 1
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
$results = Join-Path $root 'TestResults'
$pesterVersion = '5.7.1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

$passed = 0
$failed = 0
$broken = @()

if (Test-Path $results) { Remove-Item $results -Recurse -Force }
$null = New-Item -ItemType Directory -Path $results

if ('Xunit' -in $Suite) {
    Write-Information 'xunit: dotnet test DltDr.PowerShell.sln -c Release' -InformationAction Continue
    & dotnet test (Join-Path $root 'DltDr.PowerShell.sln') -c Release --logger trx --results-directory $results
    $xunitExit = $LASTEXITCODE
    $trx = @(Get-ChildItem -Path $results -Filter *.trx)
    foreach ($file in $trx) {
        $counters = ([xml](Get-Content -Path $file.FullName -Raw)).TestRun.ResultSummary.Counters
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed
    }
    if ($trx.Count -eq 0) { $broken += 'xunit wrote no results (a build error?)' }
    elseif ($xunitExit -ne 0 -and $failed -eq 0) { $broken += "dotnet test exited $xunitExit without a failed test" }
}
else {
    # Pester and the Framework lane still need the module, the emulator and the drill built.
    & dotnet build (Join-Path $root 'DltDr.PowerShell.sln') -c Release -nologo -v quiet
    if ($LASTEXITCODE -ne 0) { $broken += "dotnet build exited $LASTEXITCODE" }
}

$framework = $null
if ('Framework' -in $Suite -and $broken.Count -eq 0) {
    # Beside the Pester lanes, in a pwsh of its own; its counts are read at the end.
    $self = (Get-Process -Id $PID).Path
    $log = Join-Path $results 'framework.log'
    $arguments = @()
    if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { $arguments += (Join-Path $PSHOME 'pwsh.dll') }
    $arguments += @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Invoke-FrameworkLane.ps1'), '-ResultsDirectory', $results)
    Write-Information 'Framework lane: started (the engine on Mono and on .NET 10)' -InformationAction Continue
    $framework = [pscustomobject]@{
        Log     = $log
        Process = Start-Process -FilePath $self -ArgumentList $arguments -RedirectStandardOutput $log -RedirectStandardError "$log.err" -PassThru -NoNewWindow
    }
}

if ('Pester' -in $Suite -and 'Process' -in $Lane -and $broken.Count -eq 0) {
    # The DR report is tested in a real browser: a headless Chromium, installed here where missing.
    try {
        $env:DLTDR_CHROMIUM = & (Join-Path $PSScriptRoot 'Install-Chromium.ps1')
    }
    catch {
        $broken += "no headless Chromium for the report's browser tests: $($_.Exception.Message)"
    }
}

if ('Pester' -in $Suite -and $broken.Count -eq 0) {
    $packages = Join-Path $root '.tools/nuget'
    $pesterManifest = Join-Path $packages "pester/$pesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $pesterManifest)) {
        & dotnet restore (Join-Path $PSScriptRoot 'Pester/Pester.restore.csproj') --packages $packages
        if ($LASTEXITCODE -ne 0) { $broken += "restoring Pester $pesterVersion from NuGet exited $LASTEXITCODE" }
    }
    if (Test-Path $pesterManifest) {
        # -File passes one string: allow 'a.Tests.ps1,b.Tests.ps1' as a list.
        $paths = if ($PesterPath) { @($PesterPath -split ',') } else { @(Join-Path $PSScriptRoot 'Pester') }

        # Every test is in a lane: a tag of its own or of a block around it.
        Import-Module $pesterManifest -Force
        $discover = New-PesterConfiguration
        $discover.Run.Path = $paths
        $discover.Run.SkipRun = $true
        $discover.Run.PassThru = $true
        $discover.Output.Verbosity = 'None'
        $found = Invoke-Pester -Configuration $discover
        foreach ($test in $found.Tests) {
            $tags = @($test.Tag)
            for ($block = $test.Block; $null -ne $block; $block = $block.Parent) { $tags += @($block.Tag) }
            if (-not ($tags | Where-Object { $_ -in 'Unit', 'Emulator', 'Process' })) {
                $broken += "Pester test '$($test.ExpandedPath)' has no lane tag (Unit, Emulator or Process)"
            }
        }

        # The lanes side by side, each in its own pwsh; their output is shown lane by lane.
        $self = (Get-Process -Id $PID).Path
        $runner = Join-Path $PSScriptRoot 'Pester/Invoke-PesterLane.ps1'
        # A lane of many files is shared out among processes, the largest files first, each to the lightest.
        $files = @($paths | ForEach-Object { if (Test-Path $_ -PathType Container) { Get-ChildItem $_ -Filter *.Tests.ps1 } else { Get-Item $_ } })
        $work = foreach ($name in $Lane) {
            $count = if ($name -eq 'Emulator') { [Math]::Min($EmulatorShards, [Math]::Max(1, $files.Count)) } else { 1 }
            $shards = @(for ($i = 0; $i -lt $count; $i++) { [pscustomobject]@{ Files = [Collections.Generic.List[string]]::new(); Size = 0L } })
            foreach ($f in $files | Sort-Object Length -Descending) {
                $lightest = $shards | Sort-Object Size | Select-Object -First 1
                $lightest.Files.Add($f.FullName)
                $lightest.Size += $f.Length
            }
            for ($i = 0; $i -lt $count; $i++) {
                [pscustomobject]@{ Lane = $name; Id = if ($count -gt 1) { "$($name.ToLowerInvariant())-$($i + 1)" } else { $name.ToLowerInvariant() }; Files = $shards[$i].Files }
            }
        }
        $lanes = foreach ($w in $work | Where-Object { $_.Files.Count -gt 0 }) {
            $log = Join-Path $results "pester-$($w.Id).log"
            $arguments = @()
            if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { $arguments += (Join-Path $PSHOME 'pwsh.dll') }
            $arguments += @('-NoProfile', '-NonInteractive', '-File', $runner, '-PesterManifest', $pesterManifest, '-Lane', $w.Lane, '-Id', $w.Id,
                '-ResultsDirectory', $results, '-Output', $Output, '-Path', ($w.Files -join ','))
            Write-Information "Pester lane $($w.Id): started ($($w.Files.Count) files)" -InformationAction Continue
            [pscustomobject]@{
                Name    = $w.Id
                Log     = $log
                Process = Start-Process -FilePath $self -ArgumentList $arguments -RedirectStandardOutput $log -RedirectStandardError "$log.err" -PassThru -NoNewWindow
            }
        }
        foreach ($l in $lanes) {
            $l.Process.WaitForExit()
            Get-Content $l.Log, "$($l.Log).err" -ErrorAction Ignore | ForEach-Object { Write-Host $_ }
            $summaryFile = Join-Path $results "pester-$($l.Name).json"
            if (-not (Test-Path $summaryFile)) { $broken += "Pester lane $($l.Name) wrote no results (exit code $($l.Process.ExitCode))"; continue }
            $summary = Get-Content $summaryFile -Raw | ConvertFrom-Json
            if ($summary.broken) { $broken += "Pester lane $($l.Name): $($summary.broken)"; continue }
            # Pester's own line above counts as NotRun the tests of the other lanes (each lane runs every file, filtered by tag).
            Write-Information ("Pester lane $($l.Name): $($summary.passed) passed, $($summary.failed) failed, $($summary.skipped) skipped " +
                "(Pester's 'NotRun: $($summary.notRun)' above: the tests of the other lanes, run there)") -InformationAction Continue
            $passed += [int]$summary.passed
            $failed += [int]$summary.failed
        }
    }
}

if ($framework) {
    $framework.Process.WaitForExit()
    Get-Content $framework.Log, "$($framework.Log).err" -ErrorAction Ignore | ForEach-Object { Write-Host $_ }
    $summaryFile = Join-Path $results 'framework.json'
    if (-not (Test-Path $summaryFile)) { $broken += "the Framework lane wrote no results (exit code $($framework.Process.ExitCode))" }
    else {
        $summary = Get-Content $summaryFile -Raw | ConvertFrom-Json
        if ($summary.broken) { $broken += "Framework lane: $($summary.broken)" }
        $passed += [int]$summary.passed
        $failed += [int]$summary.failed
    }
}

foreach ($b in $broken) { Write-Warning $b }
$failed += $broken.Count
"$passed passed, $failed failed"
if ($failed -gt 0) { exit 1 }
exit 0
