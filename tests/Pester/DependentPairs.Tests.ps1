BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'DltDr.TestHelpers.psm1') -Force
    Import-DltDrUnderTest

    # A pair file of the store in a group, depending on others.
    function Write-GroupPair([string] $Name, [string] $Group, [string[]] $DependsOn = @()) {
        $path = New-TestPairFile -Emulator $emu -Folder $TestDrive -Name $Name
        $pair = Get-Content $path -Raw | ConvertFrom-Json
        $pair | Add-Member group $Group
        if ($DependsOn) { $pair | Add-Member dependsOn @($DependsOn) }
        $pair | ConvertTo-Json -Depth 10 | Set-Content -Path $path
    }

    # When the pair's pipeline in a workspace reached a state (its update_progress event), on the emulator's clock.
    function Get-StateTime([string] $Pair, [string] $Workspace, [string] $State) {
        $id = (Get-DltDrStatus $Pair -Token $token).$Workspace.PipelineId
        $events = (Invoke-WorkspaceApi $emu $Workspace GET "/api/2.0/pipelines/$id/events?max_results=1000").events
        @($events | Where-Object { $_.event_type -eq 'update_progress' -and $_.details.update_progress.state -eq $State } | ForEach-Object { [DateTimeOffset]$_.timestamp } | Sort-Object)
    }
}

Describe 'Dependent pairs' -Tag 'Emulator' {
    BeforeAll {
        $emu = Start-TestWorld -Folder $TestDrive -ClockScale 100
        $token = New-TestToken
        Write-GroupPair bronze lake
        Write-GroupPair silver lake -DependsOn bronze
        Write-GroupPair gold lake -DependsOn silver
        Write-GroupPair solo lake
        $null = Publish-DltDrPipeline -Group lake -Token $token -Force
        $null = Wait-TestCondition $emu { @(Get-DltDrStatus -Group lake -Token $token | Where-Object { $_.Primary.PipelineState -ne 'RUNNING' }).Count -eq 0 }
    }
    AfterAll { Stop-TestWorld $emu }

    It 'Get-DltDrPair and Get-DltDrStatus take -Group' {
        (Get-DltDrPair -Group lake).Name | Sort-Object | Should -Be @('bronze', 'gold', 'silver', 'solo')
        (Get-DltDrPair -Group lake | Where-Object Name -eq gold).DependsOn | Should -Be 'silver'
        (Get-DltDrStatus -Group lake -Token $token).Pair | Sort-Object | Should -Be @('bronze', 'gold', 'silver', 'solo')
        Get-DltDrPair -Group nothing -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'PairNotFound,*'
        $errs[0].Exception.Message | Should -BeLike "No pair of group 'nothing' was found in *"
    }

    It '-WhatIf shows the order: each pair after the pairs it depends on' -Tag 'Process' {
        $before = Get-EmulatorWriteCount $emu
        $run = Invoke-Snippet -Script 'Set-DltDrActiveRegion -Group lake -Region Secondary -WhatIf' -PairPath $TestDrive
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $lines = @($run.Output -split "`r?`n" | Where-Object { $_ -like 'What if:*' })
        $lines.Count | Should -Be 4
        $targets = $lines | ForEach-Object { if ($_ -match 'on target "([^"]+)"') { $Matches[1] } }
        $targets | Should -Be @('bronze', 'solo', 'silver', 'gold')
        $lines[2] | Should -BeLike '*Make secondary active (after bronze): promote secondary*'
        $lines[3] | Should -BeLike '*Make secondary active (after silver):*'
        Get-EmulatorWriteCount $emu | Should -Be $before
    }

    It 'switches the group in dependency order: a pair is promoted only once the pairs it depends on run there' {
        $results = Set-DltDrActiveRegion -Group lake -Region Secondary -Token $token -Force
        ($results.Pair | Sort-Object) | Should -Be @('bronze', 'gold', 'silver', 'solo')
        $results | ForEach-Object { $_.ActiveRegion | Should -Be 'Secondary' }
        $bronzeRuns = (Get-StateTime bronze Secondary RUNNING)[-1]
        $silverStarts = (Get-StateTime silver Secondary QUEUED)[-1]
        $silverRuns = (Get-StateTime silver Secondary RUNNING)[-1]
        $goldStarts = (Get-StateTime gold Secondary QUEUED)[-1]
        $silverStarts | Should -BeGreaterOrEqual $bronzeRuns
        $goldStarts | Should -BeGreaterOrEqual $silverRuns
        # solo depends on nothing: it went with bronze, not after gold.
        (Get-StateTime solo Secondary QUEUED)[-1] | Should -BeLessThan $goldStarts
    }

    It 'leaves the dependents of a pair that fails unswitched, reported as UpstreamFailed, and switches the independent ones' {
        $bronzePrimary = (Get-DltDrStatus bronze -Token $token).Primary.PipelineId
        $null = Invoke-EmulatorControl $emu POST "workspaces/primary/pipelines/$bronzePrimary/fail-next-update" @{ count = 1 }
        $results = Set-DltDrActiveRegion -Group lake -Region Primary -Token $token -Force -ErrorVariable errs -ErrorAction SilentlyContinue
        $results.Pair | Should -Be 'solo'
        $ids = $errs | ForEach-Object { "$($_.TargetObject):$($_.FullyQualifiedErrorId.Split(',')[0])" }
        $ids | Sort-Object | Should -Be @('bronze:PromotionFailed', 'gold:UpstreamFailed', 'silver:UpstreamFailed')
        $silverError = $errs | Where-Object TargetObject -eq 'silver'
        $silverError.Exception.Message | Should -BeLike 'silver was not switched: it depends on bronze, which did not come to run in primary (PromotionFailed).*'
        $silverError.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        ($errs | Where-Object TargetObject -eq 'gold').Exception.Message | Should -BeLike 'gold was not switched: it depends on silver*'
        (Get-DltDrStatus silver -Token $token).ActiveRegion | Should -Be 'Secondary'
        (Get-DltDrStatus gold -Token $token).ActiveRegion | Should -Be 'Secondary'
        (Get-DltDrHistory silver -Last 1 -Token $token).To | Should -Be 'Secondary' -Because 'a skipped pair is not recorded as switched'
    }

    It 'skips a pair whose upstream is not part of the switch and does not run in the target region' {
        # bronze is still Secondary-active after its failed promotion; make it Primary-only first.
        $null = Set-DltDrActiveRegion bronze Secondary -Token $token -Force
        $null = Set-DltDrActiveRegion solo Secondary -Token $token -Force
        Set-DltDrActiveRegion silver Primary -Token $token -Force -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -Be 'UpstreamFailed,DltDr.Cmdlets.SetDltDrActiveRegionCommand'
        $errs[0].Exception.Message | Should -BeLike 'silver was not switched: it depends on bronze, which is not part of this switch and does not run in primary (active: secondary).*'
    }

    It 'refuses a cycle or an unknown name as a definition error and switches nothing' {
        Write-GroupPair cyc1 loop -DependsOn cyc2
        Write-GroupPair cyc2 loop -DependsOn cyc1
        $before = Get-EmulatorWriteCount $emu
        Set-DltDrActiveRegion -Group loop -Region Secondary -Token $token -Force -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidPairDefinition,DltDr.Cmdlets.SetDltDrActiveRegionCommand'
        $errs[0].Exception.Message | Should -Match 'dependsOn: The pairs depend on each other in a cycle: (cyc1 -> cyc2 -> cyc1|cyc2 -> cyc1 -> cyc2)\.'

        Write-GroupPair orphan ghosts -DependsOn ghost
        Set-DltDrActiveRegion -Group ghosts -Region Secondary -Token $token -Force -ErrorVariable errs2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs2[0].Exception.Message | Should -BeLike "*dependsOn: 'ghost' is not a known pair: it is neither among the pairs given nor in the pair store.*"
        Get-EmulatorWriteCount $emu | Should -Be $before
    }
}
