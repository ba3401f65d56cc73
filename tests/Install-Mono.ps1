<#
.SYNOPSIS
    Makes sure Mono is there for the Framework lane (a .NET Framework 4.x runtime whose HttpClient is
    built on HttpWebRequest, as Windows PowerShell 5.1's is): the one named by $env:DLTDR_MONO, or
    mono on PATH, or else Debian's mono-complete installed with apt-get (as root, or through sudo
    without a password; about 45 s and 300 MB once). Prints mono's path.
#>
& (Join-Path $PSScriptRoot 'Install-DebianPackage.ps1') -Package mono-complete -Command mono -Variable DLTDR_MONO `
    -Purpose 'the Framework lane (the engine on a .NET Framework runtime)'
