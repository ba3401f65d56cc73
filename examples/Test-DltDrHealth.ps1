<#
.SYNOPSIS
    Nightly health check of DLT pipeline pairs: exits 0 when every pair is healthy, 1 when any pair
    has a problem, 2 when a pair could not be checked; and says why.

.DESCRIPTION
    Schedule it after the standby's catch-up (for example at 06:00), from Task Scheduler, cron, a CI
    schedule or an Automation schedule, and alert on a non-zero exit code. It reads every pair in the
    pair store (or those given) and prints one line per problem: pair, code, region and the sentence
    Get-DltDrStatus gives, such as a stale standby, a failing catch-up, both or neither region active,
    a pending demotion or settings drift.

.EXAMPLE
    # Windows Task Scheduler, every day at 06:00:
    $action = New-ScheduledTaskAction -Execute pwsh -Argument '-NoProfile -File C:\dltdr\Test-DltDrHealth.ps1'
    Register-ScheduledTask -TaskName 'DltDr health' -Action $action -Trigger (New-ScheduledTaskTrigger -Daily -At 6am)

.EXAMPLE
    # cron on Linux:
    # 0 6 * * *  pwsh -NoProfile -File /opt/dltdr/Test-DltDrHealth.ps1 -Pair 'sales*' || notify-oncall
#>
param(
    # Pair names (wildcards allowed); every pair in the store when left out.
    [string[]] $Pair = '*',

    # How long after a scheduled catch-up the standby may still be catching up.
    [int] $CatchUpGraceMinutes = 60,

    # A token for the workspaces (otherwise each region's auth settings are used).
    [securestring] $Token
)

Import-Module DltDr
$auth = @{}
if ($Token) { $auth.Token = $Token }

$statuses = @(Get-DltDrPair -Name $Pair -ErrorAction SilentlyContinue -ErrorVariable pairErrors |
    Get-DltDrStatus -CatchUpGraceMinutes $CatchUpGraceMinutes -ErrorAction SilentlyContinue -ErrorVariable statusErrors @auth)
$failures = @($pairErrors) + @($statusErrors)

$problems = 0
foreach ($s in $statuses) {
    if ($s.Healthy) {
        "OK      $($s.Pair): $($s.ActiveRegion) active."
        continue
    }
    foreach ($p in $s.Problems) {
        $problems++
        "PROBLEM $($s.Pair): $($p.Code)$(if ($null -ne $p.Region) { " ($($p.Region))" }): $($p.Message)"
    }
}
foreach ($f in $failures) {
    "ERROR   $($f.FullyQualifiedErrorId): $($f.Exception.Message)"
}

if ($statuses.Count -eq 0 -and $failures.Count -eq 0) {
    "No pair matches '$($Pair -join "', '")': nothing was checked. Set `$env:DLTDR_PAIR_PATH to the folder of your pair files."
    exit 2
}
if ($failures.Count -gt 0) {
    "$($failures.Count) pair(s) could not be checked."
    exit 2
}
if ($problems -gt 0) {
    "$problems problem(s) in $(@($statuses | Where-Object { -not $_.Healthy }).Count) of $($statuses.Count) pair(s)."
    exit 1
}
"All $($statuses.Count) pair(s) healthy."
exit 0
