<#
.SYNOPSIS
    The Framework lane: the engine's tests in tests/DltDr.Framework.Tests, built for net48 and run
    on Mono (a .NET Framework 4.x runtime, as Windows PowerShell 5.1 runs the engine on .NET
    Framework 4.8) and, the same tests, on .NET 10. Writes framework.json (passed, failed, broken)
    into the results folder; tests/Invoke-Tests.ps1 runs it beside the Pester lanes.

.DESCRIPTION
    Needs the solution built (Release): the emulator runs as a process of its own and the probe of
    NewtonsoftLoadedFirstTests loads the built module folder out/DltDr. Installs Mono with apt-get
    where it is missing (tests/Install-Mono.ps1).

.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Invoke-FrameworkLane.ps1 -ResultsDirectory TestResults
#>
param(
    [Parameter(Mandatory)] [string] $ResultsDirectory
)
$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
$null = New-Item -ItemType Directory -Force -Path $ResultsDirectory
$summary = [ordered]@{ passed = 0; failed = 0; broken = $null; net48 = $null; net10 = $null }
$project = Join-Path $root 'tests/DltDr.Framework.Tests'
try {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $mono = & (Join-Path $PSScriptRoot 'Install-Mono.ps1')
    Write-Information ("framework: mono at $mono ({0:0} s)" -f $watch.Elapsed.TotalSeconds) -InformationAction Continue

    # The engine and the emulator are built by the solution's build already: build only the lane's own projects.
    & dotnet build (Join-Path $root 'tests/DltDr.Framework.Probe') -c Release -nologo -v quiet
    if ($LASTEXITCODE -ne 0) { throw "dotnet build of the probe exited $LASTEXITCODE" }
    & dotnet build $project -c Release -nologo -v quiet -p:BuildProjectReferences=false
    if ($LASTEXITCODE -ne 0) { throw "dotnet build of tests/DltDr.Framework.Tests exited $LASTEXITCODE" }

    # On Mono, with xunit's console runner; its XML holds the counts.
    $xml = Join-Path $ResultsDirectory 'framework-net48.xml'
    $bin = Join-Path $project 'bin/Release/net48'
    # -noappdomain: on Mono the runner's AppDomain could be unloaded while results were still reported
    # through it (AppDomainUnloadedException), and the XML then counted every test as neither passed nor failed.
    & $mono (Join-Path $bin 'runner/xunit.console.exe') (Join-Path $bin 'DltDr.Framework.Tests.dll') -xml $xml -nologo -noappdomain
    if (-not (Test-Path $xml)) { throw "xunit's console runner on mono wrote no results (exit code $LASTEXITCODE)" }
    $assembly = ([xml](Get-Content $xml -Raw)).assemblies.assembly
    # Attributes read as such: <assembly> also has an <errors> element.
    $count = { param($name) [int]$assembly.GetAttribute($name) }
    $summary.net48 = [ordered]@{ passed = & $count 'passed'; failed = (& $count 'failed') + (& $count 'errors'); skipped = & $count 'skipped' }
    # Every test that ran is counted once, or the lane is broken: a count lost must never read as a pass.
    $total = & $count 'total'
    if ($total -eq 0 -or $summary.net48.passed + $summary.net48.failed + $summary.net48.skipped -lt $total) {
        throw "xunit's console runner on mono ran $total tests but reported $($summary.net48.passed) passed, $($summary.net48.failed) failed"
    }

    # The same tests on .NET 10.
    $trxFolder = Join-Path $ResultsDirectory 'framework-net10'
    if (Test-Path $trxFolder) { Remove-Item -Recurse -Force $trxFolder }
    & dotnet test $project -c Release --no-build -f net10.0 --logger trx --results-directory $trxFolder
    $trx = @(Get-ChildItem -Path $trxFolder -Filter *.trx -ErrorAction Ignore)
    if ($trx.Count -eq 0) { throw "dotnet test of the lane on .NET 10 wrote no results (exit code $LASTEXITCODE)" }
    $counters = ([xml](Get-Content $trx[0].FullName -Raw)).TestRun.ResultSummary.Counters
    $summary.net10 = [ordered]@{ passed = [int]$counters.passed; failed = [int]$counters.failed; skipped = 0 }
    if ([int]$counters.total -eq 0 -or [int]$counters.passed + [int]$counters.failed -lt [int]$counters.total) {
        throw "dotnet test of the lane ran $($counters.total) tests but reported $($counters.passed) passed, $($counters.failed) failed"
    }

    foreach ($run in $summary.net48, $summary.net10) {
        $summary.passed += $run.passed
        $summary.failed += $run.failed
        # A skipped test is not a pass: the lane has none, and one appearing fails it.
        $summary.failed += $run.skipped
    }
    Write-Information ("framework: on Mono {0} passed, {1} failed; on .NET 10 {2} passed, {3} failed ({4:0} s)" -f $summary.net48.passed,
        $summary.net48.failed, $summary.net10.passed, $summary.net10.failed, $watch.Elapsed.TotalSeconds) -InformationAction Continue
}
catch {
    $summary.broken = $_.Exception.Message
}
$summary | ConvertTo-Json -Depth 4 | Set-Content -Path (Join-Path $ResultsDirectory 'framework.json')
if ($summary.broken -or $summary.failed -gt 0) { exit 1 }
exit 0
