BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'DltDr.TestHelpers.psm1') -Force
    Import-DltDrUnderTest

    function Write-PairFile([string] $Name, [string] $Folder = $TestDrive, [string] $As = $Name) {
        @{
            name      = $As
            pipeline  = @{ name = "$As-dlt"; target = $As }
            notebooks = @{ source = 'notebooks'; workspaceDirectory = "/Shared/dltdr/$As" }
            regions   = @{
                primary   = @{ host = 'https://adb-1.1.azuredatabricks.net'; storage = "abfss://a@b.dfs.core.windows.net/$As" }
                secondary = @{ host = 'https://adb-2.2.azuredatabricks.net'; storage = "abfss://a@c.dfs.core.windows.net/$As" }
            }
        } | ConvertTo-Json -Depth 5 | Set-Content -Path (Join-Path $Folder "$Name.json")
    }
}

Describe 'Get-DltDrPair' -Tag 'Unit' {
    BeforeAll {
        $null = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'notebooks')
        Set-Content -Path (Join-Path $TestDrive 'notebooks/bronze.py') -Value 'import dlt'
        foreach ($n in 'sales', 'salesforce', 'hr') { Write-PairFile $n }
        $global:DltDrPairPath = $TestDrive
    }
    AfterAll { Remove-Variable -Name DltDrPairPath -Scope Global -ErrorAction Ignore }

    Context 'from the pair store (-Name)' {
        It 'lists every pair when no name is given, sorted by name' {
            (Get-DltDrPair).Name | Should -Be @('hr', 'sales', 'salesforce')
        }

        It 'matches wildcards' {
            (Get-DltDrPair -Name sales*).Name | Should -Be @('sales', 'salesforce')
        }

        It 'takes names from the pipeline' {
            ('hr', 'sales' | Get-DltDrPair).Name | Should -Be @('hr', 'sales')
        }

        It 'reports an unknown name as PairNotFound and goes on with the rest' {
            $pairs = Get-DltDrPair -Name finance, hr -ErrorVariable errs -ErrorAction SilentlyContinue
            $pairs.Name | Should -Be 'hr'
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'PairNotFound,DltDr.Cmdlets.GetDltDrPairCommand'
            $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errs[0].TargetObject | Should -Be 'finance'
            $errs[0].Exception.Message | Should -BeLike "No pair named 'finance' was found in $TestDrive*"
            $errs[0].ErrorDetails.RecommendedAction | Should -BeLike '*Get-DltDrPair*'
        }

        It 'suggests the nearest name for a typo, and none for a name far from every pair' {
            Get-DltDrPair -Name slaes -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].Exception.Message | Should -BeLike "No pair named 'slaes' was found in $TestDrive. Did you mean 'sales'? Put slaes.json there*"
            Get-DltDrPair -Name hrr -ErrorVariable errs2 -ErrorAction SilentlyContinue
            $errs2[0].Exception.Message | Should -BeLike "*Did you mean 'hr'?*"
            Get-DltDrPair -Name finance -ErrorVariable errs3 -ErrorAction SilentlyContinue
            $errs3[0].Exception.Message | Should -Not -BeLike '*Did you mean*'
        }

        It 'treats a wildcard that matches nothing as no error' {
            Get-DltDrPair -Name fin* -ErrorVariable errs | Should -BeNullOrEmpty
            $errs | Should -BeNullOrEmpty
        }

        It 'refuses a file named for another pair' {
            Write-PairFile finance -As sales
            try {
                { Get-DltDrPair finance -ErrorAction Stop } | Should -Throw -ExpectedMessage "*must be named 'finance' (its file name), not 'sales'*"
            }
            finally { Remove-Item (Join-Path $TestDrive 'finance.json') }
        }
    }

    Context 'from a file (-Path)' {
        It 'reads a file by path' {
            (Get-DltDrPair -Path (Join-Path $TestDrive 'hr.json')).Name | Should -Be 'hr'
        }

        It 'reads the files of objects with a FullName, as Get-ChildItem gives them' {
            (Get-ChildItem -Path $TestDrive -Filter 'sales*.json' | Get-DltDrPair).Name | Should -Be @('sales', 'salesforce')
        }

        It 'reports a missing file as PairNotFound' {
            { Get-DltDrPair -Path (Join-Path $TestDrive 'does-not-exist.json') -ErrorAction Stop } |
                Should -Throw -ErrorId 'PairNotFound,DltDr.Cmdlets.GetDltDrPairCommand'
        }

        It 'reports an invalid definition as InvalidPairDefinition, listing every problem' {
            $bad = Join-Path $TestDrive 'bad.json'
            '{ "name": "bad", "pipeline": { "target": "x" }, "regions": {} }' | Set-Content -Path $bad
            $null = Get-DltDrPair -Path $bad -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidPairDefinition,DltDr.Cmdlets.GetDltDrPairCommand'
            $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $errs[0].Exception.Problems.Field | Should -Be @('pipeline.name', 'notebooks', 'regions.primary', 'regions.secondary')
            $errs[0].Exception.Message | Should -BeLike "*$($bad): regions.secondary: Missing.*"
            $errs[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        }
    }

    Context 'from text and hashtables (-Json, -Definition)' {
        BeforeEach { Push-Location $TestDrive }
        AfterEach { Pop-Location }

        It 'reads JSON text, resolving the notebooks folder against the current location' {
            $json = Get-Content -Path (Join-Path $TestDrive 'hr.json') -Raw
            $pair = Get-DltDrPair -Json $json
            $pair.Name | Should -Be 'hr'
            $pair.Notebooks.SourceFolder | Should -Be (Join-Path $TestDrive 'notebooks')
            $pair.Notebooks.Load().Count | Should -Be 1
        }

        It 'reads a hashtable with every kind of field' {
            $pair = Get-DltDrPair -Definition @{
                name      = 'runbook'
                pipeline  = @{ name = 'runbook-dlt'; catalog = 'main'; schema = 'runbook'; photon = $true; tags = @{ team = 'data' } }
                notebooks = @{ source = 'notebooks'; files = @('bronze.py'); workspaceDirectory = '/Shared/dltdr/runbook' }
                catchUp   = @{ schedule = '0 30 2 * * ?'; timezone = 'Europe/Amsterdam' }
                regions   = @{
                    primary   = @{ host = 'https://adb-1.1.azuredatabricks.net'; auth = @{ type = 'azure-msi' } }
                    secondary = @{ host = 'https://adb-2.2.azuredatabricks.net'; auth = @{ type = 'azure-msi'; azureClientId = 'uami-1' } }
                }
            }
            $pair.CatchUp.QuartzCron | Should -Be '0 30 2 * * ?'
            [bool]$pair.Pipeline['photon'] | Should -BeTrue
            $pair.Secondary.Auth.AzureClientId | Should -Be 'uami-1'
        }

        It 'refuses a secret in a definition, naming the field' {
            $definition = @{
                name      = 'leaky'
                pipeline  = @{ name = 'leaky-dlt'; target = 'leaky' }
                notebooks = @{ source = 'notebooks'; workspaceDirectory = '/Shared/dltdr/leaky' }
                regions   = @{
                    primary   = @{ host = 'https://adb-1.1.azuredatabricks.net'; storage = 'abfss://a@b.dfs.core.windows.net/l'; auth = @{ token = 'dapi0123456789abcdef0123456789abcdef' } }
                    secondary = @{ host = 'https://adb-2.2.azuredatabricks.net'; storage = 'abfss://a@c.dfs.core.windows.net/l' }
                }
            }
            $null = Get-DltDrPair -Definition $definition -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPairDefinition,*'
            $errs[0].Exception.Message | Should -BeLike '*regions.primary.auth*'
            $errs[0].Exception.Message | Should -Not -BeLike '*dapi0123456789abcdef*'
        }
    }

    Context 'output' {
        It 'renders a table that fits 80 columns with the name and both hosts' {
            $text = Get-DltDrPair -Name sales | Out-String -Width 80
            $lines = $text -split "`r?`n" | Where-Object { $_ }
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
            $lines[0] | Should -Match '^Name\s+Primary\s+Secondary\s+CatchUp'
            $lines[2] | Should -Match '^sales\s+adb-1\s+adb-2\s+0 0 1'
        }

        It 'shows the whole catch-up schedule at 120 columns' {
            $text = Get-DltDrPair -Name sales | Out-String -Width 120
            $text | Should -Match '0 0 1 \* \* \? \(UTC\)'
        }

        It 'has a list view with the full hosts' {
            $text = Get-DltDrPair -Name sales | Format-List | Out-String -Width 120
            $text | Should -Match 'Primary\s+: https://adb-1.1.azuredatabricks.net/'
            $text | Should -Match 'PipelineName\s+: sales-dlt'
            # The notebooks folder as resolved, and whether it is on this machine (only publishing reads it).
            # A long path goes on a line of its own rather than being cut mid-word.
            $text | Should -Match ([regex]::Escape("Notebooks    : /Shared/dltdr/sales <-") + '\s+' + [regex]::Escape((Join-Path $TestDrive 'notebooks')) + '\r?\n')
        }
    }
}
