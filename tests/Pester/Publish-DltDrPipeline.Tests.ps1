BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'DltDr.TestHelpers.psm1') -Force
    Import-DltDrUnderTest
    $token = New-TestToken
}

Describe 'Publish-DltDrPipeline' -Tag 'Emulator' {
    BeforeAll {
        $emu = Start-TestWorld -Folder $TestDrive -ClockScale 0
    }
    AfterAll { Stop-TestWorld $emu }

    Context 'a first publish' {
        It 'deploys both regions, the primary active and continuous, the secondary standby and triggered' {
            $null = New-TestPairFile $emu $TestDrive -Name first
            $results = Publish-DltDrPipeline -Pair first -Token $token -Force -Verbose 4>&1
            $verbose = $results | Where-Object { $_ -is [Management.Automation.VerboseRecord] }
            $out = $results | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] }
            $out.Region | Should -Be @('Primary', 'Secondary')
            $out.Role | Should -Be @('Active', 'Standby')
            $out.Pipeline | Should -Be @('Create', 'Create')
            $out.Job | Should -Be @('Create', 'Create')
            $out.NotebooksImported | Should -Be @(2, 2)
            (Get-TestPipeline $emu primary first-dlt).spec.continuous | Should -BeTrue
            (Get-TestPipeline $emu secondary first-dlt).spec.continuous | Should -BeFalse
            @($verbose.Message -like 'first/primary: Create Pipeline first-dlt: *continuous: (not set) -> true (created continuous: the service starts it)').Count | Should -Be 1
        }

        It 'with -Region, deploys that region only, and a first standby publish is standby' {
            $null = New-TestPairFile $emu $TestDrive -Name onlysecondary
            $before = Get-EmulatorWriteCount $emu primary
            $only = Publish-DltDrPipeline onlysecondary -Region Secondary -Token $token -Force
            $only.Region | Should -Be 'Secondary'
            $only.Role | Should -Be 'Standby'
            Get-EmulatorWriteCount $emu primary | Should -Be $before
        }

        It 'publishes pairs from the pipeline, many at once, in pair then region order' {
            $names = 'p1', 'p2', 'p3', 'p4', 'p5'
            $files = foreach ($n in $names) { New-TestPairFile $emu $TestDrive -Name $n }
            $results = Get-Item -Path $files | Get-DltDrPair | Publish-DltDrPipeline -Token $token -Force -ThrottleLimit 3
            $results.Count | Should -Be 10
            ($results | ForEach-Object { "$($_.Pair)/$($_.Region)" }) | Should -Be ($names | ForEach-Object { "$_/Primary"; "$_/Secondary" })
        }
    }

    Context 'publishing again' {
        BeforeAll {
            $null = Publish-TestPair $emu $TestDrive -Name again
            Move-EmulatorClock $emu 60
        }

        It 'makes no write when nothing changed' {
            $before = Get-EmulatorWriteCount $emu
            $results = Publish-DltDrPipeline again -Token $token -Force
            Get-EmulatorWriteCount $emu | Should -Be $before
            $results.Pipeline | Should -Be @('None', 'None')
            $results.Job | Should -Be @('None', 'None')
            $results.NotebooksImported | Should -Be @(0, 0)
        }

        It 'writes only a changed setting and a changed notebook, restarting the running pipeline' {
            $null = Publish-TestPair $emu $TestDrive -Name tuned
            Move-EmulatorClock $emu 60
            $null = New-TestPairFile $emu $TestDrive -Name tuned -Mode lenient
            Add-Content -Path (Join-Path $TestDrive 'notebooks/silver.sql') -Value '-- tuned'
            try {
                $log = Invoke-EmulatorControl $emu GET 'workspaces/primary/requests'
                $since = @($log.requests).Count
                $primary = Publish-DltDrPipeline tuned -Region Primary -Token $token -Force
                $primary.Pipeline | Should -Be 'Update'
                $primary.Job | Should -Be 'None'
                $primary.NotebooksImported | Should -Be 1
                $primary.NotebooksUnchanged | Should -Be 1
                $primary.RestartedPipeline | Should -BeTrue
                $writes = @((Invoke-EmulatorControl $emu GET 'workspaces/primary/requests').requests | Select-Object -Skip $since | Where-Object { $_.method -ne 'GET' -and -not (Test-HistoryWrite $_) })
                $writes.path | Should -Be @('/api/2.0/workspace/import', "/api/2.0/pipelines/$($primary.PipelineId)")
                (Get-TestPipeline $emu primary tuned-dlt).spec.configuration.mode | Should -Be 'lenient'
            }
            finally {
                (Get-Content -Path (Join-Path $TestDrive 'notebooks/silver.sql')) -ne '-- tuned' | Set-Content -Path (Join-Path $TestDrive 'notebooks/silver.sql')
            }
        }

        It 'refuses a storage change as ImmutableSetting before any write' {
            $null = Publish-TestPair $emu $TestDrive -Name moved
            $file = Join-Path $TestDrive 'moved.json'
            (Get-Content -Path $file -Raw).Replace('weu.dfs', 'elsewhere.dfs') | Set-Content -Path $file
            $before = Get-EmulatorWriteCount $emu
            $null = Publish-DltDrPipeline moved -Token $token -Force -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'ImmutableSetting,DltDr.Cmdlets.PublishDltDrPipelineCommand'
            $errs[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
            $errs[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
            Get-EmulatorWriteCount $emu | Should -Be $before
        }

        It 'keeps the secondary active after a failover made outside DltDr' {
            $null = Publish-TestPair $emu $TestDrive -Name kept
            Edit-TestPipeline $emu secondary { param($s) $s.continuous = $true } -Name kept-dlt
            Edit-TestPipeline $emu primary { param($s) $s.continuous = $false } -Name kept-dlt
            (Publish-DltDrPipeline kept -Token $token -Force).Role | Should -Be @('Standby', 'Active')
            (Get-TestPipeline $emu secondary kept-dlt).spec.continuous | Should -BeTrue
        }
    }

    Context 'while a switch is unfinished' {
        It 'refuses while both regions are continuous, naming the switch that finishes it, writes nothing and keeps the markers' {
            $null = Publish-TestPair $emu $TestDrive -Name pending
            Edit-TestPipeline $emu secondary { param($p) $p.continuous = $true; $p.tags | Add-Member -NotePropertyName 'dltdr-promoted-at' -NotePropertyValue '2026-11-24T00:30:00Z' -Force } -Name pending-dlt
            $before = Get-EmulatorWriteCount $emu
            $null = Publish-DltDrPipeline pending -Token $token -Force -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'BothActive,DltDr.Cmdlets.PublishDltDrPipelineCommand'
            $errs[0].Exception.Message | Should -Be "Both regions of pair 'pending' are running, so it is not published (nothing was written): primary is pending demotion (secondary was promoted last). Run Set-DltDrActiveRegion -Pair pending -Region Secondary to finish the switch, then publish."
            Get-EmulatorWriteCount $emu | Should -Be $before
            ([datetime](Get-TestPipeline $emu secondary -Name pending-dlt).spec.tags.'dltdr-promoted-at').ToUniversalTime() | Should -Be ([datetime]::new(2026, 11, 24, 0, 30, 0, [DateTimeKind]::Utc))
        }
    }

    Context 'confirmation' {
        It 'shows the plan field by field with -WhatIf and writes nothing' -Tag 'Process' {
            $null = New-TestPairFile $emu $TestDrive -Name planned
            $before = Get-EmulatorWriteCount $emu
            $script = "Publish-DltDrPipeline -Pair planned -Token (ConvertTo-SecureString x -AsPlainText -Force) -WhatIf"
            $run = Invoke-Snippet -Script $script -PairPath $TestDrive
            $run.ExitCode | Should -Be 0
            $run.Output | Should -BeLike '*What if: Performing the operation "Publish as active region:*Create Folder /Shared/dltdr/planned*'
            $run.Output | Should -BeLike '*Create Pipeline planned-dlt (created continuous: the service starts it)*'
            $run.Output | Should -BeLike '*Create Job planned-dlt catch-up (schedule running (standby region))*'
            Get-EmulatorWriteCount $emu | Should -Be $before
        }

        It 'shows a setting change as old -> new with -WhatIf' -Tag 'Process' {
            $null = Publish-TestPair $emu $TestDrive -Name whatifchange
            Move-EmulatorClock $emu 30
            $null = New-TestPairFile $emu $TestDrive -Name whatifchange -Mode lenient
            $script = "Publish-DltDrPipeline -Pair whatifchange -Region Primary -Token (ConvertTo-SecureString x -AsPlainText -Force) -WhatIf"
            $run = Invoke-Snippet -Script $script -PairPath $TestDrive
            $run.Output | Should -BeLike '*Update Pipeline whatifchange-dlt (restarts the running continuous pipeline)*configuration.mode: "strict" -> "lenient"*'
        }

        It 'asks before restarting a running pipeline, and an unattended run without -Force fails instead of restarting it' -Tag 'Process' {
            $null = Publish-TestPair $emu $TestDrive -Name restart
            Move-EmulatorClock $emu 30
            $null = New-TestPairFile $emu $TestDrive -Name restart -Mode lenient
            $before = Get-EmulatorWriteCount $emu primary
            $script = "Publish-DltDrPipeline -Pair restart -Region Primary -Token (ConvertTo-SecureString x -AsPlainText -Force)"
            $run = Invoke-Snippet -Script $script -PairPath $TestDrive
            $run.ExitCode | Should -Not -Be 0
            "$($run.Output)$($run.Error)" | Should -BeLike '*NonInteractive*'
            "$($run.Output)$($run.Error)" -replace '\s+', ' ' | Should -BeLike '*Add -Force or -Confirm:$false to run without asking*'
            Get-EmulatorWriteCount $emu primary | Should -Be $before
            (Publish-DltDrPipeline restart -Region Primary -Token $token -Force).RestartedPipeline | Should -BeTrue
        }

        It 'asks per region with -Confirm, and a No leaves that region alone' -Tag 'Process' {
            $null = New-TestPairFile $emu $TestDrive -Name confirmed
            $before = Get-EmulatorWriteCount $emu secondary
            $script = 'Publish-DltDrPipeline -Pair confirmed -Token (ConvertTo-SecureString x -AsPlainText -Force) -Confirm | Format-Table Pair, Region'
            $run = Invoke-Snippet -Script $script -PairPath $TestDrive -Answer 'Y', 'N'
            $run.ExitCode | Should -Be 0 -Because $run.Error
            ([regex]::Matches($run.Output, 'Are you sure you want to perform this action\?')).Count | Should -Be 2
            $run.Output | Should -Match 'confirmed\s+Primary'
            $run.Output | Should -Not -Match 'confirmed\s+Secondary'
            Get-EmulatorWriteCount $emu secondary | Should -Be $before
        }

        It 'publishes without a question with -Confirm:$false' {
            $null = Publish-TestPair $emu $TestDrive -Name declined
            Move-EmulatorClock $emu 30
            $null = New-TestPairFile $emu $TestDrive -Name declined -Mode lenient
            (Publish-DltDrPipeline declined -Region Primary -Token $token -Confirm:$false).Pipeline | Should -Be 'Update'
        }
    }

    Context 'errors' {
        It 'refuses a pipeline it did not deploy (ResourceNotOwned) and publishes the other region; -Adopt takes it' {
            $null = New-TestPairFile $emu $TestDrive -Name foreign
            $created = Invoke-WorkspaceApi $emu primary POST '/api/2.0/pipelines' @{ name = 'foreign-dlt'; storage = 'abfss://dlt@weu.dfs.core.windows.net/foreign' }
            $out = Publish-DltDrPipeline foreign -Token $token -Force -ErrorVariable errs -ErrorAction SilentlyContinue -WarningVariable warns -WarningAction SilentlyContinue
            $warns.Message | Should -Be @('foreign/secondary: first publish here, and foreign/primary could not be read, so its role is assumed: standby.')
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'ResourceNotOwned,DltDr.Cmdlets.PublishDltDrPipelineCommand'
            $errs[0].CategoryInfo.Category | Should -Be 'ResourceExists'
            $errs[0].TargetObject | Should -Be 'foreign/primary'
            $errs[0].ErrorDetails.RecommendedAction | Should -BeLike '*-Adopt*'
            $out.Region | Should -Be 'Secondary'
            $adopted = Publish-DltDrPipeline foreign -Token $token -Force -Adopt
            ($adopted | Where-Object Region -EQ Primary).PipelineId | Should -Be $created.pipeline_id
        }

        It 'reports invalid and unknown pairs and writes nothing' {
            '{ "name": "broken" }' | Set-Content -Path (Join-Path $TestDrive 'broken.json')
            $before = Get-EmulatorWriteCount $emu
            $null = Publish-DltDrPipeline broken, missing -Token $token -Force -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.FullyQualifiedErrorId | Should -Be @('InvalidPairDefinition,DltDr.Cmdlets.PublishDltDrPipelineCommand', 'PairNotFound,DltDr.Cmdlets.PublishDltDrPipelineCommand')
            Get-EmulatorWriteCount $emu | Should -Be $before
            Remove-Item (Join-Path $TestDrive 'broken.json')
        }

        It 'says which credentials to set when none are configured (AuthenticationFailed)' {
            $null = New-TestPairFile $emu $TestDrive -Name nocreds
            $null = Publish-DltDrPipeline nocreds -Force -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 2
            $errs | ForEach-Object {
                $_.FullyQualifiedErrorId | Should -Be 'AuthenticationFailed,DltDr.Cmdlets.PublishDltDrPipelineCommand'
                $_.CategoryInfo.Category | Should -Be 'AuthenticationError'
                $_.Exception.Message | Should -BeLike 'No credentials are configured for http://127.0.0.1:*'
            }
        }
    }
}

Describe 'Publish-DltDrPipeline with a region down' -Tag 'Emulator' {
    BeforeAll {
        $emu = Start-TestWorld -Folder $TestDrive -ClockScale 0
        $null = New-TestPairFile $emu $TestDrive -Name sales
        $null = Invoke-EmulatorControl $emu POST 'workspaces/primary/down'
    }
    AfterAll { Stop-TestWorld $emu }

    It 'reports the unreachable region (RegionUnreachable) and publishes the other one as standby, with a warning' {
        $out = Publish-DltDrPipeline sales -Token $token -Force -RegionTimeoutSec 2 -ErrorVariable errs -ErrorAction SilentlyContinue -WarningVariable warns -WarningAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'RegionUnreachable,DltDr.Cmdlets.PublishDltDrPipelineCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $errs[0].Exception.Message | Should -BeLike '*cannot connect*'
        $out.Region | Should -Be 'Secondary'
        $out.Role | Should -Be 'Standby'
        $warns.Message | Should -Contain 'sales/secondary: first publish here, and sales/primary could not be read, so its role is assumed: standby.'
        ($errs + $warns | Out-String) | Should -Not -BeLike '*dapi-pester-token*'
    }
}
