#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    Pester 5 tests of the DltDr cmdlets against the workspace emulator, for users with pwsh and Pester:

        dotnet build DltDr.PowerShell.sln
        Invoke-Pester ./tests/Pester

    The emulator is started by the tests (dotnet run) on loopback, 20 virtual seconds per real second,
    and stopped at the end. The same scenarios run in the xunit suite (tests/DltDr.Tests), which hosts
    the PowerShell engine where pwsh is not installed.
#>

BeforeAll {
    $root = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$root/out/DltDr/DltDr.psd1" -Force

    $urlsFile = Join-Path ([IO.Path]::GetTempPath()) "dltdr-pester-$PID.json"
    Remove-Item $urlsFile -ErrorAction Ignore
    $script:emulator = Start-Process dotnet -PassThru -NoNewWindow -RedirectStandardOutput (Join-Path ([IO.Path]::GetTempPath()) "dltdr-pester-$PID.log") `
        -ArgumentList @('run', '--project', "$root/src/DltDr.Emulator", '--', '--clock-scale', '20', '--urls-file', $urlsFile)
    $deadline = (Get-Date).AddMinutes(3)
    while (-not (Test-Path $urlsFile)) {
        if ($script:emulator.HasExited -or (Get-Date) -gt $deadline) { throw 'The emulator did not start.' }
        Start-Sleep -Milliseconds 250
    }
    Start-Sleep -Milliseconds 200
    $urls = Get-Content $urlsFile -Raw | ConvertFrom-Json
    $script:control = $urls.control

    # A pair store with the example pair, pointed at the emulated workspaces.
    $script:store = Join-Path ([IO.Path]::GetTempPath()) "dltdr-pester-store-$PID"
    New-Item -ItemType Directory -Path $store -Force | Out-Null
    $pair = Get-Content "$root/examples/pairs/sales.json" -Raw | ConvertFrom-Json
    $pair.regions.primary.host = $urls.workspaces.primary
    $pair.regions.secondary.host = $urls.workspaces.secondary
    $pair.regions.primary.PSObject.Properties.Remove('auth')
    $pair.regions.secondary.PSObject.Properties.Remove('auth')
    $pair.notebooks.source = (Resolve-Path "$root/notebooks/sales").Path
    $pair.PSObject.Properties.Remove('$schema')
    $pair | ConvertTo-Json -Depth 20 | Set-Content (Join-Path $store 'sales.json')
    $global:DltDrPairPath = $store
    $script:token = ConvertTo-SecureString 'dapi-pester-token' -AsPlainText -Force

    function script:Get-Writes {
        $total = 0
        foreach ($ws in 'primary', 'secondary') {
            $log = Invoke-RestMethod "$control/control/workspaces/$ws/requests"
            $total += @($log.requests | Where-Object { $_.method -ne 'GET' }).Count
        }
        $total
    }
    function script:Wait-Running([string] $Region) {
        $deadline = (Get-Date).AddMinutes(1)
        do {
            Start-Sleep -Milliseconds 250
            $s = Get-DltDrStatus sales -Token $token
        } until ($s.$Region.PipelineState -eq 'RUNNING' -or (Get-Date) -gt $deadline)
    }
}

AfterAll {
    Remove-Variable -Name DltDrPairPath -Scope Global -ErrorAction Ignore
    if ($script:emulator -and -not $script:emulator.HasExited) { $script:emulator.Kill($true) }
    if ($script:store) { Remove-Item $script:store -Recurse -Force -ErrorAction Ignore }
}

Describe 'Publish-DltDrPipeline' {
    It 'shows the plan with -WhatIf and writes nothing' {
        $before = Get-Writes
        Publish-DltDrPipeline sales -Token $token -WhatIf | Should -BeNullOrEmpty
        Get-Writes | Should -Be $before
    }

    It 'deploys both regions, primary active' {
        $results = Publish-DltDrPipeline sales -Token $token -Confirm:$false
        $results.Count | Should -Be 2
        $results[0].Region | Should -Be 'Primary'
        $results[0].Role | Should -Be 'Active'
        $results[1].Role | Should -Be 'Standby'
        $results | ForEach-Object { $_.Pipeline | Should -Be 'Create' }
    }

    It 'makes no write when published again unchanged' {
        $before = Get-Writes
        $again = Publish-DltDrPipeline sales -Token $token -Confirm:$false
        $again | ForEach-Object { $_.Pipeline | Should -Be 'None'; $_.Job | Should -Be 'None' }
        Get-Writes | Should -Be $before
    }
}

Describe 'Get-DltDrStatus' {
    It 'shows the primary active and the standby stale until its first catch-up' {
        Wait-Running Primary
        $s = Get-DltDrStatus sales -Token $token
        $s.ActiveRegion | Should -Be 'Primary'
        $s.Primary.Mode | Should -Be 'Continuous'
        $s.Primary.CatchUpPaused | Should -BeTrue
        $s.Secondary.CatchUpPaused | Should -BeFalse
        $s.Problems.Code | Should -Contain 'StaleStandby'
    }

    It 'reports an unknown pair as PairNotFound' {
        { Get-DltDrStatus nothing-here -Token $token -ErrorAction Stop } | Should -Throw -ErrorId 'PairNotFound,DltDr.Cmdlets.GetDltDrStatusCommand'
    }
}

Describe 'Invoke-DltDrCatchUp' {
    It 'runs the standby catch-up to success' {
        $r = Invoke-DltDrCatchUp sales -Wait -Token $token -Confirm:$false
        $r.Region | Should -Be 'Secondary'
        $r.Result | Should -Be 'SUCCESS'
        (Get-DltDrStatus sales -Token $token).Healthy | Should -BeTrue
    }

    It 'refuses the active region' {
        { Invoke-DltDrCatchUp sales -Region Primary -Token $token -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'CatchUpOnActiveRegion,DltDr.Cmdlets.InvokeDltDrCatchUpCommand'
    }
}

Describe 'Set-DltDrActiveRegion' {
    It 'makes no write with -WhatIf' {
        $before = Get-Writes
        Set-DltDrActiveRegion sales Secondary -Token $token -WhatIf
        Get-Writes | Should -Be $before
    }

    It 'fails over to the secondary and measures the recovery time' {
        $r = Set-DltDrActiveRegion sales Secondary -Token $token -Confirm:$false
        $r.ActiveRegion | Should -Be 'Secondary'
        $r.Changed | Should -BeTrue
        $r.RecoveryTime | Should -BeGreaterThan ([TimeSpan]::Zero)
        (Get-DltDrStatus sales -Token $token).ActiveRegion | Should -Be 'Secondary'
    }

    It 'makes no write when run again' {
        $before = Get-Writes
        (Set-DltDrActiveRegion sales Secondary -Token $token -Confirm:$false).Changed | Should -BeFalse
        Get-Writes | Should -Be $before
    }

    It 'refuses without -Force when the other region is down, and fails over with it' {
        Set-DltDrActiveRegion sales Primary -Token $token -Confirm:$false | Out-Null
        Invoke-RestMethod -Method Post "$control/control/workspaces/primary/down" | Out-Null
        try {
            { Set-DltDrActiveRegion sales Secondary -Token $token -Confirm:$false -RegionTimeoutSec 5 -ErrorAction Stop } |
                Should -Throw -ErrorId 'OtherRegionUnreachable,DltDr.Cmdlets.SetDltDrActiveRegionCommand'
            $forced = Set-DltDrActiveRegion sales Secondary -Force -Token $token -Confirm:$false -RegionTimeoutSec 5 -WarningAction SilentlyContinue
            $forced.PendingDemotion | Should -BeTrue
        }
        finally {
            Invoke-RestMethod -Method Post "$control/control/workspaces/primary/up" | Out-Null
        }
        $done = Set-DltDrActiveRegion sales Secondary -Token $token -Confirm:$false
        $done.PendingDemotion | Should -BeFalse
        (Get-DltDrStatus sales -Token $token).Problems.Code | Should -Not -Contain 'BothActive'
    }

    It 'fails back to the primary' {
        (Set-DltDrActiveRegion sales Primary -Token $token -Confirm:$false).ActiveRegion | Should -Be 'Primary'
        (Get-DltDrStatus sales -Token $token).ActiveRegion | Should -Be 'Primary'
    }
}
