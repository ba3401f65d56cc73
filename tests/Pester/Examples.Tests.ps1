BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'DltDr.TestHelpers.psm1') -Force
    Import-DltDrUnderTest
    $root = Get-RepositoryRoot
    $examples = Join-Path $root 'examples'

    # The example pair as a runbook gets it from an Automation variable: JSON text pointed at the
    # emulated workspaces, and otherwise as written: the managed identity as each region's auth, and
    # its notebooks.source relative to the repository, a folder no runbook worker has.
    function Get-ExamplePairJson($Emulator) {
        $pair = Get-Content -Path (Join-Path $examples 'pairs/sales.json') -Raw | ConvertFrom-Json
        $pair.regions.primary.host = $Emulator.Primary
        $pair.regions.secondary.host = $Emulator.Secondary
        $pair | ConvertTo-Json -Depth 20 -Compress
    }

    # The lines of the last object a script printed (Format-List), as a job's output ends.
    function Get-LastObjectText([string] $Output) {
        ($Output.TrimEnd() -split '\r?\n\s*\r?\n')[-1]
    }
}

Describe 'The example pair definitions' -Tag 'Unit' {
    It '<_> is a valid pair definition' -ForEach @('sales', 'hr') {
        $pair = Get-DltDrPair -Path (Join-Path $examples "pairs/$_.json")
        $pair.Name | Should -Be $_
        $pair.Notebooks.Load().Count | Should -BeGreaterThan 0
    }
}

Describe 'examples/Start-DltDrDrill.ps1' -Tag 'Process' {
    It 'runs the whole drill as written in pwsh, starting the emulator itself' {
        $run = Invoke-PwshScript -File (Join-Path $examples 'Start-DltDrDrill.ps1') -WorkingDirectory $TestDrive
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Output | Should -BeLike '*==> 5. Fail over to the secondary region*'
        $run.Output | Should -Match 'sales\s+Secondary\s+True'
        # The history says what was done, when, and by whom.
        $run.Output | Should -Match '\d{4}-\d\d-\d\d \d\d:\d\d\s+sales\s+switch to primary: Succeeded, recovery [\d.]+s\r?\n\s+by admin@dltdr\.example on '
        # The standing says why, naming what clears it when it is not within objectives.
        $run.Output | Should -Match 'sales stands WithinObjectives \('
        $run.Output | Should -BeLike "*Drill complete: failover and failback of 'sales' succeeded.*"
        $report = Join-Path ([IO.Path]::GetTempPath()) 'dltdr-drill-report.html'
        $run.Output | Should -BeLike "*==> 10. The evidence: the DR report of this pair*The report is $report (one HTML file*"
        Get-Content $report -Raw | Should -BeLike '*<section class="pair" id="pair-sales"*planned switch (drill)*'
        $run.Output | Should -Match 'Recovery time \(start of failover until the secondary ran\): [\d.]+ s of real time, against emulated workspaces whose clock runs 20x'
    }
}

Describe 'examples/runbooks, as Azure Automation runs them' -Tag 'Process' {
    BeforeAll {
        $emu = Start-TestEmulator -ClockScale 100 -Folder $TestDrive
        # Both workspaces accept the publisher's token and the managed identity, nothing else: a
        # runbook that gets through authenticated as the Automation account's identity.
        foreach ($ws in 'primary', 'secondary') {
            $null = Invoke-EmulatorControl $emu POST "workspaces/$ws/auth" @{ tokens = @(@{ token = 'dapi-pester-token'; user = 'publisher@dltdr.example' }) }
        }
        $json = Get-ExamplePairJson $emu
        # Published once from the repository, where the relative notebooks folder is.
        Push-Location (Join-Path $examples 'pairs')
        try { $null = Get-DltDrPair -Json $json | Publish-DltDrPipeline -Token (New-TestToken) -Force -ErrorAction Stop }
        finally { Pop-Location }
        $pair = Get-DltDrPair -Json $json
        $null = Wait-TestCondition $emu { (Get-DltDrStatus $pair -Token (New-TestToken)).Primary.PipelineState -eq 'RUNNING' }

        # The sandbox: an empty working directory, the identity endpoint, no token anywhere.
        $empty = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'sandbox')).FullName
        $sandbox = @{ IDENTITY_ENDPOINT = $emu.Identity.endpoint; IDENTITY_HEADER = $emu.Identity.header; DATABRICKS_TOKEN = $null; DLTDR_PAIR_PATH = $null }
        $failover = Join-Path $examples 'runbooks/Invoke-DltDrFailover.ps1'
        $failback = Join-Path $examples 'runbooks/Invoke-DltDrFailback.ps1'
        $health = Join-Path $examples 'Test-DltDrHealth.ps1'
        # Automation variables, as the sandbox's Get-AutomationVariable reads them: a stand-in module of
        # that name on the module path, the values from the environment.
        $assets = Join-Path $TestDrive 'automation-modules'
        $assetModule = New-Item -ItemType Directory -Force -Path (Join-Path $assets 'Orchestrator.AssetManagement.Cmdlets')
        Set-Content -Path (Join-Path $assetModule 'Orchestrator.AssetManagement.Cmdlets.psm1') -Value @'
function Get-AutomationVariable {
    param([Parameter(Mandatory)] [string] $Name)
    $value = [Environment]::GetEnvironmentVariable("AUTOMATION_VARIABLE_$Name")
    if ($null -eq $value) { throw "Variable '$Name' was not found in this Automation account." }
    $value
}
'@
        $automation = $sandbox.Clone()
        $automation.AUTOMATION_VARIABLE_SalesPair = $json
        $automation.PSModulePath = (Join-Path (Get-RepositoryRoot) 'out') + [IO.Path]::PathSeparator + $assets + [IO.Path]::PathSeparator + $env:PSModulePath
        function Invoke-Runbook([string] $File, [string[]] $Arguments, [hashtable] $Environment = $sandbox) {
            Invoke-PwshScript -File $File -Arguments $Arguments -WorkingDirectory $empty -Environment $Environment
        }
    }
    AfterAll { Stop-TestEmulator $emu }

    It 'fails over unplanned while the primary refuses connections, as the managed identity, and reports the pending demotion' {
        $null = Invoke-EmulatorControl $emu POST 'workspaces/primary/down'
        $identityCalls = (Invoke-EmulatorControl $emu GET 'identity').requests
        $since = (Invoke-EmulatorControl $emu GET 'workspaces/secondary/requests').last_sequence
        $run = Invoke-Runbook $failover @('-PairJson', $json, '-Region', 'Secondary', '-Unplanned')
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Output | Should -BeLike "*Making Secondary active for pair 'sales' (unplanned).*"
        $run.Output | Should -BeLike '*The old region is pending demotion (unreachable*Run this runbook again when it answers.*'
        $last = Get-LastObjectText $run.Output
        $last | Should -Match 'ActiveRegion\s+: Secondary'
        $last | Should -Match 'PendingDemotion\s+: True'
        $last | Should -Match 'RecoverySeconds\s+: [\d.]+'
        (Invoke-EmulatorControl $emu GET 'identity').requests | Should -BeGreaterThan $identityCalls
        $calls = (Invoke-EmulatorControl $emu GET "workspaces/secondary/requests?since=$since").requests
        @($calls | Where-Object { $_.is_write }).Count | Should -BeGreaterThan 0
        $calls.user | Select-Object -Unique | Should -Be '7d3f6c1e-5b2a-4c8d-9e0f-a1b2c3d4e5f6'
        $run.Output + $run.Error | Should -Not -BeLike "*$($emu.Identity.header)*"
    }

    It 'shows the returning primary, still continuous, in the status from the JSON, and the health check fails the job' {
        $null = Invoke-EmulatorControl $emu POST 'workspaces/primary/up'
        $status = Get-DltDrPair -Json $json | Get-DltDrStatus -Token (New-TestToken)
        $status.Primary.Mode | Should -Be 'Continuous'
        $status.Problems.Code | Should -Contain 'PendingDemotion'

        $run = Invoke-Runbook $health @('-PairJson', $json)
        $run.ExitCode | Should -Be 1
        $run.Output | Should -BeLike '*PROBLEM sales: PendingDemotion (Primary): *'
        Get-LastObjectText $run.Output | Should -Match 'Status\s+: Unhealthy'
        $run.Error | Compress-Text | Should -BeLike "*$(Compress-Text 'Health check failed:')*$(Compress-Text 'problem(s) in 1 of 1 pair(s):')*PendingDemotion(Primary)*"
    }

    It 'demotes the primary when the failover runbook runs again' {
        $run = Invoke-Runbook $failover @('-PairJson', $json, '-Region', 'Secondary')
        $run.ExitCode | Should -Be 0 -Because $run.Error
        Get-LastObjectText $run.Output | Should -Match 'PendingDemotion\s+: False'
        $status = Get-DltDrStatus $pair -Token (New-TestToken)
        $status.ActiveRegion | Should -Be 'Secondary'
        $status.Primary.Mode | Should -Be 'Triggered'
        $status.Problems.Code | Should -Not -Contain 'PendingDemotion'
    }

    It 'fails back with the failback runbook, catching the primary up first' {
        $run = Invoke-Runbook $failback @('-PairJson', $json)
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Output | Should -Match 'sales: catch-up run \d+ ended SUCCESS after [\d.]+ s\.'
        $run.Output | Should -BeLike '*sales: failed back; active region Primary*'
        # Pairs, Switched, ActiveRegion, Healthy: a table row.
        Get-LastObjectText $run.Output | Should -Match '\{?sales\}?\s+\{?sales\}?\s+Primary\s+True'
        $status = Get-DltDrStatus $pair -Token (New-TestToken)
        $status.ActiveRegion | Should -Be 'Primary'
        $status.Secondary.Role | Should -Be 'Standby'
    }

    It 'passes the health check afterwards, ending with the summary object' {
        $run = Invoke-Runbook $health @('-PairJson', $json)
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -BeLike '*OK      sales: Primary active.*'
        Get-LastObjectText $run.Output | Should -Match 'Status\s+: Healthy'
    }

    It 'runs the health check on pairs from Automation variables, as the runbooks take them; a missing variable fails the job' {
        $run = Invoke-Runbook $health @('-PairVariable', 'SalesPair') $automation
        $run.ExitCode | Should -Be 0 -Because "$($run.Output)$($run.Error)"
        $run.Output | Should -BeLike '*OK      sales: Primary active.*'
        $run = Invoke-Runbook $health @('-PairVariable', 'SalesPair,NoSuchPair') $automation
        $run.ExitCode | Should -Be 1
        $run.Output | Should -BeLike "*ERROR*Variable 'NoSuchPair' was not found*"
        Get-LastObjectText $run.Output | Should -Match 'Status\s+: Unchecked'
    }

    It 'writes the monthly report into a storage container with the managed identity, once a month' {
        $container = "$($emu.Control)/blob/dr-reports"
        $report = Join-Path $examples 'Export-DltDrMonthlyReport.ps1'
        $run = Invoke-Runbook $report @('-PairVariable', 'SalesPair', '-StorageContainerUrl', $container) $automation
        $run.ExitCode | Should -Be 0 -Because "$($run.Output)$($run.Error)"
        $month = [DateTimeOffset]::UtcNow.AddMonths(-1).ToString('yyyy-MM')
        $run.Output | Should -BeLike "*WROTE   $container/dr-report-$month.html: 1 pair(s)*"
        $blobs = Invoke-EmulatorControl $emu GET 'blobs'
        $blob = $blobs | Where-Object name -EQ "dr-reports/dr-report-$month.html"
        $blob.bytes | Should -BeGreaterThan 2kb
        $blob.content_type | Should -Be 'text/html; charset=utf-8'
        # The sandbox's disk keeps nothing: no report was left behind in its temp folder or working directory.
        @(Get-ChildItem $empty).Count | Should -Be 0
        # The next run that month finds it and writes nothing.
        $again = Invoke-Runbook $report @('-PairVariable', 'SalesPair', '-StorageContainerUrl', $container) $automation
        $again.ExitCode | Should -Be 0 -Because $again.Error
        $again.Output | Should -BeLike "*SKIP    $container/dr-report-$month.html is there already*"
        $run.Output + $run.Error | Should -Not -BeLike "*$($emu.Identity.header)*"
    }

    It 'fails the monthly report, writing nothing, where no managed identity is to be had' {
        $noIdentity = $automation.Clone()
        $noIdentity.IDENTITY_ENDPOINT = $null
        $run = Invoke-Runbook (Join-Path $examples 'Export-DltDrMonthlyReport.ps1') @('-PairVariable', 'SalesPair', '-StorageContainerUrl', "$($emu.Control)/blob/other") $noIdentity
        $run.ExitCode | Should -Not -Be 0
        $run.Error | Compress-Text | Should -BeLike "*$(Compress-Text 'IDENTITY_ENDPOINT and IDENTITY_HEADER are not set')*"
        @((Invoke-EmulatorControl $emu GET 'blobs') | Where-Object name -Like 'other/*').Count | Should -Be 0
    }

    It 'fails the job when the switch fails: the region to make active refuses connections' {
        $null = Invoke-EmulatorControl $emu POST 'workspaces/secondary/down'
        try {
            $run = Invoke-Runbook $failover @('-PairJson', $json, '-Region', 'Secondary', '-Unplanned')
            $run.ExitCode | Should -Not -Be 0
            $run.Error | Should -BeLike '*secondary*'
            (Get-DltDrStatus $pair -Token (New-TestToken) -RegionTimeoutSec 5).ActiveRegion | Should -Be 'Primary'
        }
        finally { $null = Invoke-EmulatorControl $emu POST 'workspaces/secondary/up' }
    }

    It '<Name> fails the job when the module cannot be loaded' -ForEach @(
        @{ Name = 'the failover runbook'; Script = 'runbooks/Invoke-DltDrFailover.ps1'; Arguments = @('-Region', 'Secondary') }
        @{ Name = 'the failback runbook'; Script = 'runbooks/Invoke-DltDrFailback.ps1'; Arguments = @() }
        @{ Name = 'the health check'; Script = 'Test-DltDrHealth.ps1'; Arguments = @() }
    ) {
        # Copied where no build is beside them, as an Automation account has them: no module anywhere.
        $alone = Join-Path $TestDrive 'alone'
        if (-not (Test-Path $alone)) { Copy-Item -Recurse $examples $alone }
        $noModules = $sandbox.Clone()
        $noModules.PSModulePath = $empty
        $run = Invoke-Runbook (Join-Path $alone $Script) (@('-PairJson', $json) + $Arguments) $noModules
        $run.ExitCode | Should -Not -Be 0
        $run.Error | Compress-Text | Should -BeLike "*$(Compress-Text 'The DltDr module could not be loaded')*"
        $run.Error | Compress-Text | Should -BeLike "*$(Compress-Text 'From a clone, build it first: dotnet build -c Release.')*"
    }

    It 'runs from a clone with no module installed: the examples import the build beside them' {
        $noModules = $sandbox.Clone()
        $noModules.PSModulePath = $empty
        $run = Invoke-Runbook $health @('-PairJson', $json, '-SkipReadiness') $noModules
        $run.Error | Compress-Text | Should -Not -BeLike "*$(Compress-Text 'could not be loaded')*"
        $run.Output | Should -BeLike '*sales: *'
        $run.ExitCode | Should -BeIn @(0, 1)
    }
}

Describe 'examples/Test-DltDrHealth.ps1' -Tag 'Process' {
    BeforeAll {
        $store = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'pairs')).FullName
        $emu = Start-TestWorld -Folder $store -ClockScale 100 -PublishPair sales
        $script = Join-Path $examples 'Test-DltDrHealth.ps1'
        $env = @{ DLTDR_PAIR_PATH = $store; DATABRICKS_TOKEN = 'dapi-health-token' }
    }
    AfterAll { Stop-TestWorld $emu }

    It 'fails with exit code 1 and says why when a pair has a problem' {
        $run = Invoke-PwshScript -File $script -Environment $env
        $run.ExitCode | Should -Be 1
        $run.Output | Should -BeLike '*PROBLEM sales: StaleStandby (Secondary): secondary has never processed data*'
        # The readiness test says the same from its side: a failover now would start from no data.
        $run.Output | Should -BeLike '*NOTREADY sales: a failover to Secondary would fail: StandbyLag: secondary has never processed data*'
        Get-LastObjectText $run.Output | Should -Match 'Problems\s+: \{?NotReady.StandbyLag \(Secondary\), StaleStandby \(Secondary\)\}?'
        $run.Error | Compress-Text | Should -BeLike "*$(Compress-Text 'Health check failed: 2 problem(s) in 1 of 1 pair(s): NotReady.StandbyLag (Secondary), StaleStandby (Secondary).')*"
        $run.Output | Should -Not -BeLike '*dapi-health-token*'
    }

    It 'exits 0 when every pair is healthy' {
        $null = Invoke-DltDrCatchUp sales -Wait -Token (New-TestToken)
        $run = Invoke-PwshScript -File $script -Environment $env
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -BeLike '*OK      sales: Primary active.*'
        $run.Output | Should -BeLike '*All 1 pair(s) healthy.*'
        Get-LastObjectText $run.Output | Should -Match 'Status\s+: Healthy'
    }

    It 'fails when a pair cannot be found or nothing matches: a check that cannot see is no all clear' {
        $unknown = Invoke-PwshScript -File $script -Arguments @('-Pair', 'nothing-here') -Environment $env
        $unknown.ExitCode | Should -Be 1
        $unknown.Output | Should -BeLike "*ERROR   PairNotFound,DltDr.Cmdlets.GetDltDrPairCommand: No pair named 'nothing-here'*"
        Get-LastObjectText $unknown.Output | Should -Match 'Status\s+: Unchecked'
        $none = Invoke-PwshScript -File $script -Arguments @('-Pair', 'zz*') -Environment $env
        $none.ExitCode | Should -Be 1
        $none.Error | Compress-Text | Should -BeLike "*$(Compress-Text "no pair matches 'zz")*$(Compress-Text "', so nothing was checked.")*"
    }

    It 'fails when a region cannot be reached' {
        $null = Invoke-EmulatorControl $emu POST 'workspaces/secondary/down'
        try {
            $run = Invoke-PwshScript -File $script -Environment $env
            $run.ExitCode | Should -Be 1
            $run.Output | Should -BeLike '*PROBLEM sales: RegionUnreachable (Secondary)*'
        }
        finally { $null = Invoke-EmulatorControl $emu POST 'workspaces/secondary/up' }
    }
}

Describe 'examples/scheduled-task/Register-DltDrHealthCheck.ps1' -Tag 'Process' {
    BeforeAll {
        $store = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'pairs')).FullName
        $emu = Start-TestWorld -Folder $store -ClockScale 100 -PublishPair sales
        Remove-Variable -Name DltDrPairPath -Scope Global
        $register = Join-Path $examples 'scheduled-task/Register-DltDrHealthCheck.ps1'
        $units = Join-Path $TestDrive 'units'
        # A pwsh at a path that stays put, as an installed one is: here a stand-in that runs this
        # test's pwsh (the local dotnet tool, whose own path is in the NuGet cache).
        $bin = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'bin')).FullName
        $pwsh = Join-Path $bin 'pwsh'
        Set-Content -Path $pwsh -Value "#!/bin/sh`nexec '$((Get-Process -Id $PID).Path)' '$(Join-Path $PSHOME 'pwsh.dll')' `"`$@`"`n"
        & chmod +x $pwsh
        # The job's credentials, in a file of their own: the unit names it and never holds them.
        $envFile = Join-Path $TestDrive 'health.env'
        Set-Content -Path $envFile -Value "DATABRICKS_TOKEN=dapi-timer-token"

        # ExecStart= as systemd splits it: double-quoted words with backslash escapes, '%%' and '$$' for '%' and '$'.
        function Split-ExecStart([string] $Line) {
            [regex]::Matches($Line, '"((?:[^"\\]|\\.)*)"|(\S+)') | ForEach-Object {
                $word = if ($_.Groups[1].Success) { $_.Groups[1].Value -replace '\\(.)', '$1' } else { $_.Groups[2].Value }
                $word.Replace('%%', '%').Replace('$$', '$')
            }
        }

        # The unit's command, run as systemd would: its ExecStart, with only the environment the unit
        # gives (its Environment= lines and EnvironmentFile=). Returns the exit code and the output.
        function Invoke-Unit([string[]] $Service) {
            $words = @(Split-ExecStart ($Service | Where-Object { $_ -like 'ExecStart=*' }).Substring('ExecStart='.Length))
            $info = [Diagnostics.ProcessStartInfo]::new($words[0])
            foreach ($w in $words[1..($words.Count - 1)]) { $info.ArgumentList.Add($w) }
            $info.RedirectStandardOutput = $true
            $info.RedirectStandardError = $true
            $info.UseShellExecute = $false
            foreach ($k in 'PSModulePath', 'DATABRICKS_TOKEN', 'DLTDR_PAIR_PATH') { $null = $info.Environment.Remove($k) }
            foreach ($line in $Service | Where-Object { $_ -like 'Environment=*' }) {
                $k, $v = (@(Split-ExecStart $line.Substring('Environment='.Length))[0]) -split '=', 2
                $info.Environment[$k] = $v
            }
            foreach ($line in Get-Content (($Service | Where-Object { $_ -like 'EnvironmentFile=*' }).Substring('EnvironmentFile='.Length))) {
                $k, $v = $line -split '=', 2
                $info.Environment[$k] = $v
            }
            $p = [Diagnostics.Process]::Start($info)
            $null = $p.StandardError.ReadToEndAsync()
            $out = $p.StandardOutput.ReadToEnd()
            $p.WaitForExit()
            [pscustomobject]@{ ExitCode = $p.ExitCode; Output = $out; Words = $words }
        }
    }
    AfterAll { Stop-TestWorld $emu }

    It 'writes a systemd service and timer whose command runs the check: failing while a pair is unhealthy, then passing' {
        $run = Invoke-PwshScript -File $register -Arguments @('-PairPath', $store, '-Pair', 'sales*', '-At', '06:30', '-SystemdDirectory', $units,
            '-Pwsh', $pwsh, '-EnvironmentFile', $envFile)
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Output | Should -BeLike '*systemctl --user daemon-reload && systemctl --user enable --now dltdr-health.timer*'
        $timer = Get-Content (Join-Path $units 'dltdr-health.timer') -Raw
        $timer | Should -BeLike '*OnCalendar=*-*-* 06:30:00*'
        $timer | Should -BeLike '*Persistent=true*'
        $service = Get-Content (Join-Path $units 'dltdr-health.service')
        $service | Should -Contain 'Type=oneshot'
        $service | Should -Contain "EnvironmentFile=$envFile"
        $service | Should -Contain "Environment=PSModulePath=$(Join-Path (Get-RepositoryRoot) 'out')"
        ($service -join "`n") | Should -Not -BeLike '*dapi-timer-token*'
        # Run the unit's command as systemd would: from its working directory, with the service's environment only.
        $unhealthy = Invoke-Unit $service
        $unhealthy.Words -join ' ' | Should -BeLike "*-File $(Join-Path $examples 'Test-DltDrHealth.ps1') -Pair sales* -PairPath $store"
        $unhealthy.ExitCode | Should -Be 1 -Because $unhealthy.Output
        $unhealthy.Output | Should -BeLike '*PROBLEM sales: StaleStandby (Secondary)*'

        $null = Invoke-DltDrCatchUp -Pair (Get-DltDrPair -Path (Join-Path $store 'sales.json')) -Wait -Token (New-TestToken)
        $healthy = Invoke-Unit $service
        $healthy.ExitCode | Should -Be 0 -Because $healthy.Output
    }

    It 'registers the monthly DR report the same way: the unit''s command writes last month''s file once' {
        $reports = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'reports')).FullName
        $reportUnits = Join-Path $TestDrive 'report-units'
        $run = Invoke-PwshScript -File $register -Arguments @('-Job', 'Report', '-ReportFolder', $reports, '-PairPath', $store, '-At', '07:00',
            '-SystemdDirectory', $reportUnits, '-Pwsh', $pwsh, '-EnvironmentFile', $envFile)
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Output | Should -BeLike '*systemctl --user enable --now dltdr-report.timer*'
        $service = Get-Content (Join-Path $reportUnits 'dltdr-report.service')
        $service | Should -Contain 'Description=DltDr monthly DR report of DLT pipeline pairs'
        $month = [DateTimeOffset]::UtcNow.AddDays(1 - [DateTimeOffset]::UtcNow.Day).AddMonths(-1)
        $expected = Join-Path $reports ('dr-report-{0:yyyy-MM}.html' -f $month)
        $first = Invoke-Unit $service
        $first.Words -join ' ' | Should -BeLike "*-File $(Join-Path $examples 'Export-DltDrMonthlyReport.ps1') -PairPath $store -OutputFolder $reports"
        $first.ExitCode | Should -Be 0 -Because $first.Output
        $first.Output | Should -BeLike "*WROTE   $expected`: 1 pair(s), *"
        $again = Invoke-Unit $service
        $again.ExitCode | Should -Be 0 -Because $again.Output
        $again.Output | Should -BeLike "*SKIP    $expected is there already*"
        Get-Content $expected -Raw | Should -BeLike '*<section class="pair" id="pair-sales"*'
    }

    It 'prints a crontab line that quotes the pattern against the shell' {
        $run = Invoke-PwshScript -File $register -Arguments @('-PairPath', $store, '-Pair', 'sales*', '-At', '6:05', '-Cron', '-Pwsh', $pwsh,
            '-EnvironmentFile', $envFile)
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $line = $run.Output.Trim()
        $line | Should -BeLike "5 6 * * *  set -a; . $envFile; set +a; PSModulePath=$(Join-Path (Get-RepositoryRoot) 'out') $pwsh *"
        $line | Should -BeLike "5 6 * * *  *-NoProfile -NonInteractive -File $(Join-Path $examples 'Test-DltDrHealth.ps1') -Pair 'sales*' -PairPath $store"
    }

    It 'refuses a pair folder that does not exist and writes nothing' {
        $run = Invoke-PwshScript -File $register -Arguments @('-PairPath', (Join-Path $TestDrive 'nope'), '-SystemdDirectory', (Join-Path $TestDrive 'units2'))
        $run.ExitCode | Should -Not -Be 0
        $run.Error | Compress-Text | Should -BeLike "*$(Compress-Text "The pair folder '$(Join-Path $TestDrive 'nope')' does not exist")*"
        Join-Path $TestDrive 'units2' | Should -Not -Exist
    }

    It 'refuses a pwsh inside the NuGet package cache (what dotnet pwsh runs), naming -Pwsh, and writes nothing' {
        $cached = Join-Path $HOME '.nuget/packages/powershell/7.6.9/tools/net10.0/any/unix/pwsh'
        $run = Invoke-PwshScript -File $register -Arguments @('-PairPath', $store, '-SystemdDirectory', (Join-Path $TestDrive 'units4'), '-Pwsh', $cached)
        $run.ExitCode | Should -Not -Be 0
        $run.Error | Compress-Text | Should -BeLike "*$(Compress-Text 'is inside a .NET package or tool cache')*$(Compress-Text 'pass its path with -Pwsh; nothing was registered.')*"
        Join-Path $TestDrive 'units4' | Should -Not -Exist
    }

    It 'refuses to register a job whose pwsh cannot import the module, and writes nothing' {
        # The examples copied where no build is beside them, run where no module is installed.
        $alone = Join-Path $TestDrive 'alone'
        Copy-Item -Recurse $examples $alone
        $nothing = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'no-modules')).FullName
        $run = Invoke-PwshScript -File (Join-Path $alone 'scheduled-task/Register-DltDrHealthCheck.ps1') -Environment @{ PSModulePath = $nothing } `
            -Arguments @('-PairPath', $store, '-SystemdDirectory', (Join-Path $TestDrive 'units5'), '-Pwsh', $pwsh)
        $run.ExitCode | Should -Not -Be 0
        $run.Error | Compress-Text | Should -BeLike "*$(Compress-Text "The job's pwsh ($pwsh) could not import the DltDr module")*$(Compress-Text 'nothing was registered.')*"
        Join-Path $TestDrive 'units5' | Should -Not -Exist
    }

    It 'shows what it would write with -WhatIf, writing nothing' {
        $run = Invoke-PwshScript -File $register -Arguments @('-PairPath', $store, '-SystemdDirectory', (Join-Path $TestDrive 'units3'), '-WhatIf',
            '-Pwsh', $pwsh)
        $run.ExitCode | Should -Be 0
        $run.Output | Should -BeLike '*What if: Performing the operation "Write systemd units" on target*units3*'
        Join-Path $TestDrive 'units3' | Should -Not -Exist
    }
}
