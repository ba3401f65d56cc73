<#
.SYNOPSIS
    Makes sure a headless Chromium is there for the report's browser tests: the one named by
    $env:DLTDR_CHROMIUM, or chromium on PATH, or else Debian's chromium package installed with
    apt-get (as root, or through sudo without a password). Prints the browser's path.
#>
$ErrorActionPreference = 'Stop'
if ($env:DLTDR_CHROMIUM -and (Test-Path $env:DLTDR_CHROMIUM)) { return $env:DLTDR_CHROMIUM }
foreach ($name in 'chromium', 'chromium-browser', 'google-chrome') {
    $found = Get-Command $name -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if ($found) { return $found.Source }
}
if (-not $IsLinux -or -not (Get-Command apt-get -ErrorAction Ignore)) {
    throw 'No Chromium was found, and this is no Debian machine to install one with apt-get: install Chromium (or Chrome) and put it on PATH, or set $env:DLTDR_CHROMIUM to it.'
}
$sudo = @()
if ((& id -u) -ne '0') {
    if (Get-Command sudo -ErrorAction Ignore) {
        & sudo -n true 2>$null
        if ($LASTEXITCODE -eq 0) { $sudo = @('sudo', '-n') }
    }
    if ($sudo.Count -eq 0) {
        throw 'No Chromium was found, and apt-get needs root: run "sudo apt-get install -y chromium" once, or set $env:DLTDR_CHROMIUM.'
    }
}
Write-Information 'Installing Debian''s chromium package for the report''s browser tests (once)...' -InformationAction Continue
$env:DEBIAN_FRONTEND = 'noninteractive'
foreach ($step in @(@('apt-get', 'update', '-qq'), @('apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium'))) {
    $command = $sudo + $step
    $log = & $command[0] $command[1..($command.Count - 1)] 2>&1
    if ($LASTEXITCODE -ne 0) { throw "$($step -join ' ') exited $LASTEXITCODE`: $($log | Select-Object -Last 5 | Out-String)" }
}
(Get-Command chromium -CommandType Application | Select-Object -First 1).Source
