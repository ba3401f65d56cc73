<#
.SYNOPSIS
    Runs tests again and again to show they do not fail by chance: one xunit test class N times, or
    the README's whole test command N times from fresh clones, optionally with a build running beside
    them to load the machine. Prints each run's result and a closing count.

.DESCRIPTION
    A test that passes only on a quiet machine is a defect. This script is how the project shows one
    is not: with -BuildBeside a second process rebuilds a copy of the repository (no incremental
    build, in a loop) for the whole time the runs take, so the runs share the machine's cores with it.

    -Class NAME: builds once, then runs `dotnet test --no-build --filter FullyQualifiedName~NAME`
    -Count times.

    -Suite: clones the repository -Count times into fresh folders, checks out one commit in each
    (the one HEAD names when the script starts, or -Commit; never the working tree, and commits made
    while it runs do not change what is tested) and runs `bash .ci/run` (the README's test command
    from a clean clone) in each, reading its closing line "N passed, N failed".

.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Invoke-Repeatedly.ps1 -Class StopMessagesTests -Count 100 -BuildBeside

.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Invoke-Repeatedly.ps1 -Suite -Count 10
#>
[CmdletBinding(DefaultParameterSetName = 'Class')]
param(
    [Parameter(Mandatory, ParameterSetName = 'Class')]
    [ValidatePattern('^[A-Za-z0-9_.]+$')]
    [string] $Class,

    [Parameter(Mandatory, ParameterSetName = 'Suite')]
    [switch] $Suite,

    [ValidateRange(1, 1000)]
    [int] $Count = 10,

    # The commit every -Suite run tests (default: HEAD when the script starts).
    [Parameter(ParameterSetName = 'Suite')]
    [ValidatePattern('^[A-Za-z0-9_./-]+$')]
    [string] $Commit = 'HEAD',

    # Rebuild a copy of the repository in a loop beside the runs, to load the machine.
    [switch] $BuildBeside,

    # Where each run's output is kept (default: TestResults/repeat under the repository).
    [string] $LogDirectory
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
if (-not $LogDirectory) { $LogDirectory = Join-Path $root 'TestResults/repeat' }
$null = New-Item -ItemType Directory -Force -Path $LogDirectory
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$self = (Get-Process -Id $PID).Path

function Start-BuildLoad {
    # A copy of its own, so the load never touches this repository's bin/ and obj/.
    $copy = Join-Path ([IO.Path]::GetTempPath()) ("dltdr-load-" + [guid]::NewGuid().ToString('N'))
    & git clone -q $root $copy
    if ($LASTEXITCODE -ne 0) { throw "git clone of $root for the build load exited $LASTEXITCODE" }
    $loop = "while (`$true) { & dotnet build '$copy/DltDr.PowerShell.sln' -c Release --no-incremental -nologo -v quiet *> `$null }"
    $arguments = @()
    if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { $arguments += (Join-Path $PSHOME 'pwsh.dll') }
    $arguments += @('-NoProfile', '-NonInteractive', '-Command', $loop)
    $process = Start-Process -FilePath $self -ArgumentList $arguments -PassThru -NoNewWindow
    Write-Information "build load: rebuilding $copy in a loop (process $($process.Id))" -InformationAction Continue
    [pscustomobject]@{ Process = $process; Folder = $copy }
}

function Stop-BuildLoad($load) {
    if (-not $load) { return }
    # The loop and the dotnet build it runs, with its build servers' children.
    & pkill -TERM -P $load.Process.Id 2>$null
    Stop-Process -Id $load.Process.Id -Force -ErrorAction Ignore
    & dotnet build-server shutdown *> $null
    Remove-Item -Recurse -Force $load.Folder -ErrorAction Ignore
}

if ($PSCmdlet.ParameterSetName -eq 'Suite') {
    $Commit = (& git -C $root rev-parse --verify "$Commit^{commit}").Trim()
    if ($LASTEXITCODE -ne 0) { throw "git rev-parse could not name the commit '$Commit'" }
    Write-Information "testing commit $Commit" -InformationAction Continue
}
$passedRuns = 0
$failedRuns = 0
$load = $null
$clock = [Diagnostics.Stopwatch]::StartNew()
try {
    if ($PSCmdlet.ParameterSetName -eq 'Class') {
        & dotnet build (Join-Path $root 'DltDr.PowerShell.sln') -c Release -nologo -v quiet
        if ($LASTEXITCODE -ne 0) { throw "dotnet build exited $LASTEXITCODE" }
    }
    if ($BuildBeside) { $load = Start-BuildLoad }
    for ($i = 1; $i -le $Count; $i++) {
        $log = Join-Path $LogDirectory ("run-{0:000}.log" -f $i)
        $watch = [Diagnostics.Stopwatch]::StartNew()
        if ($PSCmdlet.ParameterSetName -eq 'Class') {
            & dotnet test (Join-Path $root 'tests/DltDr.Tests') -c Release --no-build --filter "FullyQualifiedName~$Class" *> $log
            $ok = $LASTEXITCODE -eq 0
            $summary = (Select-String -Path $log -Pattern '^(Passed|Failed)!.*' | Select-Object -Last 1).Line
        }
        else {
            $clone = Join-Path ([IO.Path]::GetTempPath()) ("dltdr-suite-" + [guid]::NewGuid().ToString('N'))
            & git clone -q $root $clone
            & git -C $clone checkout -q $Commit
            if ($LASTEXITCODE -ne 0) { throw "git checkout of $Commit in $clone exited $LASTEXITCODE" }
            Push-Location $clone
            try { & bash .ci/run *> $log } finally { Pop-Location }
            $ok = $LASTEXITCODE -eq 0
            $summary = (Select-String -Path $log -Pattern '^\d+ passed, \d+ failed$' | Select-Object -Last 1).Line
            if ($ok) { Remove-Item -Recurse -Force $clone -ErrorAction Ignore }
            else { $summary += " (clone kept: $clone)" }
        }
        if ($ok) { $passedRuns++ } else { $failedRuns++ }
        $verdict = if ($ok) { 'passed' } else { 'FAILED' }
        Write-Information ("run {0}/{1}: {2} in {3:0} s: {4}" -f $i, $Count, $verdict, $watch.Elapsed.TotalSeconds, $summary) -InformationAction Continue
        if (-not $ok) { Select-String -Path $log -Pattern '^\s+Failed |\[-\]' | ForEach-Object { Write-Information "    $($_.Line.Trim())" -InformationAction Continue } }
    }
}
finally {
    Stop-BuildLoad $load
}
$beside = if ($BuildBeside) { ', a build running beside' } else { '' }
$tested = if ($Commit -and $PSCmdlet.ParameterSetName -eq 'Suite') { " of $($Commit.Substring(0, 7))" } else { '' }
"$passedRuns of $Count runs$tested passed ($failedRuns failed$beside; $([Math]::Round($clock.Elapsed.TotalMinutes, 1)) min)"
if ($failedRuns -gt 0) { exit 1 }
