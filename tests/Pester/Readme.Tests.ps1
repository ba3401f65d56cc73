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
}

Describe 'README quick start' -Tag 'Process' {
    BeforeAll {
        # A fresh clone as the reader has it after the build step: the examples, the notebooks and
        # the built module, in a folder of its own so the repository's files are never edited.
        $clone = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'clone')).FullName
        Copy-Item -Recurse (Join-Path $root 'examples') $clone
        Copy-Item -Recurse (Join-Path $root 'notebooks') $clone
        $null = New-Item -ItemType Directory -Path (Join-Path $clone 'out')
        Copy-Item -Recurse (Join-Path $root 'out/DltDr') (Join-Path $clone 'out')

        # The one edit the quick start asks for: the regions' hosts, here the emulated workspaces.
        # The auth stays as written (a managed identity), served by the emulator's stand-in.
        $emu = Start-TestEmulator -ClockScale 100 -Folder $TestDrive
        $pairFile = Join-Path $clone 'examples/pairs/sales.json'
        $text = Get-Content $pairFile -Raw
        $text = $text.Replace('https://adb-1111111111111111.11.azuredatabricks.net', $emu.Primary).Replace('https://adb-2222222222222222.12.azuredatabricks.net', $emu.Secondary)
        Set-Content -Path $pairFile -Value $text

        $blocks = @(Get-ReadmeBlock 'Quick start' 'powershell')
        $script = Join-Path $TestDrive 'quick-start.ps1'
        # As written, one line added: stop at the first error, as a reader would.
        Set-Content -Path $script -Value ("`$ErrorActionPreference = 'Stop'`n" + ($blocks -join "`n"))
    }
    AfterAll { Stop-TestEmulator $emu }

    It 'has the build step and the commands to run' {
        @(Get-ReadmeBlock 'Quick start' 'bash') | Should -Contain "dotnet build -c Release`n"
        $blocks.Count | Should -Be 1
        $blocks[0] | Should -BeLike '*Set-DltDrActiveRegion sales Secondary -Force*'
    }

    It 'runs every command of it, as written, from the clone''s root' {
        $run = Invoke-PwshScript -File $script -WorkingDirectory $clone -Environment @{
            PSModulePath = $null; DLTDR_PAIR_PATH = $null; DATABRICKS_TOKEN = $null
            IDENTITY_ENDPOINT = $emu.Identity.endpoint; IDENTITY_HEADER = $emu.Identity.header
        }
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Error | Should -BeNullOrEmpty
        $run.Output | Should -BeLike '*What if:*'
        # Each command's output (a script's mixed output is shown as lists): the definition, the
        # published regions, the catch-up run, then the two switches.
        $run.Output | Should -Match 'sales\s+127\.0\.0\.1:\d+\s+127\.0\.0\.1:\d+\s+0 0 1 \* \* \?'
        $run.Output | Should -Match '(?s)Region\s+: Primary\s+Host.*Role\s+: Active\s+Pipeline\s+: Create'
        $run.Output | Should -Match 'Result\s+: SUCCESS'
        $run.Output | Should -Match '(?s)ActiveRegion\s+: Secondary\s+PreviousActiveRegion\s+: Primary.*ActiveRegion\s+: Primary\s+PreviousActiveRegion\s+: Secondary'
        $run.Output | Should -Match 'Ready\s+: True'
        # The history's last records: the failover and the failback, as the managed identity.
        $run.Output | Should -Match '(?s)Operation\s+: Switch\s+From\s+: Primary\s+To\s+: Secondary.*Identity\s+: 7d3f6c1e-5b2a-4c8d-9e0f-a1b2c3d4e5f6'

        $status = Get-DltDrPair -Path $pairFile | Get-DltDrStatus -Token (New-TestToken)
        $status.ActiveRegion | Should -Be 'Primary'
        $switches = (Invoke-EmulatorControl $emu GET 'workspaces/secondary/requests').requests |
            Where-Object { $_.method -eq 'PUT' -and $_.path -like '/api/2.0/pipelines/*' }
        @($switches).Count | Should -BeGreaterOrEqual 2 -Because 'the secondary was promoted and then demoted'
    }
}
