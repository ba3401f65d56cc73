<#
    Runs a snippet in a fresh pwsh process with the built module imported, as a console user would
    type it: what it writes to the host (What if: lines, prompts, warnings) is on standard output.
    Used by tests that must see the host's own text, or a non-interactive session's behaviour.
#>
param([Parameter(Mandatory)] [string] $Script)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../../out/DltDr/DltDr.psd1')
& ([scriptblock]::Create($Script)) | Out-Default
