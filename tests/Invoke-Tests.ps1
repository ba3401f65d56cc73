<#
.SYNOPSIS
    Runs every test of the repository: the xunit suite (engine, transport, emulator) and the Pester
    suite (what a PowerShell user sees), and prints one closing line "N passed, N failed".

.DESCRIPTION
    From a clean clone, after `dotnet tool restore` (which brings the pinned pwsh):

        dotnet tool restore && dotnet pwsh -NoProfile -File tests/Invoke-Tests.ps1

    It restores Pester from NuGet into the git-ignored .tools/ folder, builds and runs the xunit
    suite (dotnet test, results as TRX in TestResults/), then runs Invoke-Pester on tests/Pester
    (results as NUnit XML in TestResults/). It exits 1 when any test failed or a step could not run.

.PARAMETER Suite
    Which suites to run: Xunit, Pester, or both (the default).

.PARAMETER PesterPath
    Test files or folders for Pester (default: tests/Pester).

.PARAMETER Output
    Pester's output verbosity: None, Normal, Detailed or Diagnostic.

.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Invoke-Tests.ps1 -Suite Pester -PesterPath tests/Pester/Get-DltDrStatus.Tests.ps1
#>
[CmdletBinding()]
param(
    [ValidateSet('Xunit', 'Pester')]
    [string[]] $Suite = @('Xunit', 'Pester'),
    [string[]] $PesterPath,
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string] $Output = 'Normal'
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
    # Pester alone still needs the module, the emulator and the drill built.
    & dotnet build (Join-Path $root 'DltDr.PowerShell.sln') -c Release -nologo -v quiet
    if ($LASTEXITCODE -ne 0) { $broken += "dotnet build exited $LASTEXITCODE" }
}

if ('Pester' -in $Suite -and $broken.Count -eq 0) {
    $packages = Join-Path $root '.tools/nuget'
    $pesterManifest = Join-Path $packages "pester/$pesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $pesterManifest)) {
        & dotnet restore (Join-Path $PSScriptRoot 'Pester/Pester.restore.csproj') --packages $packages
        if ($LASTEXITCODE -ne 0) { $broken += "restoring Pester $pesterVersion from NuGet exited $LASTEXITCODE" }
    }
    if (Test-Path $pesterManifest) {
        Import-Module $pesterManifest -Force
        $config = New-PesterConfiguration
        # -File passes one string: allow 'a.Tests.ps1,b.Tests.ps1' as a list.
        $config.Run.Path = if ($PesterPath) { @($PesterPath -split ',') } else { Join-Path $PSScriptRoot 'Pester' }
        $config.Run.PassThru = $true
        $config.Output.Verbosity = $Output
        $config.TestResult.Enabled = $true
        $config.TestResult.OutputFormat = 'NUnitXml'
        $config.TestResult.OutputPath = Join-Path $results 'pester.xml'
        $run = Invoke-Pester -Configuration $config
        if ($null -eq $run) { $broken += 'Invoke-Pester returned no result (see its error above)' }
        elseif ($run.TotalCount -eq 0) { $broken += 'Pester ran no test' }
        else {
            Write-Information "Pester: $($run.PassedCount) passed, $($run.FailedCount) failed, $($run.SkippedCount) skipped, $($run.NotRunCount) not run" -InformationAction Continue
            $passed += $run.PassedCount
            # A file that failed to load, or a BeforeAll/AfterAll that failed, is a failure of its own.
            $failed += $run.FailedCount + $run.FailedContainersCount + $run.FailedBlocksCount
        }
    }
}

foreach ($b in $broken) { Write-Warning $b }
$failed += $broken.Count
"$passed passed, $failed failed"
if ($failed -gt 0) { exit 1 }
exit 0
