BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'DltDr.TestHelpers.psm1') -Force
    Import-DltDrUnderTest

    # A pair file of the store, edited by a script block before it is written.
    function Write-StorePair([string] $Folder, [string] $Name, [scriptblock] $Edit) {
        $path = New-TestPairFile -Emulator $emu -Folder $Folder -Name $Name
        $pair = Get-Content $path -Raw | ConvertFrom-Json
        if ($Edit) { & $Edit $pair }
        $pair | ConvertTo-Json -Depth 10 | Set-Content -Path $path
        $path
    }
}

Describe 'A pair as a runbook worker has it' -Tag 'Emulator' {
    BeforeAll {
        $store = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'store')).FullName
        $emu = Start-TestWorld -Folder $store -ClockScale 100 -PublishPair sales
        # The same definition as JSON text, with its notebooks.source relative ('notebooks'), as an
        # Automation variable holds it: the worker has no such folder.
        $json = Get-Content (Join-Path $store 'sales.json') -Raw
        $empty = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'empty')).FullName
        $none = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'no-pairs')).FullName
        $token = New-TestToken
        $null = Wait-TestCondition $emu { (Get-DltDrStatus sales -Token $token).Primary.PipelineState -eq 'RUNNING' }
    }
    AfterAll { Stop-TestWorld $emu }
    # Tests move the PowerShell location; each ends where the file started (never in a $TestDrive
    # that is gone once this file is done, which later files would inherit).
    BeforeEach { $startedAt = Get-Location }
    AfterEach { Set-Location $startedAt }

    Context 'without its notebooks folder' {
        It 'loads from -Json and reads the status, with no drift reported for the notebooks it cannot see' {
            Set-Location $empty
            $pair = Get-DltDrPair -Json $json
            $pair.Notebooks.Available | Should -BeFalse
            $pair.Notebooks.SourceFolder | Should -Be (Join-Path $empty 'notebooks')
            $status = $pair | Get-DltDrStatus -Token $token
            $status.ActiveRegion | Should -Be 'Primary'
            $status.Problems.Code | Should -Not -Contain 'SettingsDrift'
            $status.Primary.Drift | Should -BeNullOrEmpty
        }

        It 'refuses to publish, naming the folder and the PowerShell location it was resolved against, and writes nothing' {
            Set-Location $empty
            $before = Get-EmulatorWriteCount $emu
            $results = Get-DltDrPair -Json $json | Publish-DltDrPipeline -Token $token -Force -ErrorVariable errs -ErrorAction SilentlyContinue
            $results | Should -BeNullOrEmpty
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPairDefinition,*'
            $errs[0].Exception.Message | Should -BeLike "*notebooks.source: The notebooks folder $(Join-Path $empty 'notebooks') does not exist on this machine ('notebooks' resolved against the current PowerShell location $empty). Publishing needs it*"
            Get-EmulatorWriteCount $emu | Should -Be $before
        }

        It 'resolves a relative notebooks.source against the PowerShell location, not the process directory' {
            Set-Location $store
            [Environment]::CurrentDirectory | Should -Not -Be $store
            $pair = Get-DltDrPair -Json $json
            $pair.Notebooks.SourceFolder | Should -Be (Join-Path $store 'notebooks')
            $pair.Notebooks.Available | Should -BeTrue
        }
    }

    Context 'objects travel the pipeline whole' {
        BeforeAll { $global:DltDrPairPath = $none }
        AfterAll { $global:DltDrPairPath = $store }

        It 'Get-DltDrPair -Json | Get-DltDrStatus needs no pair store' {
            $status = Get-DltDrPair -Json $json | Get-DltDrStatus -Token $token
            $status.Pair | Should -Be 'sales'
            $status.ActiveRegion | Should -Be 'Primary'
        }

        It 'the output of Get-DltDrStatus, Set-DltDrActiveRegion and Invoke-DltDrCatchUp carries its definition on' {
            $switched = Get-DltDrPair -Json $json | Get-DltDrStatus -Token $token | Set-DltDrActiveRegion -Region Secondary -Force -Token $token
            $switched.ActiveRegion | Should -Be 'Secondary'
            ($switched | Get-DltDrStatus -Token $token).ActiveRegion | Should -Be 'Secondary'
            $catchUp = $switched | Invoke-DltDrCatchUp -Wait -Confirm:$false -Token $token
            $catchUp.Region | Should -Be 'Primary'
            $back = $catchUp | Set-DltDrActiveRegion -Region Primary -Force -Token $token
            $back.ActiveRegion | Should -Be 'Primary'
            ($back | Get-DltDrStatus -Token $token).ActiveRegion | Should -Be 'Primary'
        }

        It 'the output of Publish-DltDrPipeline (one per region) pipes on as one pair' {
            $statuses = @(Get-DltDrPair -Path (Join-Path $store 'sales.json') | Publish-DltDrPipeline -Force -Token $token | Get-DltDrStatus -Token $token)
            $statuses.Count | Should -Be 1
            $statuses[0].Pair | Should -Be 'sales'
        }

        It 'keeps the definition out of tables, lists and JSON' {
            $status = Get-DltDrPair -Json $json | Get-DltDrStatus -Token $token
            $status.PSObject.Properties.Name | Should -Not -Contain 'Definition'
            $status | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue | Should -Not -BeLike '*workspaceDirectory*'
        }

        It 'a name still goes to the store, which has no such pair here' {
            Get-DltDrStatus sales -Token $token -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'PairNotFound,*'
        }
    }

    Context 'the pair path' {
        AfterEach { $global:DltDrPairPath = $store }

        It 'takes entries relative to the PowerShell location, as an array or separated like PATH' {
            Set-Location $TestDrive
            $global:DltDrPairPath = @('no-pairs', 'store')
            (Get-DltDrPair sales).Source | Should -Be (Join-Path $store 'sales.json')
            $global:DltDrPairPath = "no-pairs$([IO.Path]::PathSeparator)store"
            (Get-DltDrPair sales).Source | Should -Be (Join-Path $store 'sales.json')
        }

        It 'expands ~ to the home folder' {
            $global:DltDrPairPath = '~/dltdr-no-such-folder'
            Get-DltDrPair nothing -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].Exception.Message | Should -BeLike "*found in $(Join-Path $HOME 'dltdr-no-such-folder').*"
        }

        It 'reports one name in two folders as PairNameConflict naming both files, and switches nothing' {
            $other = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'other')).FullName
            Copy-Item (Join-Path $store 'sales.json') $other
            $global:DltDrPairPath = @($store, $other)
            $before = Get-EmulatorWriteCount $emu
            Set-DltDrActiveRegion sales Secondary -Force -Token $token -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errs[0].FullyQualifiedErrorId | Should -Be 'PairNameConflict,DltDr.Cmdlets.SetDltDrActiveRegionCommand'
            $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $errs[0].Exception.Message | Should -Be "The pair 'sales' is defined by 2 files: $(Join-Path $store 'sales.json') and $(Join-Path $other 'sales.json'). Keep one of them (rename or remove the others) so every command acts on the same definition."
            $errs[0].ErrorDetails.RecommendedAction | Should -BeLike '*Keep one file per pair name*'
            Get-EmulatorWriteCount $emu | Should -Be $before
        }
    }

    Context 'bad definitions: a clear error naming the field, and nothing written' {
        BeforeAll {
            $bad = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'bad')).FullName
            $global:DltDrPairPath = $bad
        }
        AfterAll { $global:DltDrPairPath = $store }

        It 'refuses <Name>' -ForEach @(
            @{ Name = 'a workspace directory with ..'; Field = 'notebooks.workspaceDirectory'; Edit = { param($p) $p.notebooks.workspaceDirectory = '/Shared/../../Users/victim' } }
            @{ Name = 'a relative workspace directory'; Field = 'notebooks.workspaceDirectory'; Edit = { param($p) $p.notebooks.workspaceDirectory = 'Shared/dltdr' } }
            @{ Name = 'localhost for the workspace 127.0.0.1 is'; Field = 'regions.secondary.host'; Edit = { param($p) $p.regions.secondary.host = $p.regions.primary.host.Replace('127.0.0.1', 'localhost') } }
            @{ Name = 'the same host with a slash and another case'; Field = 'regions.secondary.host'; Edit = { param($p) $p.regions.secondary.host = $p.regions.primary.host.ToUpperInvariant() + '/' } }
            @{ Name = 'a definition over 1 MiB'; Field = '(definition)'; Edit = { param($p) $p | Add-Member description ('x' * 1.1MB) } }
        ) {
            $null = Write-StorePair $bad 'broken' $Edit
            $before = Get-EmulatorWriteCount $emu
            Publish-DltDrPipeline broken -Force -Token $token -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidPairDefinition,DltDr.Cmdlets.PublishDltDrPipelineCommand'
            $errs[0].Exception.Message | Should -BeLike "*: $Field*"
            Get-EmulatorWriteCount $emu | Should -Be $before
        }

        It 'refuses a notebook over the import limit before the first write' {
            $path = Write-StorePair $bad 'heavy'
            $huge = [IO.File]::Create((Join-Path $bad 'notebooks/huge.py'))
            $huge.SetLength(10MB + 1)
            $huge.Dispose()
            try {
                $before = Get-EmulatorWriteCount $emu
                Publish-DltDrPipeline heavy -Force -Token $token -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
                $errs[0].Exception.Message | Should -BeLike "*notebooks.files: 'huge.py' is 10485761 bytes, more than the 10485760 bytes the service imports.*"
                Get-EmulatorWriteCount $emu | Should -Be $before
            }
            finally { Remove-Item (Join-Path $bad 'notebooks/huge.py') }
        }

        It 'refuses an empty -Token before anything runs, naming the parameter' {
            $before = Get-EmulatorWriteCount $emu
            { Set-DltDrActiveRegion sales Secondary -Force -Token ([securestring]::new()) } |
                Should -Throw -ExpectedMessage "Cannot validate argument on parameter 'Token'. The token is empty.*" -ErrorId 'ParameterArgumentValidationError,DltDr.Cmdlets.SetDltDrActiveRegionCommand'
            Get-EmulatorWriteCount $emu | Should -Be $before
        }
    }

    Context 'time zones' {
        It 'takes a Windows time zone name and gives Databricks its IANA id' {
            $null = Write-StorePair $store 'finance' { param($p) $p | Add-Member catchUp @{ schedule = '0 0 1 * * ?'; timezone = 'W. Europe Standard Time' } }
            (Get-DltDrPair finance).CatchUp.TimeZone | Should -Be 'Europe/Berlin'
            $null = Publish-DltDrPipeline finance -Force -Token $token
            (Get-TestJob $emu secondary -Name 'finance-dlt catch-up').settings.schedule.timezone_id | Should -Be 'Europe/Berlin'
        }
    }
}
