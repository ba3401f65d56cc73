BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'DltDr.TestHelpers.psm1') -Force
    Import-DltDrUnderTest
    $token = New-TestToken

    # A pair file of the store with a group and objectives of its own, then published.
    function Publish-ReportPair($Emulator, [string] $Folder, [string] $Name, [string] $Group, [hashtable] $Objectives) {
        $path = New-TestPairFile -Emulator $Emulator -Folder $Folder -Name $Name
        $pair = Get-Content $path -Raw | ConvertFrom-Json -AsHashtable
        if ($Group) { $pair.group = $Group }
        if ($Objectives) { $pair.objectives = $Objectives }
        $pair | ConvertTo-Json -Depth 20 | Set-Content -Path $path
        $null = Get-DltDrPair -Path $path | Publish-DltDrPipeline -Token $token -Force
    }

    # Switch records as an earlier drill left them in both regions' history (slow ones, before this run).
    function Add-HistoryRecord($Emulator, [string] $Pair, [object[]] $Records) {
        $path = "/Shared/dltdr/$Pair/dltdr-history.jsonl"
        foreach ($ws in 'primary', 'secondary') {
            $old = Invoke-WorkspaceApi $Emulator $ws GET "/api/2.0/workspace/export?path=$path&format=AUTO"
            $text = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($old.content))
            $text += ($Records | ForEach-Object { ($_ | ConvertTo-Json -Compress -Depth 5) + "`n" }) -join ''
            $null = Invoke-WorkspaceApi $Emulator $ws POST '/api/2.0/workspace/import' @{
                path = $path; format = 'AUTO'; overwrite = $true; content = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($text))
            }
        }
    }

    # What the rendered page shows, read from the DOM Chromium rendered.
    function Get-Shown([string] $Dom, [string] $Id) { [regex]::Match($Dom, "id=`"$Id`">([^<]*)<").Groups[1].Value }
}

# An estate on an emulated clock 100 times real time: a group with objectives in its file, a pair
# with its own, one never drilled, one with an empty history.
Describe 'Export-DltDrReport' -Tag 'Emulator' {
    BeforeAll {
        $emu = Start-TestWorld -Folder $TestDrive -ClockScale 100
        Set-Content -Path (Join-Path $TestDrive 'lake.group.json') -Value '{ "group": "lake", "objectives": { "recoveryTime": "10m", "standbyLag": "26h" } }'
        Publish-ReportPair $emu $TestDrive alpha lake
        Publish-ReportPair $emu $TestDrive beta lake
        Publish-ReportPair $emu $TestDrive gamma lake
        Publish-ReportPair $emu $TestDrive delta -Objectives @{ recoveryTime = '2m' }
        Publish-ReportPair $emu $TestDrive empty
        $global:DltDrPairPath = "$TestDrive"
        # Drills: there and back for alpha, beta and delta; gamma is only caught up.
        $null = Invoke-DltDrCatchUp -Pair alpha, beta, gamma, delta -Token $token -Wait
        $null = Set-DltDrActiveRegion -Pair alpha, beta, delta -Region Secondary -Token $token -Force
        $null = Set-DltDrActiveRegion -Pair alpha, beta, delta -Region Primary -Token $token -Force
        # delta's earlier drills were slow: 150 s, past its 2 minutes.
        $slow = foreach ($day in 10, 12, 14) {
            [ordered]@{ id = [guid]::NewGuid().ToString('n'); time = "2026-11-$($day)T03:00:00.000Z"; pair = 'delta'; operation = 'Switch'
                from = 'Primary'; to = 'Secondary'; planned = $true; identity = 'drill-bot@example.com'; steps = @(); recoverySeconds = 150
                durationSeconds = 170; outcome = 'Succeeded' }
        }
        Add-HistoryRecord $emu delta $slow
        # empty: no history at all in either region.
        foreach ($ws in 'primary', 'secondary') {
            $null = Invoke-WorkspaceApi $emu $ws POST '/api/2.0/workspace/delete' @{ path = '/Shared/dltdr/empty/dltdr-history.jsonl' }
        }
        $artifacts = Join-Path (Get-RepositoryRoot) 'TestResults/artifacts'
        $null = New-Item -ItemType Directory -Force -Path $artifacts
    }
    AfterAll {
        Remove-Variable -Name DltDrPairPath -Scope Global -ErrorAction Ignore
        Stop-TestWorld $emu
    }

    Context 'the page' {
        BeforeAll {
            $file = Join-Path $TestDrive 'report.html'
            $report = Export-DltDrReport -Path $file -Token $token -PassThru -WarningVariable warns -WarningAction SilentlyContinue
            $html = Get-Content $file -Raw
        }

        It 'judges each pair against its objectives and says why' {
            $report.Pairs.Pair | Should -Be @('alpha', 'beta', 'delta', 'empty', 'gamma')
            $byName = @{}; foreach ($p in $report.Pairs) { $byName[$p.Pair] = $p }
            $byName.alpha.Standing | Should -Be 'WithinObjectives' -Because ($byName.alpha.Reasons -join '; ')
            $byName.alpha.Objectives.RecoveryTimeFrom | Should -Be 'group lake'
            $byName.delta.Standing | Should -Be 'Failing'
            ($byName.delta.Reasons -join "`n") | Should -BeLike '*Expected recovery: * min: the median of the last 5 recoveries in the history (*): *s past the recovery time objective of 2m (set by the pair)*'
            $byName.gamma.Standing | Should -Be 'AtRisk'
            # Each reason for "at risk" names the command that clears it.
            $byName.gamma.Reasons | Should -Contain ('No drill (a planned switch that succeeded) since ' + $report.Since.ToString('yyyy-MM-dd') +
                ': drill it with Set-DltDrActiveRegion -Pair gamma -Region secondary, then Set-DltDrActiveRegion -Pair gamma -Region primary.')
            $byName.empty.Standing | Should -Be 'AtRisk'
            $byName.empty.Switches | Should -BeNullOrEmpty
            $report.WithinObjectives, $report.AtRisk, $report.Failing | Should -Be @(2, 2, 1)
            $warns | Should -BeNullOrEmpty
        }

        It 'shows its data in the tables the help''s Example 2 shows' {
            $page = Get-Content (Join-Path (Get-RepositoryRoot) 'docs/Export-DltDrReport.md') -Raw
            $example = [regex]::Match($page, '(?s)### Example 2:.*?```powershell(.*?)```').Groups[1].Value -split "`n" | ForEach-Object TrimEnd
            foreach ($shown in @($report | Out-String -Width 80), @($report.Pairs | Out-String -Width 80)) {
                $header = @($shown -split "`r?`n" | Where-Object { $_ -match '^(Since|Pair)\s' })[0].TrimEnd()
                $example | Should -Contain $header
            }
            @($report.Pairs | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ -match '^alpha\s' } | Should -Match '^alpha\s+WithinObjectives Primary\s'
        }

        It 'is one self-contained file: no script, nothing loaded from anywhere, made for A4' {
            $html | Should -BeLike '*<meta http-equiv="Content-Security-Policy" content="default-src ''none''; style-src ''unsafe-inline''; img-src data:">*'
            $html | Should -Not -Match '<script'
            $html | Should -Not -Match '\s(src|href)="(?!#)'
            $html | Should -BeLike '*@page { size: A4;*'
        }

        It 'renders in a real browser as the data says, with no console error and no request leaving the file' -Tag 'Process' {
            $shot = Join-Path $artifacts 'dr-report.png'
            $page = Invoke-HeadlessChromium -Path $file -Screenshot $shot -Folder $TestDrive
            Copy-Item $file (Join-Path $artifacts 'dr-report.html')
            $page.Console | Should -BeNullOrEmpty
            $page.Requests | Should -BeNullOrEmpty
            (Get-Item $shot).Length | Should -BeGreaterThan 10kb
            # The summary a reader sees first.
            Get-Shown $page.Dom 'count-within' | Should -Be '2'
            Get-Shown $page.Dom 'count-at-risk' | Should -Be '2'
            Get-Shown $page.Dom 'count-failing' | Should -Be '1'
            # Each pair's section, with its standing.
            foreach ($p in $report.Pairs) {
                $page.Dom | Should -Match "<section class=`"pair`" id=`"pair-$($p.Pair)`" data-pair=`"$($p.Pair)`" data-standing=`"$($p.Standing)`">"
                $page.Dom | Should -Match "<a href=`"#pair-$($p.Pair)`">$($p.Pair)</a>"
            }
            # delta's chart: a point per measured recovery, above the objective's line when past it.
            $section = [regex]::Match($page.Dom, '(?s)<section class="pair" id="pair-delta".*?</section>').Value
            $svg = [regex]::Match($section, '(?s)<svg class="recovery-chart".*?</svg>').Value
            $svg | Should -Match 'data-objective-seconds="120"'
            $line = [regex]::Match($svg, '<line class="objective" x1="[\d.]+" y1="([\d.]+)"')
            $objectiveY = [double]$line.Groups[1].Value
            $points = [regex]::Matches($svg, '<circle class="point (within|past)[^"]*" cx="[\d.]+" cy="([\d.]+)" r="5" data-recovery-seconds="([\d.]+)"')
            $points.Count | Should -Be @(@($report.Pairs | Where-Object Pair -EQ delta)[0].Recoveries).Count
            $points.Count | Should -Be 5
            foreach ($pt in $points) {
                $past = [double]$pt.Groups[3].Value -gt 120
                $pt.Groups[1].Value | Should -Be $(if ($past) { 'past' } else { 'within' })
                ([double]$pt.Groups[2].Value -lt $objectiveY) | Should -Be $past -Because 'a recovery past the objective is drawn above its line'
            }
            @($points | Where-Object { $_.Groups[1].Value -eq 'past' }).Count | Should -Be 3
            # Both axes say what they measure, in units, with ticks; the objective's line says what it is.
            $svg | Should -Match '<text class="axis-title" id="chart-delta-y-title"[^>]*>recovery time</text>'
            $svg | Should -Match '<text class="axis-title" id="chart-delta-x-title"[^>]*>date of the switch \(UTC\)</text>'
            $yTicks = [regex]::Matches($svg, '<text class="tick y-tick"[^>]*data-seconds="([\d.]+)">([^<]+)</text>')
            $yTicks.Count | Should -BeGreaterOrEqual 3
            $yTicks[0].Groups[2].Value | Should -Be '0s'
            @($yTicks | ForEach-Object { $_.Groups[2].Value }) | Should -Contain '2m'
            $xTicks = [regex]::Matches($svg, '<text class="tick x-tick"[^>]*data-date="(\d{4}-\d\d-\d\d)">\1</text>')
            $xTicks.Count | Should -BeGreaterOrEqual 3
            $svg | Should -Match '<text class="objective-label"[^>]*>recovery time objective 2m</text>'
            # No point hides another: every two are apart by more than a point's width.
            $at = @([regex]::Matches($svg, '<circle class="point[^"]*" cx="([\d.]+)" cy="([\d.]+)"') | ForEach-Object { [pscustomobject]@{ X = [double]$_.Groups[1].Value; Y = [double]$_.Groups[2].Value } })
            for ($i = 0; $i -lt $at.Count; $i++) {
                for ($j = $i + 1; $j -lt $at.Count; $j++) {
                    [math]::Sqrt([math]::Pow($at[$i].X - $at[$j].X, 2) + [math]::Pow($at[$i].Y - $at[$j].Y, 2)) | Should -BeGreaterThan 10 -Because "points $i and $j should not hide each other"
                }
            }
            # The chart in words, for a screen reader and a printout.
            $svg | Should -Match '<desc id="chart-delta-desc">5 measured recoveries against the recovery time objective of 2m: 2026-11-10 2m 30s \(past it\)'
            # The empty history says so, and the switches of a drilled pair are a real table.
            [regex]::Match($page.Dom, '(?s)<section class="pair" id="pair-empty".*?</section>').Value | Should -BeLike '*None recorded in this period.*no measured recovery in this period*'
            [regex]::Matches($section, '<tr><td>2026-').Count | Should -Be 5
        }
    }

    Context 'a region down' {
        It 'still renders from the other region and says plainly what it could not read' -Tag 'Process' {
            $file = Join-Path $TestDrive 'report-down.html'
            $null = Invoke-EmulatorControl $emu POST 'workspaces/primary/down'
            try {
                $report = Export-DltDrReport -Pair alpha, delta -Path $file -Token $token -RegionTimeoutSec 2 -PassThru -WarningVariable warns -WarningAction SilentlyContinue
            }
            finally { $null = Invoke-EmulatorControl $emu POST 'workspaces/primary/up' }
            $warns.Count | Should -Be 2
            @($warns.Message -like 'alpha: the history in primary could not be read (*); this report shows secondary''s, which has every switch that region answered for.').Count | Should -Be 1
            $alpha = $report.Pairs | Where-Object Pair -EQ alpha
            $alpha.Switches.Count | Should -Be 2
            $alpha.Standing | Should -Be 'Failing'
            $page = Invoke-HeadlessChromium -Path $file -Folder $TestDrive
            $page.Console | Should -BeNullOrEmpty
            $page.Dom | Should -BeLike '*<p class="unread">Could not be read: the history in primary could not be read*'
            $page.Dom | Should -BeLike '*not read: Primary: unreachable*'
            Get-Shown $page.Dom 'count-failing' | Should -Be '2'
        }
    }

    Context 'as a command' {
        It 'takes pairs from the pipeline, and -WhatIf says what it would write, reading and writing nothing' -Tag 'Process' {
            $file = Join-Path $TestDrive 'whatif.html'
            $before = foreach ($ws in 'primary', 'secondary') { (Invoke-EmulatorControl $emu GET "workspaces/$ws/requests").last_sequence }
            # In a child pwsh: its What if: line is the host's text.
            $run = Invoke-Snippet -Script "Get-DltDrPair alpha, beta | Export-DltDrReport -Path '$file' -WhatIf" -PairPath $TestDrive
            $run.ExitCode | Should -Be 0 -Because $run.Error
            $run.Output | Should -BeLike ('*What if: Performing the operation "Write the DR report of 2 pair(s) since *" on target "{0}".*' -f $file)
            $file | Should -Not -Exist
            $after = foreach ($ws in 'primary', 'secondary') { (Invoke-EmulatorControl $emu GET "workspaces/$ws/requests").last_sequence }
            $after | Should -Be $before
            (Get-DltDrPair beta | Export-DltDrReport -Path $file -Token $token -PassThru).Pairs.Pair | Should -Be @('beta')
            $file | Should -Exist
        }

        It 'refuses a -Path in a folder that does not exist, naming it, and reads nothing' {
            $file = Join-Path $TestDrive 'nowhere/report.html'
            { Export-DltDrReport -Pair alpha -Path $file -Token $token -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidReportParameter,DltDr.Cmdlets.ExportDltDrReportCommand'
            { Export-DltDrReport -Pair alpha -Path $file -Token $token -ErrorAction Stop } | Should -Throw "-Path '$file': the folder '$(Split-Path $file)' does not exist.*"
            $file | Should -Not -Exist
        }
    }

    Context 'objectives in status and readiness' {
        It 'names a standby lag past its objective, by how much' {
            Publish-ReportPair $emu $TestDrive lagging -Objectives @{ standbyLag = '1m' }
            $null = Invoke-DltDrCatchUp -Pair lagging -Token $token -Wait
            # The active region runs on, the standby waits for its schedule: a minute of emulated time is 0.6 s.
            $s = Wait-TestCondition $emu { $r = Get-DltDrStatus lagging -Token $token; if ($r.Problems.Code -contains 'StandbyLagPastObjective') { $r } }
            $p = $s.Problems | Where-Object Code -EQ 'StandbyLagPastObjective'
            $p.Severity | Should -Be 'Error'
            $p.Message | Should -Match '^secondary is .* behind the active region, .* past the standby lag objective of 1m \(set by the pair\)\. Run Invoke-DltDrCatchUp -Pair lagging\.$'
            (Test-DltDrFailover lagging -Token $token -SkipValidation).Failed.Name | Should -Contain 'StandbyLag'
        }

        It 'fails Test-DltDrFailover when the expected recovery is past its objective' {
            $r = Test-DltDrFailover delta -Token $token -SkipValidation
            $check = $r.Checks | Where-Object Name -EQ 'ExpectedRecovery'
            $check.Outcome | Should -Be 'Failed'
            $check.Detail | Should -BeLike '* min: the median of the last 5 recoveries in the history (*): 30s past the recovery time objective of 2m (set by the pair)'
            $r.Ready | Should -BeFalse
            (Test-DltDrFailover alpha -Token $token -SkipValidation | ForEach-Object Checks | Where-Object Name -EQ 'ExpectedRecovery').Detail |
                Should -BeLike '*: within the recovery time objective of 10m (set by group lake)'
        }
    }
}
