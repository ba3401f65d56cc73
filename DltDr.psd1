#
# Module manifest for DltDr. ModuleVersion here is the single version source of the repository:
# Directory.Build.props reads it, so every assembly carries the same version.
#
@{
    RootModule             = 'DltDr.Cmdlets.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '702907a6-90f5-41ee-9fb1-650dc5f1f549'
    Author                 = 'DltDr contributors'
    CompanyName            = 'DltDr'
    Copyright              = '(c) DltDr contributors. Licensed under the MIT License.'
    Description            = 'Disaster recovery for Databricks Delta Live Tables (DLT) pipelines across two workspaces in two regions: publish a pipeline pair, read its status, run the standby''s catch-up and move the active region.'
    CompatiblePSEditions   = @('Desktop', 'Core')
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('DltDr.Format.ps1xml')
    HelpInfoURI            = 'https://github.com/dltdr/DltDr/tree/main/docs'
    CmdletsToExport        = @('Export-DltDrReport', 'Get-DltDrHistory', 'Get-DltDrPair', 'Get-DltDrStatus', 'Invoke-DltDrCatchUp', 'New-DltDrPair', 'Publish-DltDrPipeline', 'Set-DltDrActiveRegion', 'Sync-DltDrActiveRegion', 'Test-DltDrFailover')
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Databricks', 'DeltaLiveTables', 'DLT', 'Lakeflow', 'DisasterRecovery', 'Failover', 'Azure', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/dltdr/DltDr'
            LicenseUri   = 'https://github.com/dltdr/DltDr/blob/main/LICENSE'
            ReleaseNotes = 'https://github.com/dltdr/DltDr/blob/main/CHANGELOG.md'
        }
    }
}
