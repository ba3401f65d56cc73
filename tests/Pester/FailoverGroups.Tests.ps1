BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'DltDr.TestHelpers.psm1') -Force
    Import-DltDrUnderTest
    # An account-level token: the emulated workspaces take any token, the account host refuses a PAT.
    $accountToken = ConvertTo-SecureString 'eyJ-account-oauth-token' -AsPlainText -Force

    function Get-Codes($Status) { @($Status.Problems | ForEach-Object Code) }

    # The emulated workspaces' ids, primary then secondary, as they answer them (X-Databricks-Org-Id).
    function Get-OrgIds($Emulator) {
        $ws = Invoke-EmulatorControl $Emulator GET 'workspaces'
        @(($ws | Where-Object name -EQ primary).org_id, ($ws | Where-Object name -EQ secondary).org_id)
    }

    # Pairs of the group lake, which follows the account failover group fg-lake (primary westeurope),
    # made over the emulated workspaces: the pair files, the failover group, the group file.
    function New-LakeGroup($Emulator, [string] $Folder, [string[]] $Pairs, [hashtable] $GroupFile = @{}) {
        foreach ($name in $Pairs) {
            $path = New-TestPairFile $Emulator $Folder -Name $name
            $pair = Get-Content $path -Raw | ConvertFrom-Json
            $pair | Add-Member -NotePropertyName group -NotePropertyValue lake
            $pair | ConvertTo-Json -Depth 10 | Set-Content $path
        }
        $null = Invoke-EmulatorControl $Emulator POST 'account/failover-groups' @{
            failover_group_id = 'fg-lake'; regions = @('westeurope', 'northeurope'); initial_primary_region = 'westeurope'
            workspace_sets = @(@{ name = 'lake'; workspace_ids = @(Get-OrgIds $Emulator) })
        }
        $file = @{ group = 'lake'; failoverGroup = @{ account = $Emulator.Account.url; accountId = $Emulator.Account.id; id = 'fg-lake'
                regions = @{ primary = 'westeurope'; secondary = 'northeurope' } } }
        foreach ($k in $GroupFile.Keys) { $file[$k] = $GroupFile[$k] }
        $file | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $Folder 'lake.group.json')
    }
}

# A pair group that follows an account failover group (Databricks' managed DR), on an emulated
# clock 100 times real time.
Describe 'Get-DltDrStatus with a failover group' -Tag 'Emulator' {
    BeforeAll {
        $emu = Start-TestWorld -Folder $TestDrive -ClockScale 100
        New-LakeGroup $emu $TestDrive lake1 -GroupFile @{ objectives = @{ standbyLag = '1d' } }
        $null = Get-DltDrPair lake1 | Publish-DltDrPipeline -Token $accountToken -Force
        $groups = "$($emu.Account.url)/api/disaster-recovery/v1/accounts/$($emu.Account.id)/failover-groups"
        $headers = @{ Authorization = 'Bearer eyJ-account-oauth-token' }
    }
    AfterAll { Stop-TestWorld $emu }

    It 'reads the group file''s failoverGroup with the pair' {
        $p = Get-DltDrPair lake1
        $p.FailoverGroup.Id | Should -Be 'fg-lake'
        $p.FailoverGroup.PrimaryRegion, $p.FailoverGroup.SecondaryRegion | Should -Be @('westeurope', 'northeurope')
    }

    It 'shows the failover group beside the pair, and says nothing while they agree' {
        $s = Get-DltDrStatus lake1 -Token $accountToken
        Get-Codes $s | Should -Not -BeLike 'FailoverGroup*'
        $s.FailoverGroup.State, $s.FailoverGroup.EffectivePrimaryRegion | Should -Be @('ACTIVE', 'westeurope')
        (($s | Out-String -Width 80) -replace '\s+', ' ') | Should -Match 'failover group fg-lake: ACTIVE, primary in westeurope; replicated up to \d{4}-\d\d-\d\d \d\d:\d\d UTC'
    }

    It 'fails the readiness test while the failover group is not ACTIVE, and says why' {
        $null = Invoke-EmulatorControl $emu POST 'account/failover-groups/fg-lake/next-failover' @{ outcome = 'hang' }
        $null = Invoke-RestMethod -Method Post -Uri "$groups/fg-lake/failover" -Headers $headers -ContentType 'application/json' `
            -Body (@{ target_primary_region = 'northeurope'; failover_type = 'FORCED' } | ConvertTo-Json)
        try {
            $s = Get-DltDrStatus lake1 -Token $accountToken
            ($s.Problems | Where-Object Code -EQ 'FailoverGroupNotActive').Message | Should -BeLike 'The failover group fg-lake is failing over (from westeurope): wait until it is ACTIVE*'
            Get-Codes $s | Should -Not -Contain 'FailoverGroupDisagrees'
            $r = Test-DltDrFailover lake1 -Token $accountToken -SkipValidation
            $r.Ready | Should -BeFalse
            $r.Failed.Name | Should -Contain 'Roles'
        }
        finally {
            # Let it go back: it ends in northeurope; the next test fails it back first.
            $null = Invoke-EmulatorControl $emu POST 'account/failover-groups/fg-lake/release'
            $null = Invoke-RestMethod -Method Post -Uri "$groups/fg-lake/failover" -Headers $headers -ContentType 'application/json' `
                -Body (@{ target_primary_region = 'westeurope'; failover_type = 'FORCED' } | ConvertTo-Json)
            Wait-TestCondition $emu { (Invoke-RestMethod -Uri "$groups/fg-lake" -Headers $headers).state -eq 'ACTIVE' } | Out-Null
        }
    }

    It 'names a replication point past the pair''s standby lag objective' {
        # 3.5 days behind; the clock runs on while the status reads, so the age is 3d 12h or a little more.
        $null = Invoke-EmulatorControl $emu POST 'account/failover-groups/fg-lake/replication-lag' @{ seconds = 3.5 * 86400 }
        try {
            $p = (Get-DltDrStatus lake1 -Token $accountToken).Problems | Where-Object Code -EQ 'FailoverGroupReplicationBehind'
            $p.Message | Should -Match "^The failover group fg-lake has replicated the data up to \S+, 3d 1\dh ago: past the pair's standby lag objective of 1d \(group lake\)"
        }
        finally { $null = Invoke-EmulatorControl $emu POST 'account/failover-groups/fg-lake/replication-lag' @{ seconds = 60 } }
    }

    It 'names a workspace token the account host refuses, as a warning that does not stop the status' {
        $s = Get-DltDrStatus lake1 -Token (New-TestToken)
        $s.ActiveRegion | Should -Be 'Primary'
        $p = $s.Problems | Where-Object Code -EQ 'FailoverGroupUnreadable'
        $p.Message | Should -BeLike "The failover group fg-lake could not be read from 127.0.0.1:*personal access token is not valid at the account level*"
    }

    It 'names the pair whose active region the failover group left, and the command that follows it' {
        $null = Invoke-RestMethod -Method Post -Uri "$groups/fg-lake/failover" -Headers $headers -ContentType 'application/json' `
            -Body (@{ target_primary_region = 'northeurope'; failover_type = 'FORCED' } | ConvertTo-Json)
        Wait-TestCondition $emu { (Invoke-RestMethod -Uri "$groups/fg-lake" -Headers $headers).state -eq 'ACTIVE' } | Out-Null
        $s = Get-DltDrStatus lake1 -Token $accountToken
        $p = $s.Problems | Where-Object Code -EQ 'FailoverGroupDisagrees'
        $p.Severity | Should -Be 'Error'
        $p.Message | Should -Be ("The failover group fg-lake has its effective primary region in northeurope (the pair's secondary), but " +
            "the pair's active region is primary: its pipeline writes where the tables are now replicas. Run Set-DltDrActiveRegion " +
            "-Pair lake1 -Region secondary.")
        $s.Healthy | Should -BeFalse
    }

    It 'agrees again once the pair follows' {
        $null = Set-DltDrActiveRegion lake1 Secondary -Token $accountToken -Force
        Get-Codes (Get-DltDrStatus lake1 -Token $accountToken) | Should -Not -Contain 'FailoverGroupDisagrees'
    }

    It 'names a pair whose workspaces are in no workspace set of the failover group' {
        $null = Invoke-EmulatorControl $emu POST 'account/failover-groups' @{
            failover_group_id = 'fg-far'; regions = @('westeurope', 'northeurope')
            workspace_sets = @(@{ name = 'far'; workspace_ids = @('1111', '2222') })
        }
        @{ group = 'far'; failoverGroup = @{ account = $emu.Account.url; accountId = $emu.Account.id; id = 'fg-far'
                regions = @{ primary = 'westeurope'; secondary = 'northeurope' } } } | ConvertTo-Json -Depth 5 |
            Set-Content (Join-Path $TestDrive 'far.group.json')
        $path = New-TestPairFile $emu $TestDrive -Name far1
        $pair = Get-Content $path -Raw | ConvertFrom-Json
        $pair | Add-Member -NotePropertyName group -NotePropertyValue far
        $pair | ConvertTo-Json -Depth 10 | Set-Content $path
        $ids = Get-OrgIds $emu
        $p = (Get-DltDrStatus far1 -Token $accountToken).Problems | Where-Object Code -EQ 'FailoverGroupMissesPair'
        $p.Message | Should -Be ("The pair's workspaces (primary $($ids[0]), secondary $($ids[1])) are not both in one workspace set of the " +
            "failover group fg-far (far: 1111, 2222): it does not replicate this pair's data and assets.")
    }

        It 'names a standby that would write to a catalog the failover group replicates' {
        $null = Invoke-EmulatorControl $emu POST 'account/failover-groups' @{
            failover_group_id = 'fg-uc'; regions = @('westeurope', 'northeurope'); initial_primary_region = 'westeurope'
            workspace_sets = @(@{ name = 'uc'; workspace_ids = @(Get-OrgIds $emu) })
            unity_catalog_assets = @{ catalogs = @(@{ name = 'sales' }); data_replication_workspace_set = 'uc' }
        }
        @{ group = 'uc'; failoverGroup = @{ account = $emu.Account.url; accountId = $emu.Account.id; id = 'fg-uc'
                regions = @{ primary = 'westeurope'; secondary = 'northeurope' } } } | ConvertTo-Json -Depth 5 |
            Set-Content (Join-Path $TestDrive 'uc.group.json')
        $path = New-TestPairFile $emu $TestDrive -Name uc1
        $pair = Get-Content $path -Raw | ConvertFrom-Json
        $pair | Add-Member -NotePropertyName group -NotePropertyValue uc
        $pair.pipeline.PSObject.Properties.Remove('target')
        $pair.pipeline | Add-Member -NotePropertyName catalog -NotePropertyValue sales
        $pair.pipeline | Add-Member -NotePropertyName schema -NotePropertyValue orders
        $pair.regions.primary.PSObject.Properties.Remove('storage')
        $pair.regions.secondary.PSObject.Properties.Remove('storage')
        $pair | ConvertTo-Json -Depth 10 | Set-Content $path
        $p = (Get-DltDrStatus uc1 -Token $accountToken).Problems | Where-Object Code -EQ 'FailoverGroupReplicatesCatalog'
        $p.Message | Should -BeLike "The failover group fg-uc replicates the catalog sales from westeurope: in the pair's secondary region it is a read-only replica*regions.secondary.overrides.catalog*"
        # Publishing says so before it writes, and publishes as defined.
        $published = Publish-DltDrPipeline uc1 -Token $accountToken -Force -WarningVariable warns -WarningAction SilentlyContinue
        $published.Region | Should -Be @('Primary', 'Secondary')
        @($warns | Where-Object { "$_" -like 'uc1: The failover group fg-uc replicates the catalog sales from westeurope*Published as defined.' }).Count | Should -Be 1
        # With a catalog of its own in the secondary, the standby writes where nothing is replicated.
        $pair.regions.secondary | Add-Member -NotePropertyName overrides -NotePropertyValue ([pscustomobject]@{ catalog = 'sales_dr' })
        $pair | ConvertTo-Json -Depth 10 | Set-Content $path
        (Get-DltDrStatus uc1 -Token $accountToken).Problems.Code | Should -Not -Contain 'FailoverGroupReplicatesCatalog'
    }

        It 'refuses a group file whose failoverGroup is incomplete, naming the field' {
        @{ group = 'lake'; failoverGroup = @{ account = 'not a url'; accountId = $emu.Account.id; id = 'fg-lake' } } | ConvertTo-Json -Depth 5 |
            Set-Content (Join-Path $TestDrive 'lake.group.json')
        $null = Get-DltDrPair lake1 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPairDefinition,*'
        $errs[0].Exception.Message | Should -BeLike "*failoverGroup.account*'not a url' is not the account host's URL*"
        $errs[0].Exception.Message | Should -BeLike '*failoverGroup.regions*Missing*'
    }
}

# One command for the whole region: the failover group first, then the pipelines.
Describe 'Set-DltDrActiveRegion -FailoverGroup' -Tag 'Emulator' {
    BeforeAll {
        $emu = Start-TestWorld -Folder $TestDrive -ClockScale 100
        New-LakeGroup $emu $TestDrive lake2, lake3
        $null = Publish-DltDrPipeline -Group lake -Token $accountToken -Force
        $groups = "$($emu.Account.url)/api/disaster-recovery/v1/accounts/$($emu.Account.id)/failover-groups"
        $headers = @{ Authorization = 'Bearer eyJ-account-oauth-token' }
        function Get-Group { Invoke-RestMethod -Uri "$groups/fg-lake" -Headers $headers }
    }
    AfterAll { Stop-TestWorld $emu }

    It 'says both parts under -WhatIf and moves nothing' {
        $run = Invoke-Snippet -PairPath $TestDrive -Script "Set-DltDrActiveRegion -Group lake -Region Secondary -FailoverGroup -WhatIf -Token (ConvertTo-SecureString 'eyJ-account-oauth-token' -AsPlainText -Force)"
        $text = $run.Output | Compress-Text
        $text | Should -BeLike '*Whatif:*Failtheaccountfailovergroupfg-lakeovertonortheurope(thepairs''secondary)*thenswitchthepipelines*'
        $text | Should -BeLike '*Whatif:*"lake2"*'
        (Get-Group).effective_primary_region | Should -Be 'westeurope'
        (Get-DltDrStatus lake2 -Token $accountToken).ActiveRegion | Should -Be 'Primary'
    }

    It 'stops before any pipeline moves when the failover group''s failover fails' {
        $null = Invoke-EmulatorControl $emu POST 'account/failover-groups/fg-lake/next-failover' @{ outcome = 'fail' }
        $null = Set-DltDrActiveRegion -Group lake -Region Secondary -FailoverGroup -Force -Token $accountToken -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'FailoverGroupFailed,DltDr.Cmdlets.SetDltDrActiveRegionCommand'
        $errs[0].Exception.Message | Should -BeLike "The failover group fg-lake's failover to northeurope failed (FAILOVER_FAILED; its primary is still in westeurope). No pipeline was moved."
        (Get-DltDrStatus lake2, lake3 -Token $accountToken).ActiveRegion | Should -Be @('Primary', 'Primary')
    }

    It 'fails the failover group over, waits until it is ACTIVE, then switches every pair' {
        $results = Set-DltDrActiveRegion -Group lake -Region Secondary -FailoverGroup -Force -Token $accountToken
        $results.ActiveRegion | Should -Be @('Secondary', 'Secondary')
        $g = Get-Group
        $g.state, $g.effective_primary_region | Should -Be @('ACTIVE', 'northeurope')
        $s = Get-DltDrStatus -Group lake -Token $accountToken
        $s.Problems.Code | Should -Not -Contain 'FailoverGroupDisagrees'
        # The history says which failover group the pipelines followed, and since when it had its primary there.
        $switch = Get-DltDrHistory -Pair lake2 -Token $accountToken | Where-Object { $_.Operation -eq 'Switch' -and $_.Outcome -eq 'Succeeded' } | Select-Object -Last 1
        $switch.FailoverGroup | Should -Be 'fg-lake'
        $switch.FailoverGroupSince.UtcDateTime | Should -Be ([datetime]$g.update_time).ToUniversalTime()
        (($switch | Out-String -Width 80) -replace '\s+', ' ') | Should -BeLike '*lake2 switch to secondary following failover group fg-lake: Succeeded,*'
        ($switch | Format-List | Out-String -Width 80) | Should -Match 'FailoverGroup\s+: fg-lake'
        # The DR report shows the failover group beside each pair, and the switch that followed it.
        $file = Join-Path $TestDrive 'lake-report.html'
        $null = Export-DltDrReport -Group lake -Path $file -Token $accountToken -WarningAction SilentlyContinue
        $html = Get-Content $file -Raw
        [regex]::Match($html, '(?s)<section class="pair" id="pair-lake2".*?</section>').Value | Should -Match (
            'data-failover-group="fg-lake">Follows the account failover group fg-lake \(westeurope for primary, northeurope for secondary\): ' +
            'ACTIVE, its primary in northeurope, this pair''s secondary; replicated up to 20')
        $html | Should -Match '<td>planned switch[^<]* following failover group fg-lake</td>'
        # Again: nothing to fail over, nothing to switch.
        $again = Set-DltDrActiveRegion -Group lake -Region Secondary -FailoverGroup -Force -Token $accountToken
        $again.Changed | Should -Be @($false, $false)
    }

    It 'refuses pairs that follow no failover group, moving nothing' {
        $path = New-TestPairFile $emu $TestDrive -Name solo
        $null = Set-DltDrActiveRegion -Pair solo, lake2 -Region Primary -FailoverGroup -Force -Token $accountToken -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'NoCommonFailoverGroup,DltDr.Cmdlets.SetDltDrActiveRegionCommand'
        $errs[0].Exception.Message | Should -BeLike '*solo follows no failover group*Nothing was moved.'
        (Get-Group).effective_primary_region | Should -Be 'northeurope'
    }
}

# The pipelines follow the failover group: run every few minutes, unattended.
Describe 'Sync-DltDrActiveRegion' -Tag 'Emulator' {
    BeforeAll {
        $emu = Start-TestWorld -Folder $TestDrive -ClockScale 100
        New-LakeGroup $emu $TestDrive sync1, sync2
        $null = Publish-DltDrPipeline -Group lake -Token $accountToken -Force
        $groups = "$($emu.Account.url)/api/disaster-recovery/v1/accounts/$($emu.Account.id)/failover-groups"
        $headers = @{ Authorization = 'Bearer eyJ-account-oauth-token' }
        function Move-Group([string] $Region) {
            $null = Invoke-RestMethod -Method Post -Uri "$groups/fg-lake/failover" -Headers $headers -ContentType 'application/json' `
                -Body (@{ target_primary_region = $Region; failover_type = 'FORCED' } | ConvertTo-Json)
            Wait-TestCondition $emu { (Invoke-RestMethod -Uri "$groups/fg-lake" -Headers $headers).state -eq 'ACTIVE' } | Out-Null
        }
    }
    AfterAll { Stop-TestWorld $emu }

    It 'changes nothing while the pairs are where the failover group is' {
        $r = Sync-DltDrActiveRegion -Group lake -Force -Token $accountToken
        $r.Changed | Should -Be @($false, $false)
        $r.ActiveRegion | Should -Be @('Primary', 'Primary')
    }

    It 'moves every pair to where the failover group went, planned, and a rerun changes nothing' {
        Move-Group northeurope
        $r = Sync-DltDrActiveRegion -Group lake -Force -Token $accountToken
        $r.ActiveRegion | Should -Be @('Secondary', 'Secondary')
        $r.Unplanned | Should -Be @($false, $false)
        $followed = Get-DltDrHistory -Pair sync1 -Token $accountToken | Where-Object { $_.Operation -eq 'Switch' -and $_.Outcome -eq 'Succeeded' }
        @($followed)[-1].FailoverGroup | Should -Be 'fg-lake'
        (Sync-DltDrActiveRegion -Group lake -Force -Token $accountToken).Changed | Should -Be @($false, $false)
        (Get-DltDrStatus -Group lake -Token $accountToken).Problems.Code | Should -Not -Contain 'FailoverGroupDisagrees'
    }

    It 'switches unplanned where the old region does not answer; a later sync finishes the demotion' {
        Move-Group westeurope
        $null = Invoke-EmulatorControl $emu POST 'workspaces/secondary/down'
        try {
            $r = Sync-DltDrActiveRegion -Group lake -Force -Token $accountToken -RegionTimeoutSec 3 -WarningAction SilentlyContinue
            $r.ActiveRegion | Should -Be @('Primary', 'Primary')
            $r.Unplanned | Should -Be @($true, $true)
            $r.PendingDemotion | Should -Be @($true, $true)
        }
        finally { $null = Invoke-EmulatorControl $emu POST 'workspaces/secondary/up' }
        $again = Sync-DltDrActiveRegion -Group lake -Force -Token $accountToken
        $again.PendingDemotion | Should -Be @($false, $false)
        (Get-DltDrStatus -Group lake -Token $accountToken).ActiveRegion | Should -Be @('Primary', 'Primary')
    }

    It 'moves none of a group''s pairs while its failover group is failing over' {
        $null = Invoke-EmulatorControl $emu POST 'account/failover-groups/fg-lake/next-failover' @{ outcome = 'hang' }
        $null = Invoke-RestMethod -Method Post -Uri "$groups/fg-lake/failover" -Headers $headers -ContentType 'application/json' `
            -Body (@{ target_primary_region = 'northeurope'; failover_type = 'FORCED' } | ConvertTo-Json)
        try {
            $r = Sync-DltDrActiveRegion -Group lake -Force -Token $accountToken -WarningVariable warns -WarningAction SilentlyContinue
            $r | Should -BeNullOrEmpty
            $warns.Message | Should -Contain 'sync1: the failover group fg-lake is FAILING_OVER; not moved until it is ACTIVE.'
        }
        finally { $null = Invoke-EmulatorControl $emu POST 'account/failover-groups/fg-lake/release' }
    }

    It 'rides out a throttled account API, moves nothing while it is down, and the rerun finishes' {
        $where = { (Invoke-RestMethod -Uri "$groups/fg-lake" -Headers $headers).effective_primary_region }
        Wait-TestCondition $emu { (Invoke-RestMethod -Uri "$groups/fg-lake" -Headers $headers).state -eq 'ACTIVE' } | Out-Null
        $next = if ((& $where) -eq 'westeurope') { 'northeurope' } else { 'westeurope' }
        $region = if ($next -eq 'westeurope') { 'Primary' } else { 'Secondary' }
        $null = (Sync-DltDrActiveRegion -Group lake -Force -Token $accountToken -WarningAction SilentlyContinue)
        Move-Group $next
        try {
            # Throttled: the sync waits as told and moves both pairs.
            $null = Invoke-EmulatorControl $emu POST 'account/faults' @{ kind = 'status'; status = 429; retry_after_seconds = 1; count = 1 }
            $r = Sync-DltDrActiveRegion -Group lake -Force -Token $accountToken -WarningVariable warns -WarningAction SilentlyContinue
            $r.ActiveRegion | Should -Be @($region, $region)
            $warns | Should -BeNullOrEmpty
            (Invoke-EmulatorControl $emu GET 'account/faults').faults | Should -Be 0 -Because 'the 429 was answered'

            # Down: nothing is moved half-way, and the pairs already moved stay where they are.
            $back = if ($next -eq 'westeurope') { 'northeurope' } else { 'westeurope' }
            Move-Group $back
            $null = Invoke-EmulatorControl $emu POST 'account/faults' @{ kind = 'reset' }
            $r = Sync-DltDrActiveRegion -Group lake -Force -Token $accountToken -RegionTimeoutSec 3 -WarningVariable warns -WarningAction SilentlyContinue
            $r | Should -BeNullOrEmpty
            @($warns.Message | Where-Object { $_ -like 'sync?: the failover group fg-lake could not be read (*); not moved.' }).Count | Should -Be 2
            $null = Invoke-EmulatorControl $emu DELETE 'account/faults'
            (Get-DltDrStatus -Group lake -Token $accountToken).ActiveRegion | Should -Be @($region, $region)

            # Back up: the rerun finishes the move.
            $again = Sync-DltDrActiveRegion -Group lake -Force -Token $accountToken
            $again.Changed | Should -Be @($true, $true)
        }
        finally { $null = Invoke-EmulatorControl $emu DELETE 'account/faults' }
    }
}

# The example scheduled job, as written, in its own pwsh.
Describe 'examples/Sync-DltDrFailoverGroups.ps1' -Tag 'Process' {
    BeforeAll {
        $emu = Start-TestWorld -Folder $TestDrive -ClockScale 100
        New-LakeGroup $emu $TestDrive job1
        $null = Publish-DltDrPipeline -Group lake -Token $accountToken -Force
        $groups = "$($emu.Account.url)/api/disaster-recovery/v1/accounts/$($emu.Account.id)/failover-groups"
        $headers = @{ Authorization = 'Bearer eyJ-account-oauth-token' }
        $script = Join-Path (Get-RepositoryRoot) 'examples/Sync-DltDrFailoverGroups.ps1'
    }
    AfterAll { Stop-TestWorld $emu }

    It 'moves the pairs after their failover group, and a second run changes nothing' {
        $null = Invoke-RestMethod -Method Post -Uri "$groups/fg-lake/failover" -Headers $headers -ContentType 'application/json' `
            -Body (@{ target_primary_region = 'northeurope'; failover_type = 'FORCED' } | ConvertTo-Json)
        Wait-TestCondition $emu { (Invoke-RestMethod -Uri "$groups/fg-lake" -Headers $headers).state -eq 'ACTIVE' } | Out-Null
        $env = @{ DATABRICKS_TOKEN = 'eyJ-account-oauth-token'; DLTDR_PAIR_PATH = $null }
        $run = Invoke-PwshScript -File $script -Arguments @('-PairPath', $TestDrive, '-Group', 'lake') -Environment $env
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Output | Should -Match 'job1: Secondary active, switched\.'
        $again = Invoke-PwshScript -File $script -Arguments @('-PairPath', $TestDrive, '-Group', 'lake') -Environment $env
        $again.ExitCode | Should -Be 0 -Because $again.Error
        $again.Output | Should -Match 'job1: Secondary active, already there\.'
    }

    It 'fails the job, saying why, when the account refuses a workspace token' {
        $run = Invoke-PwshScript -File $script -Arguments @('-PairPath', $TestDrive, '-Group', 'lake') -Environment @{ DATABRICKS_TOKEN = 'dapi-workspace-token' }
        $run.ExitCode | Should -Be 1
        $run.Error | Compress-Text | Should -BeLike '*Grouplake:job1:thefailovergroupfg-lakecouldnotberead*personalaccesstokenisnotvalidattheaccountlevel*Nothingofitspairswasmoved.*'
    }
}
