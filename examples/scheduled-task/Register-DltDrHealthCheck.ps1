<#
.SYNOPSIS
    Schedules the nightly DltDr health check (../Test-DltDrHealth.ps1): a Windows scheduled task,
    or on Linux a systemd timer (or a cron line).

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

    -WhatIf shows what would be registered or written.

.EXAMPLE
    # Windows, every day at 06:00, the pairs in D:\dltdr\pairs:
    .\Register-DltDrHealthCheck.ps1 -PairPath D:\dltdr\pairs -At 06:00

.EXAMPLE
    # Linux, systemd user units; then: systemctl --user daemon-reload; systemctl --user enable --now dltdr-health.timer
    ./Register-DltDrHealthCheck.ps1 -PairPath /etc/dltdr/pairs -At 06:00

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

    # The name of the task (Windows) or of the systemd units (Linux).
    [ValidatePattern('^[A-Za-z0-9][A-Za-z0-9_.-]*$')]
    [string] $Name = 'dltdr-health',

    # Windows: the account the task runs as (default: the current user).
    [string] $User = $(if ($env:USERDOMAIN) { "$env:USERDOMAIN\$env:USERNAME" } else { $env:USERNAME }),

    # Linux: where the systemd units go (default: the user's units, ~/.config/systemd/user).
    [string] $SystemdDirectory = (Join-Path $HOME '.config/systemd/user'),

    # Linux: print a crontab line instead of writing systemd units.
    [switch] $Cron
)

$ErrorActionPreference = 'Stop'
$check = (Resolve-Path (Join-Path $PSScriptRoot '../Test-DltDrHealth.ps1')).Path
$folders = @($PairPath | ForEach-Object { $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($_) })
foreach ($f in $folders) {
    if (-not (Test-Path -LiteralPath $f -PathType Container)) { throw "The pair folder '$f' does not exist: -PairPath names the folders of your pair files." }
}

# The PowerShell that runs this script runs the check too: pwsh, powershell.exe, or 'dotnet pwsh.dll' for the local tool.
$exe = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
$prefix = @()
if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
$arguments = $prefix + @('-NoProfile', '-NonInteractive', '-File', $check, '-Pair', ($Pair -join ','), '-PairPath', ($folders -join [IO.Path]::PathSeparator))
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

if ($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') {
    $argumentLine = ($arguments | ForEach-Object { if ($_ -match '\s') { '"' + $_ + '"' } else { $_ } }) -join ' '
    if ($PSCmdlet.ShouldProcess("scheduled task '$Name' as $User, daily at $At", "Register: $exe $argumentLine")) {
        $action = New-ScheduledTaskAction -Execute $exe -Argument $argumentLine -WorkingDirectory (Split-Path $check)
        $trigger = New-ScheduledTaskTrigger -Daily -At ([datetime]::Today.AddHours($hour).AddMinutes($minute))
        $principal = New-ScheduledTaskPrincipal -UserId $User -LogonType S4U -RunLevel Limited
        # A run that hangs is stopped after an hour; a missed run (machine off) runs when it is back.
        $settings = New-ScheduledTaskSettingsSet -ExecutionTimeLimit (New-TimeSpan -Hours 1) -StartWhenAvailable -MultipleInstances IgnoreNew
        Register-ScheduledTask -TaskName $Name -Action $action -Trigger $trigger -Principal $principal -Settings $settings -Description 'DltDr nightly health check of DLT pipeline pairs; Last Run Result 0x1 means a pair is unhealthy or could not be checked.' -Force
    }
    return
}

$all = @($exe) + $arguments
if ($Cron) {
    # cron mails a job's output to its owner when it fails; the exit code says whether it failed.
    "$minute $hour * * *  $(($all | ForEach-Object { Format-ShellArgument $_ }) -join ' ')"
    return
}
$command = ($all | ForEach-Object { Format-SystemdArgument $_ }) -join ' '

$service = @"
[Unit]
Description=DltDr nightly health check of DLT pipeline pairs
Documentation=https://github.com/dltdr/DltDr/blob/main/examples/Test-DltDrHealth.ps1

[Service]
Type=oneshot
WorkingDirectory=$(Split-Path $check)
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
