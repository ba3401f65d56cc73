BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'DltDr.TestHelpers.psm1') -Force
    Import-DltDrUnderTest
}

# What a scheduler (Task Scheduler, cron, an Automation job) sees of a command: its exit code and
# the text of its log. A refused or failed command must not look like success.
Describe 'Exit codes and plain text for schedulers' -Tag 'Process' {
    BeforeAll {
        $emu = Start-TestWorld -Folder $TestDrive -PublishPair sales
        $childEnv = @{ DLTDR_PAIR_PATH = $TestDrive; DATABRICKS_TOKEN = 'dapi-pester-token' }
        $script = Join-Path $TestDrive 'job.ps1'
        function Invoke-Job([string] $Body) {
            # The first line every example and runbook starts with.
            Set-Content -Path $script -Value "`$ErrorActionPreference = 'Stop'`n$Body"
            Invoke-PwshScript -File $script -Environment $childEnv
        }
    }
    AfterAll { Stop-TestWorld $emu }

    Context 'pwsh -NonInteractive -Command' {
        It 'a switch refused for want of confirmation exits 1, says what to add, and changes nothing' {
            $run = Invoke-PwshScript -Command 'Set-DltDrActiveRegion -Pair sales -Region Secondary' -Environment $childEnv
            $run.ExitCode | Should -Be 1
            $run.Error | Compress-Text | Should -BeLike '*cannotanswer*Add-Forceor-Confirm:$falsetorunwithoutasking*'
            (Get-DltDrStatus sales -Token (New-TestToken)).ActiveRegion | Should -Be 'Primary'
        }

        It 'a failed command exits 1 and names what failed' {
            $run = Invoke-PwshScript -Command 'Get-DltDrStatus -Pair sales-typo' -Environment $childEnv
            $run.ExitCode | Should -Be 1
            $run.Error | Compress-Text | Should -BeLike '*sales-typo*'
        }

        It 'a command that succeeds exits 0' {
            $run = Invoke-PwshScript -Command 'Get-DltDrStatus -Pair sales | Out-Null' -Environment $childEnv
            $run.Error | Should -BeNullOrEmpty
            $run.ExitCode | Should -Be 0
        }
    }

    Context 'pwsh -NonInteractive -File, a script that starts with $ErrorActionPreference = ''Stop''' {
        It 'a refused switch exits 1 and the lines after it do not run' {
            $run = Invoke-Job "Set-DltDrActiveRegion -Pair sales -Region Secondary`n'after the switch'"
            $run.ExitCode | Should -Be 1
            $run.Output | Should -Not -Match 'after the switch'
            $run.Error | Compress-Text | Should -BeLike '*Add-Forceor-Confirm:$false*'
        }

        It 'a failed command exits 1' {
            $run = Invoke-Job "Get-DltDrStatus -Pair sales-typo`n'after the status'"
            $run.ExitCode | Should -Be 1
            $run.Output | Should -Not -Match 'after the status'
        }

        It 'a script whose commands succeed exits 0' {
            $run = Invoke-Job "Get-DltDrStatus -Pair sales | Out-Null`n'done'"
            $run.Error | Should -BeNullOrEmpty
            $run.ExitCode | Should -Be 0
            $run.Output | Should -Match 'done'
        }
    }

    Context 'output redirected to a file, NO_COLOR not set' {
        It 'pwsh alone colours a warning there: what the module turns off' {
            $run = Invoke-PwshScript -KeepColor -Command 'Write-Warning plain' -Environment @{ TERM = 'xterm-256color' }
            $run.Output + $run.Error | Should -Match ([regex]::Escape([string][char]27))
        }

        It 'with the module imported, warnings, errors and tables carry no ANSI codes' {
            $env = $childEnv.Clone(); $env['TERM'] = 'xterm-256color'
            $run = Invoke-PwshScript -KeepColor -Environment $env -Command (
                'Import-Module DltDr; Write-Warning plain; Get-DltDrPair | Format-Table Name; Get-DltDrStatus -Pair sales-typo')
            $run.Output | Should -Match 'WARNING: plain'
            $run.Output + $run.Error | Should -Not -Match ([regex]::Escape([string][char]27))
        }
    }
}
