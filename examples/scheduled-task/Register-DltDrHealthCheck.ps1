<#
.SYNOPSIS
    Schedules the nightly DltDr health check (../Test-DltDrHealth.ps1), or with -Job Report the
    monthly DR report (../Export-DltDrMonthlyReport.ps1): a Windows scheduled task, or on Linux a
    systemd timer (or a cron line).

.DESCRIPTION
    The check runs in its own pwsh (or Windows PowerShell) process, non-interactive, with the pair
    store given explicitly, and fails the run (exit code 1) when a pair is unhealthy or cannot be
    checked: Task Scheduler shows "Last Run Result 0x1", systemd marks the service failed
    (OnFailure= can page someone), cron mails the output.

    On Windows it registers a task with Register-ScheduledTask that runs as the given user without
    storing a password (S4U logon: the user's own rights, no network credentials; the workspaces are
    reached with the pair's auth, for example a service principal's environment or an Azure managed
    identity). On Linux it writes dltdr-health.service and dltdr-health.timer for systemd (the user's
    own units by default) and prints the commands to enable them; -Cron prints a crontab line instead.

    The job runs the pwsh given with -Pwsh, by default the one on PATH: a path that stays where it
    is (never one inside the NuGet package cache, as 'dotnet pwsh' runs from, which a cache clean-up
    or an update removes). Credentials stay out of the unit: -EnvironmentFile names a file (mode
    600) of KEY=value lines, for example DATABRICKS_TOKEN or DATABRICKS_CLIENT_ID and
    DATABRICKS_CLIENT_SECRET, that systemd (EnvironmentFile=) or the cron line (sourced) reads at
    each run; the unit carries PSModulePath for the module this session has. Before anything is
    written, that pwsh is asked to import DltDr as the job will: if it cannot, nothing is registered.

    -WhatIf shows what would be registered or written.

.EXAMPLE
    # Windows, every day at 06:00, the pairs in D:\dltdr\pairs:
    .\Register-DltDrHealthCheck.ps1 -PairPath D:\dltdr\pairs -At 06:00

.EXAMPLE
    # Linux, systemd user units, credentials in a file only the user reads; then:
    # systemctl --user daemon-reload; systemctl --user enable --now dltdr-health.timer
    ./Register-DltDrHealthCheck.ps1 -PairPath /etc/dltdr/pairs -At 06:00 -EnvironmentFile ~/.config/dltdr/health.env

.EXAMPLE
    # The monthly DR report into a file share, run daily (the first run of a month writes it):
    ./Register-DltDrHealthCheck.ps1 -Job Report -ReportFolder /srv/share/dr-reports -PairPath /etc/dltdr/pairs -At 07:00

.EXAMPLE
    # Linux, a line for crontab -e:
    ./Register-DltDrHealthCheck.ps1 -PairPath /etc/dltdr/pairs -At 06:00 -Cron
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    # The folders of the pair files the check reads.
    [Parameter(Mandatory)]
    [string[]] $PairPath,

    # Which pairs (wildcards allowed); all of them when left out.
    [string[]] $Pair = '*',

    # The time of day, local time of the machine.
    [ValidatePattern('^([01]?\d|2[0-3]):[0-5]\d$')]
    [string] $At = '06:00',

    # Which job: the nightly health check, or the monthly DR report (written by the first run of a month).
    [ValidateSet('Health', 'Report')]
    [string] $Job = 'Health',

    # With -Job Report: the folder the monthly report files go to.
    [string] $ReportFolder,

    # The name of the task (Windows) or of the systemd units (Linux): dltdr-health or dltdr-report by default.
    [ValidatePattern('^[A-Za-z0-9][A-Za-z0-9_.-]*$')]
    [string] $Name,

    # Windows: the account the task runs as (default: the current user).
    [string] $User = $(if ($env:USERDOMAIN) { "$env:USERDOMAIN\$env:USERNAME" } else { $env:USERNAME }),

    # Linux: where the systemd units go (default: the user's units, ~/.config/systemd/user).
    [string] $SystemdDirectory = (Join-Path $HOME '.config/systemd/user'),

    # Linux: print a crontab line instead of writing systemd units.
    [switch] $Cron,

    # The PowerShell the job runs: pwsh from PATH by default (on Windows PowerShell, powershell.exe).
    [string] $Pwsh,

    # Linux: a file of KEY=value lines (credentials, DLTDR_* settings) the job reads at each run.
    [string] $EnvironmentFile
)

$ErrorActionPreference = 'Stop'
$jobScript = if ($Job -eq 'Report') { '../Export-DltDrMonthlyReport.ps1' } else { '../Test-DltDrHealth.ps1' }
$check = (Resolve-Path (Join-Path $PSScriptRoot $jobScript)).Path
if (-not $Name) { $Name = if ($Job -eq 'Report') { 'dltdr-report' } else { 'dltdr-health' } }
$what = if ($Job -eq 'Report') { 'DltDr monthly DR report of DLT pipeline pairs' } else { 'DltDr nightly health check of DLT pipeline pairs' }
if ($Job -eq 'Report') {
    if (-not $ReportFolder) { throw '-Job Report needs -ReportFolder: the folder the monthly report files go to. Nothing was registered.' }
    $ReportFolder = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ReportFolder)
    if (-not (Test-Path -LiteralPath $ReportFolder -PathType Container)) { throw "The report folder '$ReportFolder' does not exist: create it first. Nothing was registered." }
}
$folders = @($PairPath | ForEach-Object { $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($_) })
foreach ($f in $folders) {
    if (-not (Test-Path -LiteralPath $f -PathType Container)) { throw "The pair folder '$f' does not exist: -PairPath names the folders of your pair files." }
}

# The PowerShell the job runs: a path that stays put. 'dotnet pwsh' runs from the NuGet package
# cache, which a clean-up or an update removes, so that one is refused.
$desktop = $PSVersionTable.PSEdition -eq 'Desktop'
if (-not $Pwsh) {
    $Pwsh = if ($desktop) { [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName }
    else { (Get-Command pwsh -CommandType Application -ErrorAction Ignore | Select-Object -First 1).Source }
    if (-not $Pwsh) {
        throw "No pwsh was found on PATH for the job to run. Install PowerShell (https://aka.ms/powershell), or name it with -Pwsh PATH; nothing was registered."
    }
}
$Pwsh = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Pwsh)
if ($Pwsh -match '[\\/]\.nuget[\\/]packages[\\/]' -or $Pwsh -match '[\\/]\.dotnet[\\/]tools[\\/]') {
    throw "The pwsh '$Pwsh' is inside a .NET package or tool cache, which a clean-up or an update removes: the job would stop running. Install PowerShell (https://aka.ms/powershell) and pass its path with -Pwsh; nothing was registered."
}
if (-not (Test-Path -LiteralPath $Pwsh -PathType Leaf)) { throw "The pwsh '$Pwsh' does not exist: -Pwsh names the PowerShell executable the job runs; nothing was registered." }
if ($EnvironmentFile) {
    $EnvironmentFile = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($EnvironmentFile)
    if (-not (Test-Path -LiteralPath $EnvironmentFile -PathType Leaf)) {
        throw "The environment file '$EnvironmentFile' does not exist: write the job's credentials there (KEY=value lines, mode 600) first; nothing was registered."
    }
}

# The module the job imports: the one this session finds by name (its folder goes in the job's
# PSModulePath), else the build beside these examples, as the check itself falls back to.
$found = Get-Module -ListAvailable DltDr | Sort-Object Version -Descending | Select-Object -First 1
$modulePath = $null
if ($found) {
    $dir = [IO.DirectoryInfo]::new($found.ModuleBase)
    while ($dir -and $dir.Name -ne 'DltDr') { $dir = $dir.Parent }
    if ($dir) { $modulePath = $dir.Parent.FullName }
}

# Ask that pwsh to import DltDr as the job will; refuse to register a job that cannot.
$built = Join-Path (Split-Path $check) '../out/DltDr/DltDr.psd1'
$probe = "try { Import-Module DltDr -ErrorAction Stop } catch { Import-Module '$($built.Replace("'", "''"))' -ErrorAction Stop }; (Get-Module DltDr).ModuleBase"
$info = [Diagnostics.ProcessStartInfo]::new($Pwsh)
foreach ($a in @('-NoProfile', '-NonInteractive', '-Command', $probe)) { $info.ArgumentList.Add($a) }
$info.RedirectStandardOutput = $true
$info.RedirectStandardError = $true
$info.UseShellExecute = $false
if ($modulePath) { $info.Environment['PSModulePath'] = $modulePath } else { $null = $info.Environment.Remove('PSModulePath') }
$p = [Diagnostics.Process]::Start($info)
$probeError = $p.StandardError.ReadToEndAsync()
$loaded = $p.StandardOutput.ReadToEnd().Trim()
$p.WaitForExit()
if ($p.ExitCode -ne 0) {
    throw "The job's pwsh ($Pwsh) could not import the DltDr module, so the check would fail every night: $($probeError.Result.Trim()) Install the module (README: Install) or build it beside these examples (dotnet build -c Release); nothing was registered."
}
Write-Verbose "The job's pwsh imports DltDr from $loaded."

$exe = $Pwsh
$arguments = if ($Job -eq 'Report') {
    @('-NoProfile', '-NonInteractive', '-File', $check, '-PairPath', ($folders -join [IO.Path]::PathSeparator), '-OutputFolder', $ReportFolder)
}
else {
    @('-NoProfile', '-NonInteractive', '-File', $check, '-Pair', ($Pair -join ','), '-PairPath', ($folders -join [IO.Path]::PathSeparator))
}
$hour, $minute = $At.Split(':') | ForEach-Object { [int]$_ }

# One argument as systemd's ExecStart reads it: double quotes, '%' and '$' doubled (its specifiers and variables).
function Format-SystemdArgument([string] $a) {
    $a = $a.Replace('%', '%%').Replace('$', '$$')
    if ($a -match '^[\w./:,=@+-]+$') { return $a }
    '"' + ($a -replace '(["\\])', '\$1') + '"'
}

# One argument as cron's /bin/sh reads it: single quotes (no globbing of 'sales*'), and '%' escaped for cron.
function Format-ShellArgument([string] $a) {
    if ($a -notmatch '^[\w./:,=@+-]+$') { $a = "'" + $a.Replace("'", "'\''") + "'" }
    $a.Replace('%', '\%')
}

if ($IsWindows -or $desktop) {
    $argumentLine = ($arguments | ForEach-Object { if ($_ -match '\s') { '"' + $_ + '"' } else { $_ } }) -join ' '
    if ($PSCmdlet.ShouldProcess("scheduled task '$Name' as $User, daily at $At", "Register: $exe $argumentLine")) {
        $action = New-ScheduledTaskAction -Execute $exe -Argument $argumentLine -WorkingDirectory (Split-Path $check)
        $trigger = New-ScheduledTaskTrigger -Daily -At ([datetime]::Today.AddHours($hour).AddMinutes($minute))
        $principal = New-ScheduledTaskPrincipal -UserId $User -LogonType S4U -RunLevel Limited
        # A run that hangs is stopped after an hour; a missed run (machine off) runs when it is back.
        $settings = New-ScheduledTaskSettingsSet -ExecutionTimeLimit (New-TimeSpan -Hours 1) -StartWhenAvailable -MultipleInstances IgnoreNew
        Register-ScheduledTask -TaskName $Name -Action $action -Trigger $trigger -Principal $principal -Settings $settings -Description "$what; Last Run Result 0x1 means it failed (see its output)." -Force
    }
    return
}

$all = @($exe) + $arguments
if ($Cron) {
    # cron mails a job's output to its owner when it fails; the exit code says whether it failed.
    # The environment file is read at each run (set -a exports what it sets); no secret is in the line.
    $environment = @()
    if ($EnvironmentFile) { $environment += "set -a; . $(Format-ShellArgument $EnvironmentFile); set +a;" }
    if ($modulePath) { $environment += "PSModulePath=$(Format-ShellArgument $modulePath)" }
    "$minute $hour * * *  $((@($environment) + @($all | ForEach-Object { Format-ShellArgument $_ })) -join ' ')"
    return
}
$command = ($all | ForEach-Object { Format-SystemdArgument $_ }) -join ' '
$environmentLines = @()
if ($modulePath) { $environmentLines += "Environment=$(Format-SystemdArgument "PSModulePath=$modulePath")" }
if ($EnvironmentFile) { $environmentLines += "EnvironmentFile=$EnvironmentFile" }

$service = @"
[Unit]
Description=$what
Documentation=https://github.com/dltdr/DltDr/blob/main/examples/$(Split-Path $check -Leaf)

[Service]
Type=oneshot
WorkingDirectory=$(Split-Path $check)
$($environmentLines -join "`n")
ExecStart=$command
TimeoutStartSec=3600
"@
$timer = @"
[Unit]
Description=Run $Name.service daily at $At

[Timer]
OnCalendar=*-*-* $('{0:00}:{1:00}:00' -f $hour, $minute)
Persistent=true
RandomizedDelaySec=120

[Install]
WantedBy=timers.target
"@
$servicePath = Join-Path $SystemdDirectory "$Name.service"
$timerPath = Join-Path $SystemdDirectory "$Name.timer"
if ($PSCmdlet.ShouldProcess("$servicePath and $timerPath", 'Write systemd units')) {
    $null = New-Item -ItemType Directory -Force -Path $SystemdDirectory
    Set-Content -LiteralPath $servicePath -Value $service -Encoding utf8
    Set-Content -LiteralPath $timerPath -Value $timer -Encoding utf8
    $scope = if ($SystemdDirectory -like '/etc/*') { '' } else { '--user ' }
    "Wrote $servicePath and $timerPath. Enable them with:"
    "  systemctl ${scope}daemon-reload && systemctl ${scope}enable --now $Name.timer"
    "A failed check shows in: systemctl ${scope}status $Name.service (add OnFailure= to page someone)."
}
