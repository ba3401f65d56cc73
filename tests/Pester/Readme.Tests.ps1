BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'DltDr.TestHelpers.psm1') -Force
    Import-DltDrUnderTest
    $root = Get-RepositoryRoot

    # The fenced blocks of one README section, by language.
    function Get-ReadmeBlock([string] $Section, [string] $Language) {
        $text = Get-Content (Join-Path $root 'README.md') -Raw
        $start = $text.IndexOf("## $Section")
        if ($start -lt 0) { throw "README.md has no section '$Section'." }
        $end = $text.IndexOf("`n## ", $start + 3)
        $body = if ($end -lt 0) { $text.Substring($start) } else { $text.Substring($start, $end - $start) }
        [regex]::Matches($body, "(?s)``````$Language\r?\n(.*?)``````") | ForEach-Object { $_.Groups[1].Value }
    }

    # A fresh clone as the reader has it after the build step (the examples, the notebooks and the
    # built module), in a folder of its own so the repository's files are never edited.
    function New-ReaderClone([string] $Folder) {
        $clone = (New-Item -ItemType Directory -Path (Join-Path $Folder 'clone')).FullName
        Copy-Item -Recurse (Join-Path $root 'examples') $clone
        Copy-Item -Recurse (Join-Path $root 'notebooks') $clone
        $null = New-Item -ItemType Directory -Path (Join-Path $clone 'out')
        Copy-Item -Recurse (Join-Path $root 'out/DltDr') (Join-Path $clone 'out')
        $clone
    }

    # The emulator as the quick start starts it: its arguments as written (the build, its first
    # line, is what the test command did already).
    function Start-QuickStartEmulator([string] $Folder) {
        $bash = @(Get-ReadmeBlock 'Quick start' 'bash')
        $start = ($bash[0] -split "`n" | Where-Object { $_ -like 'dotnet run --project src/DltDr.Emulator*' })
        Start-TestEmulator -Folder $Folder -Arguments (($start -split ' -- ', 2)[1] -split ' ')
    }
}

Describe 'README quick start' -Tag 'Process' {
    BeforeAll {
        $clone = New-ReaderClone $TestDrive
        $bash = @(Get-ReadmeBlock 'Quick start' 'bash')
        $emu = Start-QuickStartEmulator $TestDrive

        $blocks = @(Get-ReadmeBlock 'Quick start' 'powershell')
        $script = Join-Path $TestDrive 'quick-start.ps1'
        # As written, one line added: stop at the first error, as a reader would.
        Set-Content -Path $script -Value ("`$ErrorActionPreference = 'Stop'`n" + ($blocks -join "`n"))
    }
    AfterAll { Stop-TestEmulator $emu }

    It 'has the build step, the emulator and the commands to run' {
        $bash[0] | Should -BeLike "dotnet build -c Release`n*"
        $emu.Primary | Should -Be 'http://127.0.0.1:8001'
        $emu.Secondary | Should -Be 'http://127.0.0.1:8002'
        $blocks.Count | Should -Be 1
        $blocks[0] | Should -BeLike '*Set-DltDrActiveRegion sales Secondary -Force*'
    }

    It 'runs every command of it, as written, from the clone''s root, in a pwsh with nothing of DltDr''s set' {
        $run = Invoke-PwshScript -File $script -WorkingDirectory $clone -Environment @{
            PSModulePath = $null; DLTDR_PAIR_PATH = $null; DATABRICKS_TOKEN = $null; DATABRICKS_CONFIG_FILE = $null
        }
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Error | Should -BeNullOrEmpty
        $run.Output | Should -BeLike '*What if:*'
        # Each command's output (a script's mixed output is shown as lists): the definition, the
        # published regions, the catch-up run, then the two switches.
        $run.Output | Should -Match 'sales\s+127\.0\.0\.1:8001\s+127\.0\.0\.1:8002\s+0 0 1 \* \* \?'
        $run.Output | Should -Match '(?s)Region\s+: Primary\s+Host.*Role\s+: Active\s+Pipeline\s+: Create'
        $run.Output | Should -Match 'Result\s+: SUCCESS'
        $run.Output | Should -Match '(?s)ActiveRegion\s+: Secondary\s+PreviousActiveRegion\s+: Primary.*ActiveRegion\s+: Primary\s+PreviousActiveRegion\s+: Secondary'
        $run.Output | Should -Match 'Ready\s+: True'
        # The history's last records: the failover and the failback, as the token's user.
        $run.Output | Should -Match '(?s)Operation\s+: Switch\s+From\s+: Primary\s+To\s+: Secondary.*Identity\s+: admin@dltdr.example'

        Get-Content (Join-Path $clone 'dr-report.html') -Raw | Should -BeLike '*<section class="pair" id="pair-sales"*'
        $status = Get-DltDrPair -Path (Join-Path $clone 'examples/emulator/sales.json') | Get-DltDrStatus -Token (New-TestToken)
        $status.ActiveRegion | Should -Be 'Primary'
        $switches = (Invoke-EmulatorControl $emu GET 'workspaces/secondary/requests').requests |
            Where-Object { $_.method -eq 'PUT' -and $_.path -like '/api/2.0/pipelines/*' }
        @($switches).Count | Should -BeGreaterOrEqual 2 -Because 'the secondary was promoted and then demoted'
    }

    It 'keeps the emulator''s pair the example pair with only its regions changed' {
        $strip = { param($p) (Get-Content $p -Raw) -replace '(?m)^//.*\r?\n', '' -replace '"host": "[^"]*"', '"host": ""' -replace '"auth": \{[^}]*\}', '"auth": {}' }
        (& $strip (Join-Path $root 'examples/emulator/sales.json')) | Should -Be (& $strip (Join-Path $root 'examples/pairs/sales.json'))
    }
}

Describe 'README: give DR to pipelines you already run' -Tag 'Process' {
    BeforeAll {
        $clone = New-ReaderClone $TestDrive
        # The quick start's emulator, as written there (the section says so).
        $emu = Start-QuickStartEmulator $TestDrive
        $blocks = @(Get-ReadmeBlock 'Give DR to pipelines you already run' 'powershell')
        $script = Join-Path $TestDrive 'onboard.ps1'
        Set-Content -Path $script -Value ("`$ErrorActionPreference = 'Stop'`n" + ($blocks -join "`n"))
    }
    AfterAll { Stop-TestEmulator $emu }

    It 'runs as written: drafts the pair, adopts the running primary without restarting it, and switches both ways' {
        $blocks.Count | Should -Be 1
        $run = Invoke-PwshScript -File $script -WorkingDirectory $clone -Environment @{
            PSModulePath = $null; DLTDR_PAIR_PATH = $null; DATABRICKS_TOKEN = $null; DATABRICKS_CONFIG_FILE = $null
        }
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Output | Should -Match "Created the continuous pipeline 'orders-live'"
        # The draft's warning, its file, and the defaults said.
        $run.Output | Should -Match 'WARNING: orders-live: pipeline.configuration\["orders.source"\]'
        Test-Path (Join-Path $clone 'onboarded/notebooks/orders-live/bronze.py') | Should -BeTrue
        # (a script's mixed output is shown as lists, wrapped mid-word)
        $run.Output | Compress-Text | Should -BeLike '*PipelineId:*Job:Create*(adoptedasitruns,notrestarted:*RestartedPipeline:False*'
        $run.Output | Should -Match 'Result\s+: SUCCESS'
        $run.Output | Should -Match '(?s)ActiveRegion\s+: Secondary.*ActiveRegion\s+: Primary'
        # The primary's pipeline got no edit before the failover: its first PUT is the demotion.
        $puts = @((Invoke-EmulatorControl $emu GET 'workspaces/primary/requests').requests |
            Where-Object { $_.method -eq 'PUT' -and $_.path -like '/api/2.0/pipelines/*' })
        $puts[0].body | Should -BeLike '*"continuous":false*'
    }
}

Describe 'README install' -Tag 'Process' {
    It 'installs the module from a local PSResource repository, as written, and imports it by name' {
        $clone = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'clone')).FullName
        $null = New-Item -ItemType Directory -Path (Join-Path $clone 'out')
        Copy-Item -Recurse (Join-Path $root 'out/DltDr') (Join-Path $clone 'out')
        $userHome = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'home')).FullName
        $block = @(Get-ReadmeBlock 'Install' 'powershell')[0]
        $block | Should -BeLike '*Install-PSResource DltDr*'
        $script = Join-Path $TestDrive 'install.ps1'
        Set-Content -Path $script -Value ("`$ErrorActionPreference = 'Stop'`n" + $block + "`n(Get-Module DltDr).ModuleBase`n(Get-Command -Module DltDr).Count")
        # Its own home: the repository's registration and the installed module go there, not into this machine's.
        $run = Invoke-PwshScript -File $script -WorkingDirectory $clone -Environment @{
            HOME = $userHome; USERPROFILE = $userHome; XDG_DATA_HOME = $null; XDG_CONFIG_HOME = $null; PSModulePath = $null
        }
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $lines = @($run.Output -split "`r?`n" | Where-Object { $_ })
        $lines[-2] | Should -BeLike "$userHome*DltDr*0.1.0"
        $lines[-1] | Should -Be ((Get-Command -Module DltDr).Count.ToString())
        # As written, again: after a rebuild of the same version, in a new session, it installs again.
        $again = Invoke-PwshScript -File $script -WorkingDirectory $clone -Environment @{
            HOME = $userHome; USERPROFILE = $userHome; XDG_DATA_HOME = $null; XDG_CONFIG_HOME = $null; PSModulePath = $null
        }
        $again.ExitCode | Should -Be 0 -Because $again.Error
        @($again.Output -split "`r?`n" | Where-Object { $_ })[-2] | Should -BeLike "$userHome*DltDr*0.1.0"
    }
}
