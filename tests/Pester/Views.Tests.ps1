BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'DltDr.TestHelpers.psm1') -Force
    Import-DltDrUnderTest
    $token = New-TestToken

    # Renders $Object with $View at 80 and at 120 columns: no line is longer than the console, and every
    # word of every text in $Texts stands whole on one line (PowerShell's own wrapping splits words).
    function Assert-Whole {
        param([Parameter(Mandatory)] $Object, [string[]] $Texts, [scriptblock] $View = { $input | Out-String -Width $args[0] })
        foreach ($width in 80, 120) {
            $rendered = $Object | & $View $width
            $lines = $rendered -split "`r?`n"
            foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual $width -Because "at $width columns: '$line'" }
            $flat = $lines | ForEach-Object { $_.Trim() }
            foreach ($text in $Texts | Where-Object { $_ }) {
                foreach ($word in $text -split '\s+' | Where-Object { $_ }) {
                    ($flat | Where-Object { $_.Contains($word) }) | Should -Not -BeNullOrEmpty -Because "'$word' (of '$text') should stand whole at $width columns:`n$rendered"
                }
            }
        }
    }
}

# Every output type of the module, with real data from emulated workspaces, at 80 and 120 columns.
Describe 'Format views' -Tag 'Emulator' {
    BeforeAll {
        $emu = Start-TestWorld -Folder $TestDrive -ClockScale 100
        $null = New-TestPairFile $emu $TestDrive -Name sales
        $published = Publish-DltDrPipeline sales -Token $token -Force
    }
    AfterAll { Stop-TestWorld $emu }

    It 'shows a pair definition whole, in its table and its list' {
        $p = Get-DltDrPair sales
        Assert-Whole $p -Texts $p.CatchUp.ToString()
        Assert-Whole $p -Texts $p.CatchUp.ToString(), $p.Notebooks.ToString() -View { $input | Format-List | Out-String -Width $args[0] }
    }

    It 'shows a publish whole' {
        Assert-Whole $published -Texts ($published | ForEach-Object { "$($_.Pair) $($_.Region) $($_.Role)" })
    }

    It 'shows a status with each problem, its severity and its fix, by default, whole' {
        $s = Get-DltDrStatus sales -Token $token
        $s.Problems | Should -Not -BeNullOrEmpty -Because 'the standby was never caught up'
        $card = $s | Out-String -Width 80
        foreach ($p in $s.Problems) {
            $card | Should -Match ([regex]::Escape("$($p.Severity.ToString().ToLowerInvariant())")) -Because 'each problem says its severity'
            $card | Should -Match ([regex]::Escape($p.Code))
            $card | Should -Match 'Fix: Run Invoke-DltDrCatchUp -Pair sales\.'
        }
        Assert-Whole $s -Texts ($s.Problems | ForEach-Object { $_.Summary; $_.Fix })
        Assert-Whole $s -Texts ($s.Problems.Code -join ', ') -View { $input | Format-Table | Out-String -Width $args[0] }
        Assert-Whole $s -Texts ($s.Problems | ForEach-Object ToString) -View { $input | Format-List | Out-String -Width $args[0] }
        Assert-Whole $s.Problems -Texts $s.Problems.Message
        Assert-Whole $s.Primary, $s.Secondary -Texts 'Primary', 'Secondary'
    }

    It 'shows drift field by field, whole' {
        Edit-TestPipeline $emu primary { param($spec) $spec.configuration.mode = 'a value that differs from the definition' }
        $drift = (Get-DltDrStatus sales -Token $token).Primary.Drift
        $drift | Should -Not -BeNullOrEmpty
        Assert-Whole $drift -Texts ($drift | ForEach-Object { $_.Field; $_.CurrentJson; $_.DesiredJson })
        $null = Publish-DltDrPipeline sales -Token $token -Force
    }

    It 'shows a catch-up whole' {
        $r = Invoke-DltDrCatchUp sales -Token $token
        Assert-Whole $r -Texts "$($r.Pair) $($r.RunId)"
        Assert-Whole $r -Texts $r.Message -View { $input | Format-List | Out-String -Width $args[0] }
    }

    It 'shows a switch and its steps whole, in the table, the list and the steps table' {
        $r = Set-DltDrActiveRegion sales Secondary -Token $token -Force
        Assert-Whole $r -Texts "$($r.Pair) $($r.ActiveRegion)"
        Assert-Whole $r.Steps -Texts ($r.Steps | ForEach-Object { $_.Action; $_.Outcome })
        Assert-Whole $r -Texts ($r.Steps | ForEach-Object { $_.Action; $_.Outcome }) -View { $input | Format-List | Out-String -Width $args[0] }
    }

    It 'shows the history with who did what, by default, whole' {
        $h = Get-DltDrHistory sales -Token $token
        $h | Should -Not -BeNullOrEmpty
        $card = $h | Out-String -Width 80
        foreach ($r in $h) { $card | Should -Match ([regex]::Escape("by $($r.Identity)")) -Because 'the default view says who' }
        Assert-Whole $h -Texts ($h | ForEach-Object { $_.Identity; $_.Outcome })
        Assert-Whole $h -Texts ($h | ForEach-Object Outcome) -View { $input | Format-Table | Out-String -Width $args[0] }
        Assert-Whole $h -Texts ($h | ForEach-Object { $_.Message; $_.Steps }) -View { $input | Format-List | Out-String -Width $args[0] }
    }

    It 'shows a readiness test and its checks whole' {
        $r = Test-DltDrFailover sales -Token $token -SkipValidation
        Assert-Whole $r -Texts ($r.Failed | ForEach-Object Name)
        Assert-Whole $r.Checks -Texts ($r.Checks | ForEach-Object Detail)
        Assert-Whole $r -Texts ($r.Checks | ForEach-Object Detail) -View { $input | Format-List | Out-String -Width $args[0] }
    }

    It 'shows a pair drafted from a live pipeline whole' {
        $draft = New-DltDrPair sales-dlt -PrimaryHost $emu.Primary -SecondaryHost $emu.Secondary -Token $token -Path (Join-Path $TestDrive 'drafts') -WarningAction SilentlyContinue
        Assert-Whole $draft -Texts "$($draft.Pair) $($draft.CatchUp), the default"
    }

    It 'shows a report and its pairs whole' {
        $report = Export-DltDrReport sales -Path (Join-Path $TestDrive 'r.html') -Token $token -PassThru
        Assert-Whole $report -Texts 'Since'
        Assert-Whole $report.Pairs -Texts ($report.Pairs | ForEach-Object { "$($_.Pair) $($_.Standing)" })
    }
}
