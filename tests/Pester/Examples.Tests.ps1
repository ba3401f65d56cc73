BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'DltDr.TestHelpers.psm1') -Force
    Import-DltDrUnderTest
    $root = Get-RepositoryRoot
    $examples = Join-Path $root 'examples'

    # The example pair as a runbook gets it from an Automation variable: JSON text, pointed at the
    # emulated workspaces, with the token from the environment instead of the managed identity.
    function Get-ExamplePairJson($Emulator) {
        $pair = Get-Content -Path (Join-Path $examples 'pairs/sales.json') -Raw | ConvertFrom-Json
        $pair.regions.primary.host = $Emulator.Primary
        $pair.regions.secondary.host = $Emulator.Secondary
        foreach ($r in $pair.regions.primary, $pair.regions.secondary) { $r.PSObject.Properties.Remove('auth') }
        $pair.notebooks.source = (Resolve-Path (Join-Path $examples 'pairs' | Join-Path -ChildPath $pair.notebooks.source)).Path
        $pair.PSObject.Properties.Remove('$schema')
        $pair | ConvertTo-Json -Depth 20 -Compress
    }
}

Describe 'The example pair definitions' {
    It '<_> is a valid pair definition' -ForEach @('sales', 'hr') {
        $pair = Get-DltDrPair -Path (Join-Path $examples "pairs/$_.json")
        $pair.Name | Should -Be $_
        $pair.Notebooks.Files.Count | Should -BeGreaterThan 0
    }
}

Describe 'examples/Start-DltDrDrill.ps1' {
    It 'runs the whole drill as written in pwsh, starting the emulator itself' {
        $run = Invoke-PwshScript -File (Join-Path $examples 'Start-DltDrDrill.ps1') -WorkingDirectory $TestDrive
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Output | Should -BeLike '*==> 4. Fail over to the secondary region*'
        $run.Output | Should -BeLike "*Drill complete: failover and failback of 'sales' succeeded.*"
        $run.Output | Should -Match 'Recovery time \(start of failover until the secondary ran\): [\d.]+ s'
    }
}

Describe 'examples/runbooks' {
    BeforeAll {
        $emu = Start-TestEmulator -ClockScale 100 -Folder $TestDrive
        $json = Get-ExamplePairJson $emu
        $env = @{ DATABRICKS_TOKEN = 'dapi-runbook-token' }
        $null = Get-DltDrPair -Json $json | Publish-DltDrPipeline -Token (New-TestToken) -Force
        $pair = Get-DltDrPair -Json $json
        $null = Wait-TestCondition { (Get-DltDrStatus $pair -Token (New-TestToken)).Primary.PipelineState -eq 'RUNNING' }
        $empty = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'empty')).FullName
    }
    AfterAll { Stop-TestEmulator $emu }

    It 'Invoke-DltDrFailover.ps1 fails the pair over from its JSON, from an empty working directory, and ends with a report' {
        $run = Invoke-PwshScript -File (Join-Path $examples 'runbooks/Invoke-DltDrFailover.ps1') -Arguments @('-PairJson', $json, '-Region', 'Secondary') -WorkingDirectory $empty -Environment $env
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Output | Should -BeLike "*Making Secondary active for pair 'sales'.*"
        $run.Output | Should -BeLike '*After: active region Secondary; Primary: Standby, Triggered*'
        $run.Output | Should -Match 'ActiveRegion\s+: Secondary'
        $run.Output | Should -Not -BeLike '*dapi-runbook-token*'
        (Get-DltDrStatus $pair -Token (New-TestToken)).ActiveRegion | Should -Be 'Secondary'
    }

    It 'Invoke-DltDrFailback.ps1 catches the primary up and fails back' {
        if ((Get-DltDrStatus $pair -Token (New-TestToken)).ActiveRegion -ne 'Secondary') {
            $null = Set-DltDrActiveRegion $pair Secondary -Token (New-TestToken) -Force
        }
        $run = Invoke-PwshScript -File (Join-Path $examples 'runbooks/Invoke-DltDrFailback.ps1') -Arguments @('-PairJson', $json) -WorkingDirectory $empty -Environment $env
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Output | Should -Match 'sales: catch-up run \d+ ended SUCCESS after [\d.]+ s\.'
        $run.Output | Should -BeLike '*sales: failed back; active region Primary*'
        $status = Get-DltDrStatus $pair -Token (New-TestToken)
        $status.ActiveRegion | Should -Be 'Primary'
        $status.Secondary.Role | Should -Be 'Standby'
    }
}

Describe 'examples/Test-DltDrHealth.ps1' {
    BeforeAll {
        $store = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'pairs')).FullName
        $emu = Start-TestWorld -Folder $store -ClockScale 100 -PublishPair sales
        $script = Join-Path $examples 'Test-DltDrHealth.ps1'
        $env = @{ DLTDR_PAIR_PATH = $store; DATABRICKS_TOKEN = 'dapi-health-token' }
    }
    AfterAll { Stop-TestWorld $emu }

    It 'exits 1 and says why when a pair has a problem' {
        $run = Invoke-PwshScript -File $script -Environment $env
        $run.ExitCode | Should -Be 1
        $run.Output | Should -BeLike '*PROBLEM sales: StaleStandby (Secondary): secondary has never processed data*'
        $run.Output | Should -BeLike '*1 problem(s) in 1 of 1 pair(s).*'
    }

    It 'exits 0 when every pair is healthy' {
        $null = Invoke-DltDrCatchUp sales -Wait -Token (New-TestToken)
        $run = Invoke-PwshScript -File $script -Environment $env
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -BeLike '*OK      sales: Primary active.*'
    }

    It 'exits 2 when a pair cannot be found or nothing matches' {
        $unknown = Invoke-PwshScript -File $script -Arguments @('-Pair', 'nothing-here') -Environment $env
        $unknown.ExitCode | Should -Be 2
        $unknown.Output | Should -BeLike "*ERROR   PairNotFound,DltDr.Cmdlets.GetDltDrPairCommand: No pair named 'nothing-here'*"
        $none = Invoke-PwshScript -File $script -Arguments @('-Pair', 'zz*') -Environment $env
        $none.ExitCode | Should -Be 2
        $none.Output | Should -BeLike "*No pair matches 'zz*': nothing was checked.*"
    }
}
