<#
.SYNOPSIS
    Creates a DLT pipeline in a workspace the way the workspace UI does, and starts it continuous:
    "a pipeline you already run", for trying New-DltDrPair against the emulator.
.DESCRIPTION
    Imports two notebooks (bronze and silver) into /Users/<user>/<Name> and creates a continuous
    Unity Catalog pipeline naming them, with a configuration value that names storage in the
    primary's region. It calls the REST API directly (no DltDr), with $env:DATABRICKS_TOKEN.
.EXAMPLE
    ./examples/emulator/New-LivePipeline.ps1 -WorkspaceUrl http://127.0.0.1:8001 -Name orders-live
#>
param(
    [Parameter(Mandatory)] [uri] $WorkspaceUrl,
    [Parameter(Mandatory)] [string] $Name,
    [string] $User = 'ana@example.com'
)
$ErrorActionPreference = 'Stop'
if (-not $env:DATABRICKS_TOKEN) { throw 'Set $env:DATABRICKS_TOKEN (the emulator takes any token).' }
$headers = @{ Authorization = "Bearer $env:DATABRICKS_TOKEN" }
function Invoke-Api([string] $Method, [string] $Path, $Body) {
    Invoke-RestMethod -Method $Method -Uri "$($WorkspaceUrl.AbsoluteUri.TrimEnd('/'))$Path" -Headers $headers `
        -ContentType 'application/json' -Body ($Body | ConvertTo-Json -Depth 10 -Compress)
}
$folder = "/Users/$User/$Name"
$null = Invoke-Api POST '/api/2.0/workspace/mkdirs' @{ path = $folder }
foreach ($table in 'bronze', 'silver') {
    $source = "# Databricks notebook source`nimport dlt`n`n@dlt.table`ndef ${table}():`n    return spark.range(10)`n"
    $null = Invoke-Api POST '/api/2.0/workspace/import' @{
        path = "$folder/$table"; format = 'SOURCE'; language = 'PYTHON'; overwrite = $true
        content = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($source))
    }
}
$created = Invoke-Api POST '/api/2.0/pipelines' @{
    name = $Name; catalog = 'sales'; schema = 'orders'; continuous = $true; serverless = $true; channel = 'CURRENT'
    configuration = @{ 'orders.source' = 'abfss://landing@stsalesweu.dfs.core.windows.net/orders' }
    libraries = @(@{ notebook = @{ path = "$folder/bronze" } }, @{ notebook = @{ path = "$folder/silver" } })
}
"Created the continuous pipeline '$Name' ($($created.pipeline_id)) in $WorkspaceUrl"
