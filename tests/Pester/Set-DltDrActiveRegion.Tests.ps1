BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'DltDr.TestHelpers.psm1') -Force
    Import-DltDrUnderTest
    $token = New-TestToken

    function Get-Codes($Status) { @($Status.Problems | ForEach-Object { if ($null -ne $_.Region) { "$($_.Code)/$($_.Region)" } else { $_.Code } }) }
}

# The emulated clock runs 100 times real time; each test publishes a pair of its own.
Describe 'Set-DltDrActiveRegion' -Tag 'Emulator' {
    BeforeAll {
        $emu = Start-TestWorld -Folder $TestDrive -ClockScale 100
    }
    AfterAll { Stop-TestWorld $emu }

    Context 'a planned failover and failback' {
        It 'promotes the secondary, waits until it runs, then demotes the primary, step by step' {
            $null = Publish-TestPair $emu $TestDrive -Name drill
            $r = Set-DltDrActiveRegion -Pair drill -Region Secondary -Token $token -Force
            $r.ActiveRegion | Should -Be 'Secondary'
            $r.PreviousActiveRegion | Should -Be 'Primary'
            $r.Unplanned | Should -BeFalse
            $r.PendingDemotion | Should -BeFalse
            $r.Changed | Should -BeTrue
            $r.RecoveryTime | Should -BeGreaterThan ([TimeSpan]::Zero)
            $r.RecoveryTime | Should -BeLessOrEqual $r.TotalTime
            # Every step of the step list, each in its region, in the order listed.
            $steps = [DltDr.Engine.Operations.SwitchSteps]::All
            ($r.Steps | ForEach-Object Step) | Should -Be @($steps | ForEach-Object Id)
            ($r.Steps | ForEach-Object { "$($_.Region): $($_.Action)" }) | Should -Be @(
                'Secondary: Read both regions'
                'Secondary: Promote pipeline (continuous)'
                'Secondary: Pause catch-up job'
                'Secondary: Wait for RUNNING'
                'Primary: Demote pipeline (triggered)'
                'Primary: Resume catch-up job'
                'Primary: Stop the running update'
                'Primary: Wait for IDLE'
                'Secondary: Read both regions again')
            ($r.Steps | Where-Object Step -EQ 'wait-running').Outcome | Should -Be 'RUNNING'
            # The help's Example 4 shows these steps with these outcomes (region aside: it fails back).
            $page = Get-Content (Join-Path (Get-RepositoryRoot) 'docs/Set-DltDrActiveRegion.md') -Raw
            $example = [regex]::Match($page, '(?s)### Example 4:.*?```powershell(.*?)```').Groups[1].Value
            $rows = @([regex]::Matches($example, '(?m)^(?:Primary|Secondary)\s+(.+?)\s+[\d.]+s (\S+)') | ForEach-Object { "$($_.Groups[1].Value): $($_.Groups[2].Value)" })
            $rows | Should -Be @($r.Steps | ForEach-Object { "$($_.Action): $(($_.Outcome -split ' ')[0] -replace ',$', '')" })
            $r.Secondary.Role, $r.Secondary.PipelineState | Should -Be @('Active', 'RUNNING')
            $r.Primary.Role, $r.Primary.PipelineState | Should -Be @('Standby', 'IDLE')
            (Get-TestJob $emu secondary 'drill-dlt catch-up').settings.schedule.pause_status | Should -Be 'PAUSED'
            (Get-TestJob $emu primary 'drill-dlt catch-up').settings.schedule.pause_status | Should -Be 'UNPAUSED'
            $after = Get-DltDrStatus drill -Token $token
            $after.ActiveRegion | Should -Be 'Secondary'
            Get-Codes $after | Should -Not -Contain 'BothActive'
        }

        It 'fails back to the primary' {
            $null = Publish-TestPair $emu $TestDrive -Name back
            $null = Set-DltDrActiveRegion back Secondary -Token $token -Force
            $r = Set-DltDrActiveRegion back Primary -Token $token -Force
            $r.PreviousActiveRegion | Should -Be 'Secondary'
            (Get-DltDrStatus back -Token $token).ActiveRegion | Should -Be 'Primary'
            (Get-TestPipeline $emu primary back-dlt).spec.continuous | Should -BeTrue
            (Get-TestPipeline $emu secondary back-dlt).spec.continuous | Should -BeFalse
        }

        It 'changes nothing when the region is already active; only the history records the run' {
            $null = Publish-TestPair $emu $TestDrive -Name idem
            $before = Get-EmulatorWriteCount $emu -ExceptHistory
            $all = Get-EmulatorWriteCount $emu
            $r = Set-DltDrActiveRegion idem Primary -Token $token -Force
            $r.Changed | Should -BeFalse
            $r.Steps | ForEach-Object { $_.Wrote | Should -BeFalse }
            Get-EmulatorWriteCount $emu -ExceptHistory | Should -Be $before
            Get-EmulatorWriteCount $emu | Should -Be ($all + 2) -Because 'the run is in the history of both regions'
            (Get-DltDrHistory idem -Last 1 -Token $token).Outcome | Should -Be 'NoChange'
        }

        It 'switches every pair piped in, by object' {
            foreach ($n in 'many1', 'many2', 'many3') { $null = Publish-TestPair $emu $TestDrive -Name $n }
            $results = Get-DltDrPair many* | Set-DltDrActiveRegion -Region Secondary -Token $token -Force -ThrottleLimit 2
            $results.Pair | Sort-Object | Should -Be @('many1', 'many2', 'many3')
            $results.ActiveRegion | Sort-Object -Unique | Should -Be 'Secondary'
        }

        It 'renders its result and steps within 80 columns' {
            $null = Publish-TestPair $emu $TestDrive -Name shown
            $r = Set-DltDrActiveRegion shown Secondary -Token $token -Force
            $lines = ($r | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ }
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
            $lines[2] | Should -Match '^shown\s+Secondary\s+Primary\s+True\s+\d+\.\ds\s+\d+\.\ds'
            $steps = ($r.Steps | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ }
            $steps | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
            $steps | Should -Contain ($steps | Where-Object { $_ -match '^Secondary\s+Promote pipeline \(continuous\)\s+\d+\.\ds\s+\S' })
            ($r | Format-List | Out-String -Width 120) | Should -Match 'Steps\s+: Secondary Read both regions'
        }
    }

    Context 'confirmation' {
        It 'makes no write with -WhatIf and says what it would do' -Tag 'Process' {
            $null = Publish-TestPair $emu $TestDrive -Name whatif
            $before = Get-EmulatorWriteCount $emu
            $script = 'Set-DltDrActiveRegion whatif Secondary -Token (ConvertTo-SecureString x -AsPlainText -Force) -WhatIf'
            $run = Invoke-Snippet -Script $script -PairPath $TestDrive
            $run.Output | Should -BeLike '*What if: Performing the operation "Make secondary active: promote secondary (continuous), pause its catch-up, wait until it runs, then demote primary (triggered), resume its catch-up, stop its update, wait until it is idle" on target "whatif".*'
            Get-EmulatorWriteCount $emu | Should -Be $before
        }

        It 'asks for confirmation by default (ConfirmImpact High): unattended without -Force it switches nothing' -Tag 'Process' {
            $null = Publish-TestPair $emu $TestDrive -Name asked
            $before = Get-EmulatorWriteCount $emu
            $script = 'Set-DltDrActiveRegion asked Secondary -Token (ConvertTo-SecureString x -AsPlainText -Force)'
            $run = Invoke-Snippet -Script $script -PairPath $TestDrive
            $run.ExitCode | Should -Not -Be 0
            "$($run.Output)$($run.Error)" | Should -BeLike '*NonInteractive*'
            "$($run.Output)$($run.Error)" -replace '\s+', ' ' | Should -BeLike '*Add -Force or -Confirm:$false to run without asking*'
            Get-EmulatorWriteCount $emu | Should -Be $before
        }

        It 'switches without a question with -Force or -Confirm:$false' -Tag 'Process' {
            $null = Publish-TestPair $emu $TestDrive -Name noask
            (Set-DltDrActiveRegion noask Secondary -Token $token -Confirm:$false).ActiveRegion | Should -Be 'Secondary'
            $script = 'Set-DltDrActiveRegion noask Primary -Token (ConvertTo-SecureString x -AsPlainText -Force) -Force'
            $run = Invoke-Snippet -Script $script -PairPath $TestDrive
            $run.ExitCode | Should -Be 0
            (Get-DltDrStatus noask -Token $token).ActiveRegion | Should -Be 'Primary'
        }
    }

    Context 'a promotion that fails' {
        It 'returns the target to standby and status names it StandbyFailed, failing readiness, until an update succeeds there' {
            $null = Publish-TestPair $emu $TestDrive -Name sbfail
            $p = Get-TestPipeline $emu secondary sbfail-dlt
            $null = Invoke-EmulatorControl $emu POST "workspaces/secondary/pipelines/$($p.pipeline_id)/fail-next-update" @{ count = 1 }
            { Set-DltDrActiveRegion sbfail Secondary -Token $token -Force -ErrorAction Stop } | Should -Throw -ErrorId 'PromotionFailed,DltDr.Cmdlets.SetDltDrActiveRegionCommand'
            $s = Get-DltDrStatus sbfail -Token $token
            $s.ActiveRegion | Should -Be 'Primary'
            Get-Codes $s | Should -Contain 'StandbyFailed/Secondary'
            $s.Healthy | Should -BeFalse
            ($s.Problems | Where-Object Code -EQ 'StandbyFailed').Message | Should -BeLike 'secondary is the standby but its newest update * failed*Run Invoke-DltDrCatchUp -Pair sbfail.'
            $t = Test-DltDrFailover sbfail -Token $token -SkipValidation
            $t.Ready | Should -BeFalse
            ($t.Checks | Where-Object Name -EQ 'Roles').Outcome | Should -Be 'Failed'
            $null = Invoke-DltDrCatchUp sbfail -Token $token -Wait
            Get-Codes (Get-DltDrStatus sbfail -Token $token) | Should -Not -Contain 'StandbyFailed/Secondary'
        }
    }

    Context 'credentials refused' {
        # Only this token is accepted by the refusing region; the command's -Token is not it.
        BeforeEach { $only = @{ tokens = @(@{ token = 'dapi-only-this-one' }) } }
        AfterEach { foreach ($ws in 'primary', 'secondary') { $null = Invoke-EmulatorControl $emu POST "workspaces/$ws/auth" @{ accept_any = $true } } }

        It 'refuses a planned failover when the primary refuses the token (AuthenticationFailed), not as unreachable, and writes nothing' {
            $null = Publish-TestPair $emu $TestDrive -Name authplanned
            $null = Invoke-EmulatorControl $emu POST 'workspaces/primary/auth' $only
            $before = Get-EmulatorWriteCount $emu secondary
            $null = Set-DltDrActiveRegion authplanned Secondary -Token $token -Force -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'AuthenticationFailed,DltDr.Cmdlets.SetDltDrActiveRegionCommand'
            $errs[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
            $errs[0].Exception.Message | Should -BeLike "authplanned/primary ($($emu.Primary)) refused the credentials: it answers and may be running, but it cannot be demoted:*Invalid access token*"
            $errs[0].Exception.Message | Should -Not -BeLike '*unreachable*'
            Get-EmulatorWriteCount $emu secondary | Should -Be $before
        }

        It 'with -Unplanned makes the secondary active and says the primary is treated as running, not down' {
            $null = Publish-TestPair $emu $TestDrive -Name authunplanned
            $null = Invoke-EmulatorControl $emu POST 'workspaces/primary/auth' $only
            $r = Set-DltDrActiveRegion authunplanned Secondary -Unplanned -Token $token -Force -WarningVariable warns -WarningAction SilentlyContinue
            $r.PendingDemotion | Should -BeTrue
            $r.PendingDemotionReason | Should -Be 'credentials refused (it answers and is treated as running)'
            $warns[0].Message | Should -Be 'authunplanned: primary is pending demotion (credentials refused (it answers and is treated as running)): it may still be running. Run Set-DltDrActiveRegion -Pair authunplanned -Region secondary again once it answers.'
            # The history of the failover could not be written where the token is refused; the secondary has it.
            $warns[1].Message | Should -BeLike 'authunplanned: the history of this switch was not written in primary*'
            $warns.Count | Should -Be 2
        }

        It 'refuses to make active a region that refuses the token (AuthenticationFailed)' {
            $null = Publish-TestPair $emu $TestDrive -Name authtarget
            $null = Invoke-EmulatorControl $emu POST 'workspaces/secondary/auth' $only
            { Set-DltDrActiveRegion authtarget Secondary -Token $token -Force -ErrorAction Stop } | Should -Throw -ErrorId 'AuthenticationFailed,DltDr.Cmdlets.SetDltDrActiveRegionCommand'
        }

        It 'names it AuthenticationFailed for a catch-up too, not a missing standby' {
            $null = Publish-TestPair $emu $TestDrive -Name authcatchup
            $null = Invoke-EmulatorControl $emu POST 'workspaces/secondary/auth' $only
            $null = Invoke-DltDrCatchUp authcatchup -Token $token -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -Be 'AuthenticationFailed,DltDr.Cmdlets.InvokeDltDrCatchUpCommand'
            $errs[0].Exception.Message | Should -BeLike 'authcatchup/secondary (*) refused the credentials, so the standby region cannot be told:*'
        }
    }

    Context 'a region down' {
        AfterEach { foreach ($ws in 'primary', 'secondary') { $null = Invoke-EmulatorControl $emu POST "workspaces/$ws/up" } }

        It 'refuses a planned failover when the primary is down (OtherRegionUnreachable), naming -Unplanned, and writes nothing' {
            $null = Publish-TestPair $emu $TestDrive -Name planned
            $null = Invoke-EmulatorControl $emu POST 'workspaces/primary/down'
            $before = Get-EmulatorWriteCount $emu secondary
            $null = Set-DltDrActiveRegion planned Secondary -Token $token -Force -RegionTimeoutSec 2 -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'OtherRegionUnreachable,DltDr.Cmdlets.SetDltDrActiveRegionCommand'
            $errs[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $errs[0].Exception.Message | Should -BeLike '*For an unplanned failover run Set-DltDrActiveRegion -Pair planned -Region secondary -Unplanned:*'
            $errs[0].ErrorDetails.RecommendedAction | Should -BeLike '*-Unplanned*'
            Get-EmulatorWriteCount $emu secondary | Should -Be $before
        }

        It 'fails over with -Unplanned, and the next run demotes the returning primary' {
            $null = Publish-TestPair $emu $TestDrive -Name unplanned
            $null = Invoke-EmulatorControl $emu POST 'workspaces/primary/down'
            $r = Set-DltDrActiveRegion unplanned Secondary -Unplanned -Token $token -Force -RegionTimeoutSec 2 -WarningVariable warns -WarningAction SilentlyContinue
            $r.Unplanned | Should -BeTrue
            $r.PendingDemotion | Should -BeTrue
            $r.RecoveryTime | Should -Not -BeNullOrEmpty
            $warns[0].Message | Should -Be 'unplanned: primary is pending demotion (unreachable): it may still be running. Run Set-DltDrActiveRegion -Pair unplanned -Region secondary again once it answers.'
            $warns[1].Message | Should -BeLike 'unplanned: the history of this switch was not written in primary*'
            ($r | Out-String -Width 120) | Should -BeLike '*demotion pending*'

            $null = Invoke-EmulatorControl $emu POST 'workspaces/primary/up'
            $seen = Get-DltDrStatus unplanned -Token $token
            $seen.ActiveRegion | Should -Be 'Both'
            Get-Codes $seen | Should -Contain 'PendingDemotion/Primary'

            $finish = Set-DltDrActiveRegion unplanned Secondary -Token $token -Force
            $finish.PendingDemotion | Should -BeFalse
            ($finish.Steps | Where-Object { $_.Region -eq 'Primary' -and $_.Action -eq 'Demote pipeline (triggered)' }).Wrote | Should -BeTrue
            $done = Get-DltDrStatus unplanned -Token $token
            $done.ActiveRegion | Should -Be 'Secondary'
            Get-Codes $done | Should -Not -Contain 'PendingDemotion/Primary'
            Get-Codes $done | Should -Not -Contain 'BothActive'
        }

        It 'refuses a target that cannot be reached, even unplanned (TargetUnreachable), and leaves the primary running' {
            $null = Publish-TestPair $emu $TestDrive -Name target
            $null = Invoke-EmulatorControl $emu POST 'workspaces/secondary/down'
            $null = Set-DltDrActiveRegion target Secondary -Unplanned -Token $token -Force -RegionTimeoutSec 2 -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -Be 'TargetUnreachable,DltDr.Cmdlets.SetDltDrActiveRegionCommand'
            (Get-TestPipeline $emu primary target-dlt).spec.continuous | Should -BeTrue
        }
    }

    Context 'a pair not published' {
        It 'refuses to switch a pair that has no pipeline (NotPublished) and names the command that fixes it' {
            $null = New-TestPairFile $emu $TestDrive -Name unpublished
            $null = Set-DltDrActiveRegion unpublished Secondary -Token $token -Force -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -Be 'NotPublished,DltDr.Cmdlets.SetDltDrActiveRegionCommand'
            $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errs[0].Exception.Message | Should -BeLike '*Run Publish-DltDrPipeline -Pair unpublished*'
            $errs[0].ErrorDetails.RecommendedAction | Should -BeLike '*Publish-DltDrPipeline*'
        }
    }

    Context 'a promotion that fails' {
        It 'keeps the old active region, returns the target to standby and says so (PromotionFailed)' {
            $null = Publish-TestPair $emu $TestDrive -Name failed
            $pipeline = Get-TestPipeline $emu secondary failed-dlt
            $null = Invoke-EmulatorControl $emu POST "workspaces/secondary/pipelines/$($pipeline.pipeline_id)/fail-next-update" @{ count = 1 }
            $null = Set-DltDrActiveRegion failed Secondary -Token $token -Force -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -Be 'PromotionFailed,DltDr.Cmdlets.SetDltDrActiveRegionCommand'
            $errs[0].CategoryInfo.Category | Should -Be 'InvalidResult'
            $errs[0].Exception.Message | Should -BeLike '*primary stays active and secondary was returned to standby*'
            $s = Get-DltDrStatus failed -Token $token
            $s.ActiveRegion | Should -Be 'Primary'
            $s.Secondary.CatchUpPaused | Should -BeFalse
        }
    }
}
