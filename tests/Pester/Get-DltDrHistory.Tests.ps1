BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'DltDr.TestHelpers.psm1') -Force
    Import-DltDrUnderTest
}

Describe 'Get-DltDrHistory' -Tag 'Emulator' {
    BeforeAll {
        $emu = Start-TestWorld -Folder $TestDrive -ClockScale 100 -PublishPair sales
        $token = New-TestToken
        $null = Wait-TestCondition $emu { (Get-DltDrStatus sales -Token $token).Primary.PipelineState -eq 'RUNNING' }
        $historyPath = '/Shared/dltdr/sales/dltdr-history.jsonl'
    }
    AfterAll { Stop-TestWorld $emu }

    Context 'what is recorded' {
        BeforeAll {
            $null = Invoke-DltDrCatchUp sales -Wait -Token $token
            $null = Set-DltDrActiveRegion sales Secondary -Force -Token $token
            $null = Set-DltDrActiveRegion sales Primary -Force -Token $token
            $records = @(Get-DltDrHistory sales -Token $token)
        }

        It 'has each publish, catch-up and switch once, oldest first, from both regions' {
            $records.Operation | Should -Be @('Publish', 'CatchUp', 'Switch', 'Switch')
            $records | ForEach-Object { $_.Regions -join ',' } | Should -Be @('primary,secondary', 'primary,secondary', 'primary,secondary', 'primary,secondary')
            $times = $records.Time
            ($times | Sort-Object) | Should -Be $times
        }

        It 'records who, from and to where, planned, the steps and the recovery time of a switch' {
            $failover = $records[2]
            $failover.Identity | Should -Be 'admin@dltdr.example'
            $failover.From | Should -Be 'Primary'
            $failover.To | Should -Be 'Secondary'
            $failover.Planned | Should -BeTrue
            $failover.Outcome | Should -Be 'Succeeded'
            $failover.RecoveryTime | Should -BeGreaterThan ([timespan]::Zero)
            $failover.Steps | Should -Contain ($failover.Steps | Where-Object { $_ -like 'Secondary: Promote pipeline (continuous): edited*' })
            $records[3].To | Should -Be 'Primary'
            $records[1].Steps[0] | Should -Match '^Secondary: catch-up run \d+ of job \d+: SUCCESS$'
        }

        It 'writes the same JSON lines file in both workspaces' {
            foreach ($ws in 'primary', 'secondary') {
                $base = if ($ws -eq 'primary') { $emu.Primary } else { $emu.Secondary }
                $text = Invoke-RestMethod -Uri "$base/api/2.0/workspace/export?path=$historyPath&direct_download=true" -Headers @{ Authorization = 'Bearer dapi-pester-token' }
                $lines = @($text -split "`n" | Where-Object { $_ })
                $lines.Count | Should -Be 4
                $first = $lines[0] | ConvertFrom-Json
                $first.operation | Should -Be 'Publish'
                $first.pair | Should -Be 'sales'
                $first.identity | Should -Be 'admin@dltdr.example'
            }
        }

        It 'takes -Last and -Since' {
            (Get-DltDrHistory sales -Last 2 -Token $token).Operation | Should -Be @('Switch', 'Switch')
            Get-DltDrHistory sales -Since ($records[-1].Time.AddSeconds(1)) -Token $token | Should -BeNullOrEmpty
            @(Get-DltDrHistory sales -Since $records[2].Time -Token $token).Count | Should -Be 2
        }

        It 'fits 80 columns' {
            $lines = (Get-DltDrHistory sales -Token $token | Format-Table | Out-String -Width 80) -split "`r?`n"
            $lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
            $lines | Should -Contain ($lines | Where-Object { $_ -match '^\d{4}-\d\d-\d\d \d\d:\d\d sales\s+Switch\s+Secondary Succeeded\s+[\d.]+s$' })
        }
    }

    Context 'on the day of an outage' {
        It 'records an unplanned failover in the surviving region, warns about the other, and reads it from there' {
            $null = Invoke-EmulatorControl $emu POST 'workspaces/primary/down'
            try {
                $result = Set-DltDrActiveRegion sales Secondary -Unplanned -Force -Token $token -RegionTimeoutSec 10 -WarningVariable warnings -WarningAction SilentlyContinue
                $result.ActiveRegion | Should -Be 'Secondary'
                $warnings | Should -Contain ($warnings | Where-Object { $_ -like "sales: the history of this switch was not written in primary*" })
                $history = Get-DltDrHistory sales -Last 1 -Token $token -RegionTimeoutSec 10 -WarningVariable readWarnings -WarningAction SilentlyContinue
                $history.Planned | Should -BeFalse
                $history.Outcome | Should -Be 'PendingDemotion'
                $history.Regions | Should -Be 'secondary'
                "$readWarnings" | Should -BeLike "*sales: the history in primary could not be read*showing secondary's*"
            }
            finally { $null = Invoke-EmulatorControl $emu POST 'workspaces/primary/up' }
            $null = Set-DltDrActiveRegion sales Secondary -Force -Token $token
            (Get-DltDrHistory sales -Last 1 -Token $token).Outcome | Should -Be 'Succeeded'
        }

        It 'never fails the operation when the history cannot be written: a warning says so' {
            $null = Invoke-EmulatorControl $emu POST 'workspaces/secondary/faults' @{ kind = 'status'; status = 500; method = 'POST'; path_prefix = '/api/2.0/workspace/import'; count = 10 }
            try {
                $result = Set-DltDrActiveRegion sales Primary -Force -Token $token -ErrorVariable errs -WarningVariable warnings -WarningAction SilentlyContinue
                $errs | Should -BeNullOrEmpty
                $result.ActiveRegion | Should -Be 'Primary'
                "$warnings" | Should -BeLike '*sales: the history of this switch was not written in secondary*'
            }
            finally { $null = Invoke-EmulatorControl $emu DELETE 'workspaces/secondary/faults' }
            $last = Get-DltDrHistory sales -Last 1 -Token $token
            $last.To | Should -Be 'Primary'
            $last.Regions | Should -Be 'primary'
        }

        It 'does not record a refusal made before anything was written' {
            $before = @(Get-DltDrHistory sales -Token $token).Count
            $null = Invoke-EmulatorControl $emu POST 'workspaces/secondary/down'
            try {
                Set-DltDrActiveRegion sales Secondary -Force -Token $token -RegionTimeoutSec 5 -ErrorVariable errs -ErrorAction SilentlyContinue
                $errs[0].FullyQualifiedErrorId | Should -BeLike 'TargetUnreachable,*'
            }
            finally { $null = Invoke-EmulatorControl $emu POST 'workspaces/secondary/up' }
            @(Get-DltDrHistory sales -Token $token).Count | Should -Be $before
        }

        It 'is an error when neither region can be read' {
            $null = Invoke-EmulatorControl $emu POST 'workspaces/primary/down'
            $null = Invoke-EmulatorControl $emu POST 'workspaces/secondary/down'
            try {
                Get-DltDrHistory sales -Token $token -RegionTimeoutSec 5 -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
                $errs[0].FullyQualifiedErrorId | Should -Be 'RegionUnreachable,DltDr.Cmdlets.GetDltDrHistoryCommand'
            }
            finally {
                $null = Invoke-EmulatorControl $emu POST 'workspaces/primary/up'
                $null = Invoke-EmulatorControl $emu POST 'workspaces/secondary/up'
            }
        }
    }
}
