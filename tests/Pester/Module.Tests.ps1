BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'DltDr.TestHelpers.psm1') -Force
    Import-DltDrUnderTest
    $root = Get-RepositoryRoot
    $commands = 'Export-DltDrReport', 'Get-DltDrHistory', 'Get-DltDrPair', 'Get-DltDrStatus', 'Invoke-DltDrCatchUp', 'New-DltDrPair', 'Publish-DltDrPipeline', 'Set-DltDrActiveRegion', 'Sync-DltDrActiveRegion', 'Test-DltDrFailover'
}

Describe 'The DltDr module' -Tag 'Unit' {
    Context 'manifest' {
        It 'exports exactly its ten cmdlets, and no function, alias or variable' {
            $m = Get-Module DltDr
            $m.ExportedCmdlets.Keys | Sort-Object | Should -Be $commands
            $m.ExportedFunctions.Count | Should -Be 0
            $m.ExportedAliases.Count | Should -Be 0
            $m.ExportedVariables.Count | Should -Be 0
        }

        It 'passes Test-ModuleManifest and runs in Windows PowerShell 5.1 and PowerShell 7' {
            $info = Test-ModuleManifest -Path (Get-ModuleManifestPath)
            $info.PowerShellVersion | Should -Be ([version]'5.1')
            $info.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
            $info.Version | Should -Be ([version](Import-PowerShellDataFile (Join-Path $root 'DltDr.psd1')).ModuleVersion)
        }

        It 'names a HelpInfoURI and a project page' {
            $data = Import-PowerShellDataFile (Get-ModuleManifestPath)
            $data.HelpInfoURI | Should -Match '^https://'
            $data.PrivateData.PSData.ProjectUri | Should -Match '^https://'
        }

        It 'uses approved verbs only' {
            $approved = (Get-Verb).Verb
            foreach ($c in $commands) { $approved | Should -Contain ($c -split '-')[0] }
        }

        It 'carries the version of the manifest in its assemblies' {
            $version = [version](Import-PowerShellDataFile (Join-Path $root 'DltDr.psd1')).ModuleVersion
            [DltDr.Engine.Pairs.PairDefinition].Assembly.GetName().Version.ToString(3) | Should -Be $version.ToString(3)
        }
    }

    Context 'parameters' {
        It 'gives Set-DltDrActiveRegion -Unplanned for the unplanned failover and -Force for no confirmation' {
            $c = Get-Command Set-DltDrActiveRegion
            $c.Parameters['Unplanned'].SwitchParameter | Should -BeTrue
            $c.Parameters['Force'].SwitchParameter | Should -BeTrue
            $c.Parameters.Keys | Should -Contain 'WhatIf'
        }

        It 'has ConfirmImpact High on the commands that move or restart production' {
            foreach ($name in 'Set-DltDrActiveRegion') {
                $type = (Get-Command $name).ImplementingType
                ($type.GetCustomAttributes([Management.Automation.CmdletAttribute], $false)).ConfirmImpact | Should -Be 'High'
            }
            (Get-Command Publish-DltDrPipeline).Parameters.Keys | Should -Contain 'Force'
        }

        It 'names Get-DltDrPair''s parameter sets as constants' {
            (Get-Command Get-DltDrPair).ParameterSets.Name | Sort-Object | Should -Be @('ByDefinition', 'ByGroup', 'ByJson', 'ByName', 'ByPath')
        }

        It 'takes pairs (by default) or a -Group on <_>' -ForEach @('Get-DltDrHistory', 'Get-DltDrStatus', 'Invoke-DltDrCatchUp', 'Publish-DltDrPipeline', 'Set-DltDrActiveRegion', 'Sync-DltDrActiveRegion', 'Test-DltDrFailover') {
            $command = Get-Command $_
            $command.ParameterSets.Name | Sort-Object | Should -Be @('ByGroup', 'ByPair')
            $command.DefaultParameterSet | Should -Be 'ByPair'
        }

        It 'takes every pair of the store (by default), pairs or a -Group on Export-DltDrReport' {
            $command = Get-Command Export-DltDrReport
            $command.ParameterSets.Name | Sort-Object | Should -Be @('All', 'ByGroup', 'ByPair')
            $command.DefaultParameterSet | Should -Be 'All'
        }

        It 'declares the output type of every cmdlet' {
            foreach ($c in $commands) { (Get-Command $c).OutputType.Count | Should -BeGreaterThan 0 }
        }
    }

    Context 'help' {
        It 'has a synopsis, a long description and at least two examples for <_>' -ForEach @('Export-DltDrReport', 'Get-DltDrHistory', 'Get-DltDrPair', 'Get-DltDrStatus', 'Invoke-DltDrCatchUp', 'New-DltDrPair', 'Publish-DltDrPipeline', 'Set-DltDrActiveRegion', 'Sync-DltDrActiveRegion', 'Test-DltDrFailover') {
            $help = Get-Help $_ -Full
            $help.Synopsis | Should -Not -BeLike '*CommonParameters*'
            ($help.description.Text -join ' ').Length | Should -BeGreaterThan 200
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
            foreach ($e in $help.examples.example) { $e.code | Should -BeLike "*$_*" }
        }

        It 'documents every parameter of <_> as the cmdlet declares it' -ForEach @('Export-DltDrReport', 'Get-DltDrHistory', 'Get-DltDrPair', 'Get-DltDrStatus', 'Invoke-DltDrCatchUp', 'New-DltDrPair', 'Publish-DltDrPipeline', 'Set-DltDrActiveRegion', 'Sync-DltDrActiveRegion', 'Test-DltDrFailover') {
            $command = Get-Command $_
            $common = [Management.Automation.PSCmdlet]::CommonParameters + [Management.Automation.PSCmdlet]::OptionalCommonParameters
            $real = $command.Parameters.Values | Where-Object { $_.Name -notin $common }
            # -WhatIf and -Confirm are documented by PowerShell's own help; platyPS pages list them too.
            $documented = @((Get-Help $_ -Full).parameters.parameter | Where-Object { $_.name -notin 'WhatIf', 'Confirm' })
            $documented.name | Sort-Object | Should -Be ($real.Name | Sort-Object)
            foreach ($doc in $documented) {
                $p = $command.Parameters[$doc.name]
                ($doc.description.Text -join ' ').Length | Should -BeGreaterThan 10 -Because "-$($doc.name) needs a description"
                $byValue = [bool]($p.Attributes | Where-Object { $_ -is [Management.Automation.ParameterAttribute] -and $_.ValueFromPipeline })
                $byName = [bool]($p.Attributes | Where-Object { $_ -is [Management.Automation.ParameterAttribute] -and $_.ValueFromPipelineByPropertyName })
                $doc.pipelineInput -like '*ByValue*' | Should -Be $byValue -Because "-$($doc.name) pipeline input is '$($doc.pipelineInput)'"
                $doc.pipelineInput -like '*ByPropertyName*' | Should -Be $byName -Because "-$($doc.name) pipeline input is '$($doc.pipelineInput)'"
            }
        }

        It 'opens online: the first related link of <_> is a URL, and so is every other' -ForEach @('Export-DltDrReport', 'Get-DltDrHistory', 'Get-DltDrPair', 'Get-DltDrStatus', 'Invoke-DltDrCatchUp', 'New-DltDrPair', 'Publish-DltDrPipeline', 'Set-DltDrActiveRegion', 'Sync-DltDrActiveRegion', 'Test-DltDrFailover') {
            $links = @((Get-Help $_ -Full).relatedLinks.navigationLink)
            $links[0].linkText | Should -Be 'Online Version:'
            $links[0].uri | Should -Be "https://github.com/dltdr/DltDr/blob/main/docs/$_.md"
            $links | Where-Object uri | ForEach-Object { $_.uri | Should -Match '^https?://' }
        }

        It 'keeps numbered steps as steps' {
            $paras = (Get-Help Set-DltDrActiveRegion -Full).description.Text | ForEach-Object { $_.Trim() }
            $count = [DltDr.Engine.Operations.SwitchSteps]::All.Count
            ($paras | Where-Object { $_ -match '^\d+\. ' }).Count | Should -Be $count
            $paras | Where-Object { $_ -like '2. promote (target; *' } | Should -Not -BeNullOrEmpty
        }

        It 'renders -Examples' {
            $text = Get-Help Set-DltDrActiveRegion -Examples | Out-String -Width 120
            $text | Should -BeLike '*Example 1: Fail over to the secondary region*'
            $text | Should -BeLike '*Set-DltDrActiveRegion sales Secondary -Unplanned -Force*'
        }

        It 'lists every step of the switch in Set-DltDrActiveRegion''s help, as the step list has it' {
            $help = ((Get-Help Set-DltDrActiveRegion -Full).Description | Out-String -Width 400) -replace '\s+', ' '
            $steps = [DltDr.Engine.Operations.SwitchSteps]::All
            for ($i = 0; $i -lt $steps.Count; $i++) {
                $s = $steps[$i]
                $help | Should -BeLike "*$($i + 1). $($s.Id) ($($s.Region.ToString().ToLowerInvariant()); $($s.Call))*" -Because "the help should list step $($s.Id) with its region and call"
                $help | Should -BeLike "*Needs: $($s.Needs). Stopped after it: $($s.Leaves).*" -Because "the help should say what step $($s.Id) needs and leaves"
            }
        }

        It 'has an about topic that documents every error id with what fixes it' {
            $about = (Get-Help about_DltDr | Out-String -Width 200) -replace '\s+', ' '
            $ids = @([DltDr.Engine.ErrorIds].GetFields() | ForEach-Object { $_.GetRawConstantValue() }) + [Enum]::GetNames([DltDr.Engine.Output.DrRefusal])
            foreach ($id in $ids) { $about | Should -Match "\b$id \(" -Because "about_DltDr should document $id" }
        }

        It 'numbers the examples of <_> 1, 2, 3, ... in order' -ForEach @('Export-DltDrReport', 'Get-DltDrHistory', 'Get-DltDrPair', 'Get-DltDrStatus', 'Invoke-DltDrCatchUp', 'New-DltDrPair', 'Publish-DltDrPipeline', 'Set-DltDrActiveRegion', 'Sync-DltDrActiveRegion', 'Test-DltDrFailover') {
            $page = Get-Content (Join-Path (Get-RepositoryRoot) "docs/$_.md")
            $numbers = @($page | Where-Object { $_ -match '^### Example (\d+)' } | ForEach-Object { [int]($_ -replace '^### Example (\d+).*', '$1') })
            $numbers | Should -Be @(1..$numbers.Count)
        }

        It 'fits about_DltDr in 80 columns, as Get-Help shows it without breaking words' {
            $file = Join-Path (Split-Path (Get-Module DltDr).Path) 'en-US/about_DltDr.help.txt'
            $wide = @(Get-Content $file | Where-Object Length -GT 80)
            $wide | Should -BeNullOrEmpty -Because 'every line of the about topic should fit 80 columns'
        }

        It 'names every command of the module under SEE ALSO in about_DltDr' {
            $about = (Get-Help about_DltDr | Out-String -Width 200) -split "`n"
            $at = [array]::IndexOf(($about | ForEach-Object Trim), 'SEE ALSO')
            $at | Should -BeGreaterThan 0
            $seeAlso = $about[$at..($about.Count - 1)] | ForEach-Object { $_.Trim().TrimStart('-').Trim() }
            foreach ($c in (Get-Command -Module DltDr).Name) { $seeAlso | Should -Contain $c }
        }

        It 'documents every status problem in about_DltDr as the problem table has it' {
            $about = (Get-Help about_DltDr | Out-String -Width 400) -replace '\s+', ' '
            foreach ($k in [DltDr.Engine.Status.StatusRules]::All) {
                $line = "- $($k.Code) ($($k.Severity.ToString().ToLowerInvariant()); fails $($k.FailsCheck)): $($k.Help) $($k.Action)"
                $about.Contains(($line -replace '\s+', ' ')) | Should -BeTrue -Because "about_DltDr should say: $line"
            }
        }
    }

    Context 'completion' {
        BeforeAll {
            $null = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'notebooks')
            Set-Content -Path (Join-Path $TestDrive 'notebooks/bronze.py') -Value 'import dlt'
            $emu = [pscustomobject]@{ Primary = 'https://adb-1.1.azuredatabricks.net'; Secondary = 'https://adb-2.2.azuredatabricks.net' }
            foreach ($n in 'sales', 'salesforce', 'hr') { $null = New-TestPairFile $emu $TestDrive -Name $n }
            $global:DltDrPairPath = $TestDrive
            function Complete([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText }
        }
        AfterAll { Remove-Variable -Name DltDrPairPath -Scope Global -ErrorAction Ignore }

        It 'completes pair names from the store on -Pair of <_>' -ForEach @('Export-DltDrReport', 'Get-DltDrHistory', 'Get-DltDrStatus', 'Invoke-DltDrCatchUp', 'Publish-DltDrPipeline', 'Set-DltDrActiveRegion', 'Sync-DltDrActiveRegion', 'Test-DltDrFailover') {
            Complete "$_ -Pair sa" | Should -Be @('sales', 'salesforce')
        }

        It 'completes every pair, and nothing for a prefix no pair has' {
            Complete 'Get-DltDrStatus -Pair ' | Should -Be @('hr', 'sales', 'salesforce')
            Complete 'Get-DltDrStatus -Pair zz' | Should -BeNullOrEmpty
        }

        It 'completes Get-DltDrPair -Name and positional names' {
            Complete 'Get-DltDrPair -Name h' | Should -Be 'hr'
            Complete 'Get-DltDrPair h' | Should -Be 'hr'
        }

        It 'completes regions' {
            Complete 'Set-DltDrActiveRegion -Pair sales -Region ' | Should -Be @('Primary', 'Secondary')
            Complete 'Set-DltDrActiveRegion sales -Region s' | Should -Be 'Secondary'
            Complete 'Publish-DltDrPipeline sales -Region p' | Should -Be 'Primary'
        }
    }
}
