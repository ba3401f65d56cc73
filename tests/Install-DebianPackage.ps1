<#
.SYNOPSIS
    Makes sure a program the tests need is there: the one named by an environment variable, or one
    of the given commands on PATH, or else the Debian package installed with apt-get (as root, or
    through sudo without a password). Prints the program's path.

.EXAMPLE
    & tests/Install-DebianPackage.ps1 -Package mono-complete -Command mono -Variable DLTDR_MONO -Purpose 'the Framework lane'
#>
param(
    [Parameter(Mandatory)] [string] $Package,
    [Parameter(Mandatory)] [string[]] $Command,
    [Parameter(Mandatory)] [string] $Variable,
    [Parameter(Mandatory)] [string] $Purpose
)
$ErrorActionPreference = 'Stop'
$given = [Environment]::GetEnvironmentVariable($Variable)
if ($given -and (Test-Path $given)) { return $given }
foreach ($name in $Command) {
    $found = Get-Command $name -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if ($found) { return $found.Source }
}
if (-not $IsLinux -or -not (Get-Command apt-get -ErrorAction Ignore)) {
    throw "No $($Command[0]) was found, and this is no Debian machine to install $Package with apt-get: install it and put it on PATH, or set `$env:$Variable to it."
}
$sudo = @()
if ((& id -u) -ne '0') {
    if (Get-Command sudo -ErrorAction Ignore) {
        & sudo -n true 2>$null
        if ($LASTEXITCODE -eq 0) { $sudo = @('sudo', '-n') }
    }
    if ($sudo.Count -eq 0) {
        throw "No $($Command[0]) was found, and apt-get needs root: run `"sudo apt-get install -y $Package`" once, or set `$env:$Variable."
    }
}
Write-Information "Installing Debian's $Package package for $Purpose (once)..." -InformationAction Continue
$env:DEBIAN_FRONTEND = 'noninteractive'
foreach ($step in @(@('apt-get', 'update', '-qq'), @('apt-get', 'install', '-y', '-qq', '--no-install-recommends', $Package))) {
    $line = $sudo + $step
    $log = & $line[0] $line[1..($line.Count - 1)] 2>&1
    if ($LASTEXITCODE -ne 0) { throw "$($step -join ' ') exited $LASTEXITCODE`: $($log | Select-Object -Last 5 | Out-String)" }
}
(Get-Command $Command[0] -CommandType Application | Select-Object -First 1).Source
