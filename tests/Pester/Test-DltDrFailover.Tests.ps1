BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'DltDr.TestHelpers.psm1') -Force
    Import-DltDrUnderTest

    # The write calls since a sequence number, as "METHOD path" lines.
    function Get-WritesSince($Emulator, [hashtable] $Since) {
        foreach ($ws in 'primary', 'secondary') {
            (Invoke-EmulatorControl $Emulator GET "workspaces/$ws/requests?since=$($Since[$ws])").requests |
                Where-Object { $_.method -ne 'GET' } | ForEach-Object { "$ws $($_.method) $($_.path) $($_.body)" }
        }
    }
    function Get-Sequences($Emulator) {
        @{ primary = (Invoke-EmulatorControl $Emulator GET 'workspaces/primary/requests').last_sequence; secondary = (Invoke-EmulatorControl $Emulator GET 'workspaces/secondary/requests').last_sequence }
    }
}

Describe 'Test-DltDrFailover' -Tag 'Emulator' {
    BeforeAll {
        $emu = Start-TestWorld -Folder $TestDrive -ClockScale 100 -PublishPair sales
        $token = New-TestToken
        $null = Wait-TestCondition $emu { (Get-DltDrStatus sales -Token $token).Primary.PipelineState -eq 'RUNNING' }
    }
    AfterAll { Stop-TestWorld $emu }

    It 'is not ready while the standby has never caught up, naming the check' {
        $r = Test-DltDrFailover sales -Token $token
        $r.Ready | Should -BeFalse
        $r.Region | Should -Be 'Secondary'
        $r.Failed.Name | Should -Be 'StandbyLag'
        ($r.Failed | Select-Object -First 1).Detail | Should -BeLike '*secondary has never processed data*'
    }

    It 'is ready once caught up, with every check, and its only write is one validate_only update of the standby' {
        $null = Invoke-DltDrCatchUp sales -Wait -Token $token
        $since = Get-Sequences $emu
        $all = Test-DltDrFailover sales -Token $token -Verbose 4>&1
        $r = $all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        # Each check said as it is done, the validation announced before its wait.
        $said = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $said[0] | Should -Be 'sales: reading both regions and the history'
        $said | Should -Contain "sales: validating secondary's pipeline (a validate-only update)"
        [array]::IndexOf($said, "sales: validating secondary's pipeline (a validate-only update)") | Should -BeLessThan ($said.Count - 1)
        $r.Ready | Should -BeTrue -Because ($r.Checks -join '; ')
        $r.Checks.Name | Should -Be @('Reachable', 'Credentials', 'Roles', 'Settings', 'StandbyLag', 'CatchUpJob', 'Validation', 'ExpectedRecovery')
        ($r.Checks | Where-Object Name -eq 'Validation').Detail | Should -BeLike '*validate-only update * of secondary completed in*'
        ($r.Checks | Where-Object Name -eq 'Credentials').Detail | Should -Be 'accepted: primary as admin@dltdr.example, secondary as admin@dltdr.example'
        $writes = @(Get-WritesSince $emu $since)
        $writes.Count | Should -Be 1
        $writes[0] | Should -Match '^secondary POST /api/2.0/pipelines/[0-9a-f-]+/updates .*"validate_only":true'
        $status = Get-DltDrStatus sales -Token $token
        $status.ActiveRegion | Should -Be 'Primary'
        $status.Secondary.Mode | Should -Be 'Triggered'
        $status.Healthy | Should -BeTrue
    }

    It 'writes nothing at all with -SkipValidation' {
        $since = Get-Sequences $emu
        $r = Test-DltDrFailover sales -SkipValidation -Token $token
        ($r.Checks | Where-Object Name -eq 'Validation').Outcome | Should -Be 'Skipped'
        $r.Ready | Should -BeTrue
        @(Get-WritesSince $emu $since) | Should -BeNullOrEmpty
    }

    It 'fails the validation when the standby pipeline cannot start, with the service''s error' {
        $pid2 = (Get-DltDrStatus sales -Token $token).Secondary.PipelineId
        $null = Invoke-EmulatorControl $emu POST "workspaces/secondary/pipelines/$pid2/fail-next-update" @{ count = 1 }
        $r = Test-DltDrFailover sales -Token $token
        $r.Ready | Should -BeFalse
        $r.Failed.Name | Should -Be 'Validation'
        $r.Failed[0].Detail | Should -BeLike '*ended FAILED: *injected failure*'
    }

    It 'says the target is already active, and the expected recovery comes from the history' {
        $null = Set-DltDrActiveRegion sales Secondary -Force -Token $token
        $already = Test-DltDrFailover sales Secondary -Token $token -SkipValidation
        $already.Ready | Should -BeFalse
        ($already.Failed | Where-Object Name -eq 'Roles').Detail | Should -Be 'secondary is already the active region: test the failover to primary.'
        $back = Test-DltDrFailover sales -Token $token -SkipValidation
        $back.Region | Should -Be 'Primary'
        $back.ExpectedRecovery | Should -BeGreaterThan ([timespan]::Zero)
        ($back.Checks | Where-Object Name -eq 'ExpectedRecovery').Detail | Should -Match 'the median of the last 1 recoveries in the history'
        $null = Set-DltDrActiveRegion sales Primary -Force -Token $token
    }

    It 'is not ready when a region is down, and says which' {
        $null = Invoke-EmulatorControl $emu POST 'workspaces/secondary/down'
        try {
            $r = Test-DltDrFailover sales -Token $token -RegionTimeoutSec 5
            $r.Ready | Should -BeFalse
            $r.Failed.Name | Should -Contain 'Reachable'
            ($r.Failed | Where-Object Name -eq 'Reachable').Detail | Should -BeLike 'secondary (http://127.0.0.1:*) is unreachable*'
        }
        finally { $null = Invoke-EmulatorControl $emu POST 'workspaces/secondary/up' }
    }

    It 'fits 80 columns, and the health check fails the job when a pair is not ready' -Tag 'Process' {
        $lines = (Test-DltDrFailover sales -Token $token -SkipValidation | Format-Table | Out-String -Width 80) -split "`r?`n"
        $lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
        $pid2 = (Get-DltDrStatus sales -Token $token).Secondary.PipelineId
        $null = Invoke-EmulatorControl $emu POST "workspaces/secondary/pipelines/$pid2/fail-next-update" @{ count = 1 }
        $run = Invoke-PwshScript -File (Join-Path (Get-RepositoryRoot) 'examples/Test-DltDrHealth.ps1') -Arguments @() -Environment @{ DLTDR_PAIR_PATH = $TestDrive; DATABRICKS_TOKEN = 'dapi-readiness' }
        $run.ExitCode | Should -Be 1
        $run.Output | Should -BeLike '*NOTREADY sales: a failover to Secondary would fail: Validation: *injected failure*'
    }
}
