<#
.SYNOPSIS
    Runs one lane of the Pester suite in this process and writes its counts as JSON.

.DESCRIPTION
    tests/Invoke-Tests.ps1 starts one of these per lane, side by side. A lane is the tests with its
    tag: Unit (no emulator, no child process), Emulator (an emulated workspace pair in its own
    process), Process (a child pwsh, as a scheduled task or a runbook worker runs). A test tagged
    Process inside an Emulator block runs in the Process lane only.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [ValidateSet('Unit', 'Emulator', 'Process')] [string] $Lane,
    # The name of this run's files (a lane, or a share of one): its results file is named after it.
    [Parameter(Mandatory)] [string] $Id,
    [Parameter(Mandatory)] [string[]] $Path,
    [Parameter(Mandatory)] [string] $ResultsDirectory,
    [string] $Output = 'Normal'
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force
$config = New-PesterConfiguration
# -File passes one string: the files come as 'a.Tests.ps1,b.Tests.ps1'.
$config.Run.Path = @($Path -split ',')
$config.Run.PassThru = $true
$config.Filter.Tag = $Lane
if ($Lane -eq 'Emulator') { $config.Filter.ExcludeTag = 'Process' }
$config.Output.Verbosity = $Output
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = Join-Path $ResultsDirectory "pester-$Id.xml"
$run = Invoke-Pester -Configuration $config
$summary = if ($null -eq $run) {
    @{ lane = $Lane; passed = 0; failed = 1; broken = 'Invoke-Pester returned no result (see its error above)' }
}
else {
    # A file that failed to load, or a BeforeAll/AfterAll that failed, is a failure of its own.
    @{ lane = $Lane; passed = $run.PassedCount; failed = $run.FailedCount + $run.FailedContainersCount + $run.FailedBlocksCount
       skipped = $run.SkippedCount; notRun = $run.NotRunCount; total = $run.TotalCount }
}
$summary | ConvertTo-Json | Set-Content (Join-Path $ResultsDirectory "pester-$Id.json")
