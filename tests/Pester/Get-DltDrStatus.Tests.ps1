BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'DltDr.TestHelpers.psm1') -Force
    Import-DltDrUnderTest
    $token = New-TestToken
    $origin = Get-ClockOrigin

    function Get-Codes($Status) { @($Status.Problems | ForEach-Object { if ($null -ne $_.Region) { "$($_.Code)/$($_.Region)" } else { $_.Code } }) }
}

# Each Context has its own emulated workspaces on a manual clock that starts at 2026-11-24T00:00Z:
# published at 00:00, the nightly catch-up (01:00 UTC) has run by 02:30.
Describe 'Get-DltDrStatus' -Tag 'Emulator' {
    Context 'a healthy pair' {
        BeforeAll {
            $emu = Start-TestWorld -Folder $TestDrive -PublishPair sales -AdvanceSeconds (2.5 * 3600)
        }
        AfterAll { Stop-TestWorld $emu }

        It 'shows the primary active, the secondary standby and caught up, and no problem' {
            $s = Get-DltDrStatus sales -Token $token
            $s.ActiveRegion | Should -Be 'Primary'
            $s.Healthy | Should -BeTrue
            $s.Problems | Should -BeNullOrEmpty
            $s.Primary.Role, $s.Primary.Mode, $s.Primary.PipelineState, $s.Primary.CatchUpPaused | Should -Be @('Active', 'Continuous', 'RUNNING', $true)
            $s.Secondary.Role, $s.Secondary.Mode, $s.Secondary.PipelineState, $s.Secondary.CatchUpPaused | Should -Be @('Standby', 'Triggered', 'IDLE', $false)
            $s.Secondary.LastCatchUpResult | Should -Be 'COMPLETED'
            $s.Secondary.LastSuccessfulUpdate | Should -Be $origin.AddHours(1).AddSeconds(1)
            $s.Secondary.CatchUpSchedule | Should -Be '0 0 1 * * ? (UTC)'
            # The help's Example 1 shows this card, as it is.
            $page = Get-Content (Join-Path (Get-RepositoryRoot) 'docs/Get-DltDrStatus.md') -Raw
            $example = [regex]::Match($page, '(?s)### Example 1:.*?```powershell(.*?)```').Groups[1].Value
            $shown = @($example -split "`n" | Where-Object { $_ -match '^(sales:|  )' } | ForEach-Object { $_.TrimEnd() })
            $shown | Should -Be @(($s | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ -match '^(sales:|  )' } | ForEach-Object { $_.TrimEnd() })
        }

        It 'reads the time from the service, not the local clock' {
            $s = Get-DltDrStatus sales -Token $token
            $s.ReadAt | Should -BeGreaterOrEqual $origin.AddHours(2.5)
            $s.ReadAt | Should -BeLessThan $origin.AddHours(2.5).AddSeconds(30)
        }

        It 'only reads' {
            $before = Get-EmulatorWriteCount $emu
            $null = Get-DltDrStatus sales -Token $token
            Get-EmulatorWriteCount $emu | Should -Be $before
        }

        It 'takes pair objects from Get-DltDrPair, and reports an unpublished pair as NotPublished in both regions' {
            $null = New-TestPairFile $emu $TestDrive -Name hr
            $all = Get-DltDrPair | Get-DltDrStatus -Token $token -ThrottleLimit 2
            $all.Pair | Sort-Object | Should -Be @('hr', 'sales')
            $hr = $all | Where-Object Pair -EQ hr
            Get-Codes $hr | Should -Be @('NotPublished/Primary', 'NotPublished/Secondary')
            $hr.ActiveRegion | Should -Be 'Unknown'
        }

        It 'reports an unknown pair as PairNotFound' {
            { Get-DltDrStatus nothing-here -Token $token -ErrorAction Stop } | Should -Throw -ErrorId 'PairNotFound,DltDr.Cmdlets.GetDltDrStatusCommand'
        }

        It 'shows the active region, health and each region in words within 80 columns' {
            $lines = (Get-DltDrStatus sales -Token $token | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ }
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
            $lines[0] | Should -Be 'sales: primary active; healthy'
            $lines[1] | Should -Match '^  primary\s+active, continuous, RUNNING; catch-up paused; fresh now$'
            $lines[2] | Should -Match '^  secondary\s+standby, triggered, IDLE; catch-up scheduled; data as of\b'
        }

        It 'renders a table of many pairs with Format-Table within 80 columns' {
            $lines = (Get-DltDrStatus sales -Token $token | Format-Table | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ }
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
            $lines[0] | Should -Match '^Pair\s+Active\s+Healthy\s+Primary\s+Secondary\s+Problems$'
            $lines[2] | Should -Match '^sales\s+Primary\s+True\s+RUNNING\s+IDLE\s+none$'
        }

        It 'shows each region in a list view' {
            $text = Get-DltDrStatus sales -Token $token | Format-List | Out-String -Width 120
            $text | Should -Match 'ActiveRegion\s+: Primary'
            $text | Should -Match 'Secondary\s+: '
        }
    }

    Context 'a standby never caught up' {
        BeforeAll {
            $emu = Start-TestWorld -Folder $TestDrive -PublishPair sales
        }
        AfterAll { Stop-TestWorld $emu }

        It 'reports StaleStandby with the catch-up that was due and the command that fixes it' {
            $s = Get-DltDrStatus sales -Token $token
            Get-Codes $s | Should -Be @('StaleStandby/Secondary')
            $s.Healthy | Should -BeFalse
            $s.Problems[0].Message | Should -Be 'secondary has never processed data, and its catch-up was due at 2026-11-23T01:00:00Z. Run Invoke-DltDrCatchUp -Pair sales.'
        }

        It 'shows each problem with its severity, what it means and its fix within 80 columns' {
            $narrow = (Get-DltDrStatus sales -Token $token | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ }
            $narrow | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
            $narrow[0] | Should -Be 'sales: primary active; 1 problem (1 warning)'
            $narrow[3] | Should -Be '  warning  StaleStandby (secondary)'
            ($narrow[4..($narrow.Count - 1)] | ForEach-Object Trim) -join ' ' |
                Should -Be 'secondary has never processed data, and its catch-up was due at 2026-11-23T01:00:00Z. Fix: Run Invoke-DltDrCatchUp -Pair sales.'
            $table = (Get-DltDrStatus sales -Token $token | Format-Table | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ }
            $table[2] | Should -Match '^sales\s+Primary\s+False\s+\S+\s+\S+\s+StaleStandby$'
        }
    }

    Context 'failing and drifting regions' {
        BeforeAll {
            $emu = Start-TestWorld -Folder $TestDrive -PublishPair sales -AdvanceSeconds (2.5 * 3600)
        }
        AfterAll { Stop-TestWorld $emu }

        It 'reports an active job not paused (ModeJobMismatch) and a standby job paused as an unfinished demotion (PendingDemotion)' {
            Set-TestJobPause $emu primary UNPAUSED
            Set-TestJobPause $emu secondary PAUSED
            try {
                $status = Get-DltDrStatus sales -Token $token
                Get-Codes $status | Should -Be @('ModeJobMismatch/Primary', 'PendingDemotion/Secondary')
                ($status.Problems | Where-Object Code -EQ PendingDemotion).Message | Should -Be 'secondary is triggered (standby) but its catch-up job is paused: its demotion did not finish, so it is not being caught up. Run Set-DltDrActiveRegion -Pair sales -Region primary to finish it.'
            }
            finally {
                Set-TestJobPause $emu primary PAUSED
                Set-TestJobPause $emu secondary UNPAUSED
            }
        }

        It 'reports settings drift field by field, and how to put it back' {
            Edit-TestPipeline $emu primary { param($s) $s.configuration.mode = 'hotfix' }
            Move-EmulatorClock $emu 60
            try {
                $s = Get-DltDrStatus sales -Token $token
                Get-Codes $s | Should -Be @('SettingsDrift/Primary')
                $s.Problems[0].Message | Should -Be 'primary''s pipeline differs from the definition: configuration.mode: "hotfix" -> "strict". Run Publish-DltDrPipeline -Pair sales to put it back.'
                $table = ($s.Primary.Drift | Out-String -Width 120) -split "`r?`n" | Where-Object { $_ }
                $table[0] | Should -Match '^Field\s+Current\s+Desired$'
                $table[2] | Should -Match '^configuration\.mode\s+"hotfix"\s+"strict"$'
            }
            finally {
                Edit-TestPipeline $emu primary { param($s) $s.configuration.mode = 'strict' }
                Move-EmulatorClock $emu 60
            }
        }

        It 'reports a failing catch-up and the stale standby it leaves' {
            $pipeline = Get-TestPipeline $emu secondary
            $null = Invoke-EmulatorControl $emu POST "workspaces/secondary/pipelines/$($pipeline.pipeline_id)/fail-next-update" @{ count = 5 }
            Move-EmulatorClock $emu (24 * 3600)
            $s = Get-DltDrStatus sales -Token $token
            Get-Codes $s | Should -Be @('CatchUpFailing/Secondary', 'StaleStandby/Secondary')
            $s.Problems[0].Message | Should -Be 'secondary''s last catch-up update failed (FAILED).'
            $s.Problems[1].Message | Should -Be 'secondary''s data was last processed at 2026-11-24T01:00:01Z, before its catch-up due at 2026-11-25T01:00:00Z. Run Invoke-DltDrCatchUp -Pair sales.'
        }
    }

    Context 'both, none and pending' {
        BeforeAll {
            $emu = Start-TestWorld -Folder $TestDrive -PublishPair sales -AdvanceSeconds (2.5 * 3600)
        }
        AfterAll { Stop-TestWorld $emu }

        It 'reports both regions active, and which one is pending demotion' {
            Edit-TestPipeline $emu secondary { param($s) $s.continuous = $true; $s.tags | Add-Member -NotePropertyName 'dltdr-promoted-at' -NotePropertyValue '2026-11-24T02:00:00Z' }
            Set-TestJobPause $emu secondary PAUSED
            $s = Get-DltDrStatus sales -Token $token
            $s.ActiveRegion | Should -Be 'Both'
            Get-Codes $s | Should -Be @('BothActive', 'PendingDemotion/Primary')
            $s.Problems[1].Message | Should -Be 'primary is pending demotion and may still be running: secondary was promoted at 2026-11-24T02:00:00Z. Run Set-DltDrActiveRegion -Pair sales -Region secondary to finish it.'
        }

        It 'reports no region active (NoneActive)' {
            foreach ($ws in 'primary', 'secondary') { Edit-TestPipeline $emu $ws { param($s) $s.continuous = $false } }
            $s = Get-DltDrStatus sales -Token $token
            $s.ActiveRegion | Should -Be 'None'
            Get-Codes $s | Should -Contain 'NoneActive'
        }
    }

    Context 'unreachable regions' {
        BeforeAll {
            $emu = Start-TestWorld -Folder $TestDrive -PublishPair sales -AdvanceSeconds (2.5 * 3600)
        }
        AfterAll { Stop-TestWorld $emu }
        AfterEach {
            $null = Invoke-EmulatorControl $emu DELETE 'workspaces/secondary/faults'
            foreach ($ws in 'primary', 'secondary') { $null = Invoke-EmulatorControl $emu POST "workspaces/$ws/up" }
        }

        It 'reports a standby that refuses connections as unreachable, and still sees the primary active' {
            $null = Invoke-EmulatorControl $emu POST 'workspaces/secondary/down'
            $s = Get-DltDrStatus sales -Token $token -RegionTimeoutSec 3
            $s.ActiveRegion | Should -Be 'Primary'
            Get-Codes $s | Should -Be @('RegionUnreachable/Secondary')
            $s.Secondary.Reachable | Should -BeFalse
            $s.Secondary.Role | Should -Be 'Unknown'
        }

        It 'does not guess the active region when the primary cannot be read' {
            $null = Invoke-EmulatorControl $emu POST 'workspaces/primary/down'
            $s = Get-DltDrStatus sales -Token $token -RegionTimeoutSec 3
            $s.ActiveRegion | Should -Be 'Unknown'
            Get-Codes $s | Should -Be @('RegionUnreachable/Primary')
            $s.Problems[0].Message | Should -BeLike "primary ($($emu.Primary)) is unreachable:*"
            $lines = ($s | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ }
            $lines[0] | Should -Be 'sales: active region not known; 1 problem (1 error)'
            $lines[1] | Should -BeLike '  primary    unreachable: *'
            ($s | Format-Table | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ } | Select-Object -Index 2 |
                Should -Match '^sales\s+Unknown\s+False\s+unreachable\s+(RUNNING|IDLE)'
        }

        It 'costs one -RegionTimeoutSec for a region that hangs' {
            $null = Invoke-EmulatorControl $emu POST 'workspaces/secondary/hang'
            $s = Get-DltDrStatus sales -Token $token -RegionTimeoutSec 3
            Get-Codes $s | Should -Be @('RegionUnreachable/Secondary')
            $s.Problems[0].Message | Should -Be "secondary ($($emu.Secondary)) is unreachable: no answer within 3 s"
        }
    }

    Context 'after a clean failover and failback' {
        # A running clock (20x): the switch waits for RUNNING and IDLE as it does against the service.
        BeforeAll {
            $emu = Start-TestWorld -Folder $TestDrive -ClockScale 20 -PublishPair sales -AdvanceSeconds (2.5 * 3600)
        }
        AfterAll { Stop-TestWorld $emu }

        It 'is healthy right after a failover: the demoted region is fresh as of its demotion, not stale' {
            $null = Set-DltDrActiveRegion sales -Region Secondary -Token $token -Force
            $s = Get-DltDrStatus sales -Token $token
            $s.ActiveRegion | Should -Be 'Secondary'
            $s.Problems | Should -BeNullOrEmpty
            $s.Primary.FreshAsOf | Should -BeGreaterThan $origin.AddHours(2.5)
            $s.Secondary.FreshAsOf | Should -BeGreaterOrEqual $s.Primary.FreshAsOf
        }

        It 'shows how far the standby is behind, and flags it over -MaxStandbyLag (StandbyLagging)' {
            $s = Get-DltDrStatus sales -Token $token
            $s.StandbyLag | Should -BeGreaterThan ([TimeSpan]::Zero)
            $s.StandbyLag | Should -BeLessThan ([TimeSpan]::FromMinutes(30))
            $lagging = Get-DltDrStatus sales -Token $token -MaxStandbyLag ([TimeSpan]::FromSeconds(1))
            Get-Codes $lagging | Should -Be @('StandbyLagging/Primary')
            $lagging.Problems[0].Message | Should -BeLike 'primary is * behind the active region, more than the 0 minutes allowed. Run Invoke-DltDrCatchUp -Pair sales.'
            (Get-DltDrStatus sales -Token $token -MaxStandbyLag 26:00:00).Healthy | Should -BeTrue
        }

        It 'is healthy right after the failback too' {
            $null = Set-DltDrActiveRegion sales -Region Primary -Token $token -Force
            $s = Get-DltDrStatus sales -Token $token
            $s.ActiveRegion | Should -Be 'Primary'
            $s.Problems | Should -BeNullOrEmpty
        }

        It 'refuses a negative -MaxStandbyLag, naming the parameter' {
            { Get-DltDrStatus sales -Token $token -MaxStandbyLag (New-TimeSpan -Hours -1) -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidMaxStandbyLag,DltDr.Cmdlets.GetDltDrStatusCommand'
        }
    }

    Context 'credentials refused and failed promotions' {
        BeforeAll {
            $emu = Start-TestWorld -Folder $TestDrive -PublishPair sales -AdvanceSeconds (2.5 * 3600)
        }
        AfterAll { Stop-TestWorld $emu }

        It 'says credentials unavailable when none can be had: not deployed, reachable or refused it never says, and no workspace is asked' {
            $names = 'DATABRICKS_TOKEN', 'DATABRICKS_CLIENT_ID', 'DATABRICKS_CLIENT_SECRET', 'DATABRICKS_CONFIG_PROFILE', 'DATABRICKS_CONFIG_FILE',
                'ARM_USE_MSI', 'ARM_CLIENT_ID', 'ARM_CLIENT_SECRET', 'ARM_TENANT_ID', 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER'
            $saved = @{}
            foreach ($n in $names) { $saved[$n] = [Environment]::GetEnvironmentVariable($n); [Environment]::SetEnvironmentVariable($n, $null) }
            $config = Join-Path $TestDrive 'no.databrickscfg'
            [Environment]::SetEnvironmentVariable('DATABRICKS_CONFIG_FILE', $config)
            $asked = foreach ($ws in 'primary', 'secondary') { @((Invoke-EmulatorControl $emu GET "workspaces/$ws/requests").requests).Count }
            try {
                $s = Get-DltDrStatus sales
            }
            finally {
                foreach ($n in $names) { [Environment]::SetEnvironmentVariable($n, $saved[$n]) }
            }
            Get-Codes $s | Should -Be @('CredentialsUnavailable/Primary', 'CredentialsUnavailable/Secondary')
            foreach ($r in $s.Primary, $s.Secondary) {
                $r.Reachable | Should -BeFalse
                $r.Failure | Should -Be 'CredentialsUnavailable'
                $r.State | Should -Be 'no creds'
                $r.ToString() | Should -BeLike '*: credentials unavailable (No credentials are configured for *'
            }
            $text = ($s | Format-List | Out-String -Width 200) + ($s | Out-String -Width 80)
            $text | Should -Not -BeLike '*not deployed*'
            $text | Should -Not -BeLike '*refused the credentials*'
            $s.Problems[0].Message | Should -BeLike "primary ($($emu.Primary)): credentials unavailable, so it was not asked: No credentials are configured*"
            $after = foreach ($ws in 'primary', 'secondary') { @((Invoke-EmulatorControl $emu GET "workspaces/$ws/requests").requests).Count }
            $after | Should -Be $asked
        }

        It 'names a region that refuses the token AuthenticationFailed, not unreachable, and says it may be running' {
            $null = Invoke-EmulatorControl $emu POST 'workspaces/primary/auth' @{ tokens = @(@{ token = 'dapi-only-this-one' }) }
            try {
                $s = Get-DltDrStatus sales -Token $token
                Get-Codes $s | Should -Be @('AuthenticationFailed/Primary')
                $s.Problems[0].Message | Should -BeLike "primary ($($emu.Primary)) refused the credentials, so it could not be read (it may be running):*"
                $s.Primary.Failure | Should -Be 'AuthenticationFailed'
                (($s.Primary, $s.Secondary | Out-String -Width 100) -split "`r?`n" | Where-Object { $_ })[2] | Should -Match '^Primary\s+Unknown\s+auth refused'
            }
            finally {
                $null = Invoke-EmulatorControl $emu POST 'workspaces/primary/auth' @{ accept_any = $true }
            }
        }

        It 'reports a promotion whose update failed as PromotionFailed, with the error from the event log' {
            $pipeline = Get-TestPipeline $emu secondary
            $null = Invoke-EmulatorControl $emu POST "workspaces/secondary/pipelines/$($pipeline.pipeline_id)/fail-next-update" @{ count = 1 }
            Edit-TestPipeline $emu secondary { param($p) $p.continuous = $true; $p.tags | Add-Member -NotePropertyName 'dltdr-promoted-at' -NotePropertyValue '2026-11-24T02:30:00Z' -Force }
            Edit-TestPipeline $emu primary { param($p) $p.continuous = $false }
            Set-TestJobPause $emu secondary PAUSED
            Set-TestJobPause $emu primary UNPAUSED
            Move-EmulatorClock $emu 120
            $s = Get-DltDrStatus sales -Token $token
            Get-Codes $s | Should -Contain 'PromotionFailed/Secondary'
            $failed = $s.Problems | Where-Object Code -EQ 'PromotionFailed'
            $failed.Message | Should -BeLike 'secondary was promoted at 2026-11-24T02:30:00Z but its update * failed: *injected failure*. Fix the cause, then run Set-DltDrActiveRegion -Pair sales -Region secondary again, or Set-DltDrActiveRegion -Pair sales -Region primary to go back, or Publish-DltDrPipeline -Pair sales.'
            $s.Healthy | Should -BeFalse
        }
    }
}
