<#
.SYNOPSIS
    Makes sure a headless Chromium is there for the report's browser tests: the one named by
    $env:DLTDR_CHROMIUM, or chromium on PATH, or else Debian's chromium package installed with
    apt-get (as root, or through sudo without a password). Prints the browser's path.
#>
& (Join-Path $PSScriptRoot 'Install-DebianPackage.ps1') -Package chromium -Command chromium, chromium-browser, google-chrome `
    -Variable DLTDR_CHROMIUM -Purpose "the report's browser tests"
