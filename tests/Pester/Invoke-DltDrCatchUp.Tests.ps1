BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'DltDr.TestHelpers.psm1') -Force
    Import-DltDrUnderTest
    $token = New-TestToken

    function Get-RunCount($Emulator, [string] $Workspace, [string] $Pair) {
        $job = Get-TestJob $Emulator $Workspace "$Pair-dlt catch-up"
        $runs = (Invoke-WorkspaceApi $Emulator $Workspace GET "/api/2.2/jobs/runs/list?job_id=$($job.job_id)&limit=25").runs
        if ($null -eq $runs) { 0 } else { @($runs).Count }
    }
}

# The emulated clock runs 100 times real time: a catch-up of about 22 virtual seconds takes 0.2 s.
Describe 'Invoke-DltDrCatchUp' -Tag 'Emulator' {
    BeforeAll {
        $emu = Start-TestWorld -Folder $TestDrive -ClockScale 100
    }
    AfterAll { Stop-TestWorld $emu }

    It 'catches up the standby and, with -Wait, reports how it ended, with progress and verbose lines' {
        $null = Publish-TestPair $emu $TestDrive -Name waited
        $all = Invoke-DltDrCatchUp -Pair waited -Wait -Token $token -Verbose 4>&1
        $result = $all | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] }
        $verbose = @($all | Where-Object { $_ -is [Management.Automation.VerboseRecord] })
        $result.Region | Should -Be 'Secondary'
        $result.State, $result.Result | Should -Be @('TERMINATED', 'SUCCESS')
        $result.Succeeded | Should -BeTrue
        $result.UpdateId | Should -Not -BeNullOrEmpty
        $result.Duration.TotalSeconds | Should -BeGreaterOrEqual 20
        $verbose.Message | Should -Contain "waited/secondary: started catch-up run $($result.RunId)"
        $verbose[-1].Message | Should -Be 'waited/secondary: run TERMINATED, update COMPLETED'
        Get-RunCount $emu primary waited | Should -Be 0
    }

    It 'takes pairs from the pipeline by object' {
        $null = Publish-TestPair $emu $TestDrive -Name piped
        $r = Get-DltDrPair piped | Invoke-DltDrCatchUp -Token $token
        $r.Pair | Should -Be 'piped'
        $r.RunId | Should -Not -BeNullOrEmpty
    }

    It 'starts nothing with -WhatIf, and says what it would do' -Tag 'Process' {
        $null = Publish-TestPair $emu $TestDrive -Name whatif
        # In a child pwsh: its What if: line is the host's text (and stays out of this run's output).
        $run = Invoke-Snippet -Script 'Invoke-DltDrCatchUp whatif -Token (ConvertTo-SecureString x -AsPlainText -Force) -WhatIf' -PairPath $TestDrive
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Output | Should -BeLike '*What if: Performing the operation "Run the standby region''s catch-up now" on target "whatif".*'
        Get-RunCount $emu secondary whatif | Should -Be 0
    }

    It 'passes -FullRefresh to the update' {
        $null = Publish-TestPair $emu $TestDrive -Name full
        $result = Invoke-DltDrCatchUp full -FullRefresh -Wait -Token $token
        $pipeline = Get-TestPipeline $emu secondary full-dlt
        (Invoke-WorkspaceApi $emu secondary GET "/api/2.0/pipelines/$($pipeline.pipeline_id)/updates/$($result.UpdateId)").update.full_refresh | Should -BeTrue
    }

    It 'refuses the active region (CatchUpOnActiveRegion)' {
        $null = Publish-TestPair $emu $TestDrive -Name active
        $null = Invoke-DltDrCatchUp active -Region Primary -Token $token -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'CatchUpOnActiveRegion,DltDr.Cmdlets.InvokeDltDrCatchUpCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $errs[0].Exception.Message | Should -Be "active/primary is the active region of pair 'active': it runs continuously and needs no catch-up. Catch-up runs in the standby region."
        $errs[0].ErrorDetails.RecommendedAction | Should -BeLike '*standby*'
        Get-RunCount $emu primary active | Should -Be 0
    }

    It 'reports a failing run as its result and a CatchUpFailed error' {
        $null = Publish-TestPair $emu $TestDrive -Name failing
        $pipeline = Get-TestPipeline $emu secondary failing-dlt
        $null = Invoke-EmulatorControl $emu POST "workspaces/secondary/pipelines/$($pipeline.pipeline_id)/fail-next-update" @{ count = 1 }
        $result = Invoke-DltDrCatchUp failing -Wait -Token $token -ErrorVariable errs -ErrorAction SilentlyContinue
        $result.Result | Should -Be 'FAILED'
        $errs[0].FullyQualifiedErrorId | Should -Be 'CatchUpFailed,DltDr.Cmdlets.InvokeDltDrCatchUpCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $errs[0].Exception.Message | Should -BeLike '*ended FAILED: Task catch_up failed with message: Update failed*'
    }

    It 'renders its result within 80 columns' {
        $null = Publish-TestPair $emu $TestDrive -Name shown
        $lines = (Invoke-DltDrCatchUp shown -Token $token | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ }
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        $lines[0] | Should -Match '^Pair\s+Region\s+RunId\s+State\s+Result\s+Duration'
        $lines[2] | Should -Match '^shown\s+Secondary\s+\d+'
    }
}

Describe 'Invoke-DltDrCatchUp on a held clock' -Tag 'Emulator' {
    BeforeAll {
        $emu = Start-TestWorld -Folder $TestDrive -ClockScale 0 -PublishPair sales
    }
    AfterAll { Stop-TestWorld $emu }

    It 'joins the run already going instead of starting a second one' {
        $first = Invoke-DltDrCatchUp sales -Token $token
        $first.AlreadyRunning | Should -BeFalse
        $again = Invoke-DltDrCatchUp sales -Token $token
        $again.AlreadyRunning | Should -BeTrue
        $again.RunId | Should -Be $first.RunId
        Get-RunCount $emu secondary sales | Should -Be 1
    }
}

Describe 'Invoke-DltDrCatchUp rerun within the rerun window' -Tag 'Emulator' {
    BeforeAll {
        $emu = Start-TestWorld -Folder $TestDrive -ClockScale 0 -PublishPair sales
        function Get-CatchUpRecordCount { @(Get-DltDrHistory sales -Token $token | Where-Object Operation -EQ 'CatchUp').Count }
    }
    AfterAll { Stop-TestWorld $emu }

    It 'answers with the run that already succeeded, says so, starts none and records nothing more' {
        $first = Invoke-DltDrCatchUp sales -Token $token
        Move-EmulatorClock $emu 120
        $again = Invoke-DltDrCatchUp sales -Token $token -WarningVariable warns 3>$null
        $again.RunId | Should -Be $first.RunId
        $again.AlreadySucceeded | Should -BeTrue
        $again.AlreadyRunning | Should -BeFalse
        $again.Result | Should -Be 'SUCCESS'
        @($warns).Count | Should -Be 1
        $warns[0].Message | Should -BeLike "sales: catch-up run $($first.RunId), started by an earlier catch-up command at *, already succeeded; no new run was started. A rerun within 10 minutes of a catch-up DltDr started answers with that run; a new one can be started from $(($again.Started + [timespan]::FromMinutes(10)).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ")), or the schedule runs it."
        Get-RunCount $emu secondary sales | Should -Be 1
        Get-CatchUpRecordCount | Should -Be 1
        ($again | Out-String -Width 80) | Should -Match "sales\s+Secondary\s+$($first.RunId)\s+TERMINATED\s+SUCCESS\s+[\d.]+s\s+earlier"
    }

    It 'starts another run when the one an earlier invocation started failed, and records it' {
        Move-EmulatorClock $emu 700 # past the window of the run above
        $sid = (Get-TestPipeline $emu secondary 'sales-dlt').pipeline_id
        $null = Invoke-EmulatorControl $emu POST "workspaces/secondary/pipelines/$sid/fail-next-update"
        $before = Get-RunCount $emu secondary sales
        $failed = Invoke-DltDrCatchUp sales -Token $token
        Move-EmulatorClock $emu 120
        $retry = Invoke-DltDrCatchUp sales -Token $token -WarningVariable warns
        $retry.RunId | Should -Not -Be $failed.RunId
        $retry.AlreadySucceeded | Should -BeFalse
        @($warns).Count | Should -Be 0
        Get-RunCount $emu secondary sales | Should -Be ($before + 2)
        Get-CatchUpRecordCount | Should -Be 3
        # And that new run is as idempotent as the first: a third invocation joins it.
        $third = Invoke-DltDrCatchUp sales -Token $token
        $third.RunId | Should -Be $retry.RunId
        $third.AlreadyRunning | Should -BeTrue
    }
}

Describe 'Invoke-DltDrCatchUp without a clear standby' -Tag 'Emulator' {
    BeforeAll {
        $emu = Start-TestWorld -Folder $TestDrive -ClockScale 0 -PublishPair sales
        $null = Invoke-EmulatorControl $emu POST 'workspaces/secondary/down'
    }
    AfterAll { Stop-TestWorld $emu }

    It 'refuses and says why (NoStandbyRegion)' {
        $null = Invoke-DltDrCatchUp sales -Token $token -RegionTimeoutSec 2 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'NoStandbyRegion,DltDr.Cmdlets.InvokeDltDrCatchUpCommand'
        $errs[0].Exception.Message | Should -BeLike "*secondary ($($emu.Secondary)) is unreachable*"
    }
}

# The standby stops answering after the run was started, while -Wait follows it.
Describe 'Invoke-DltDrCatchUp -Wait when the region is lost' -Tag 'Emulator' {
    BeforeAll {
        $emu = Start-TestWorld -Folder $TestDrive -ClockScale 0 -PublishPair sales
    }
    AfterAll { Stop-TestWorld $emu }

    It 'names the pair and the region, says the run may go on, and gives advice that fits a refused connection' {
        # Every read of the run is refused as a region that is down refuses it; the start went through.
        $null = Invoke-EmulatorControl $emu POST 'workspaces/secondary/faults' @{ kind = 'down'; method = 'GET'; path_prefix = '/api/2.2/jobs/runs/get'; count = 1000 }
        try {
            $null = Invoke-DltDrCatchUp sales -Wait -TimeoutMinutes 1 -Token $token -RegionTimeoutSec 3 -ErrorVariable errs -ErrorAction SilentlyContinue -WarningVariable warns -WarningAction SilentlyContinue
        }
        finally {
            $null = Invoke-EmulatorControl $emu DELETE 'workspaces/secondary/faults'
            $null = Invoke-EmulatorControl $emu POST 'workspaces/secondary/up'
        }
        $errs[0].FullyQualifiedErrorId | Should -Be 'RegionUnreachable,DltDr.Cmdlets.InvokeDltDrCatchUpCommand'
        $message = $errs[0].Exception.Message
        $message | Should -BeLike 'sales/secondary was lost while catch-up run * was followed: it refused the connection or its name did not resolve*'
        $message | Should -BeLike '*may still be going in the workspace: once secondary answers, run Invoke-DltDrCatchUp -Pair sales -Wait within 10 minutes to follow it*'
        $errs[0].ErrorDetails.RecommendedAction | Should -Not -BeLike '*RegionTimeoutSec*'
        # The region was down when the history was written: one warning says where it is.
        @($warns | Where-Object { $_ -like '*history*' }) | Should -Be @(
            $warns | Where-Object { $_ -like "sales: the history of this catch-up was not written in secondary (*); primary's history has it." })
        Get-RunCount $emu secondary sales | Should -Be 1
    }

    It 'says once, and truly, when the history could be written in neither region' {
        foreach ($ws in 'primary', 'secondary') {
            $null = Invoke-EmulatorControl $emu POST "workspaces/$ws/faults" @{ kind = 'status'; status = 500; method = 'POST'; path_prefix = '/api/2.0/workspace/import'; count = 1000 }
        }
        try {
            Move-EmulatorClock $emu 700 # past the window in which a rerun answers with the run above
            $null = Invoke-DltDrCatchUp sales -Token $token -WarningVariable warns -WarningAction SilentlyContinue
        }
        finally { foreach ($ws in 'primary', 'secondary') { $null = Invoke-EmulatorControl $emu DELETE "workspaces/$ws/faults" } }
        $history = @($warns | Where-Object { $_ -like '*history*' })
        $history.Count | Should -Be 1
        $history[0] | Should -BeLike 'sales: the history of this catch-up was written in neither region (primary: *; secondary: *): Get-DltDrHistory will not show it.'
    }
}
