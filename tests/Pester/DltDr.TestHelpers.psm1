<#
    Shared helpers of the Pester suite: start and stop the workspace emulator (the built
    DltDr.Emulator, as its own process on loopback), drive its control API, write pair files into
    $TestDrive, and reach the emulated workspaces' REST APIs as someone outside DltDr would.
    Every test file imports this module and the built DltDr module in its BeforeAll.
#>

$script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:EmulatorDll = Join-Path $script:Root 'src/DltDr.Emulator/bin/Release/net10.0/DltDr.Emulator.dll'

# The world both suites share (tests/fixtures): the clock's origin, the pair template, its notebooks.
$script:Fixtures = Join-Path $script:Root 'tests/fixtures'
$script:World = Get-Content (Join-Path $script:Fixtures 'world.json') -Raw | ConvertFrom-Json
# The virtual time the manual-clock tests start at, so messages with times can be asserted.
$script:ClockOrigin = [DateTimeOffset]::Parse($script:World.clockOrigin, [Globalization.CultureInfo]::InvariantCulture,
    [Globalization.DateTimeStyles]::AssumeUniversal)

function Get-RepositoryRoot { $script:Root }

function Get-ClockOrigin { $script:ClockOrigin }

function Get-ModuleManifestPath { Join-Path $script:Root 'out/DltDr/DltDr.psd1' }

function Import-DltDrUnderTest {
    <# Imports the built module into the global scope, as a user's Import-Module would. #>
    Import-Module (Get-ModuleManifestPath) -Force -Global -ErrorAction Stop
}

function Start-TestEmulator {
    <#
    .SYNOPSIS
        Starts the emulator with a primary and a secondary workspace on free loopback ports.
    .PARAMETER ClockScale
        Virtual seconds per real second; 0 (the default) is a manual clock moved by Move-EmulatorClock.
    #>
    param(
        [double] $ClockScale = 0,
        [string] $Folder = [IO.Path]::GetTempPath(),
        # The emulator's own arguments, as a reader types them (instead of the clock's).
        [string[]] $Arguments
    )
    if (-not (Test-Path $script:EmulatorDll)) { throw "The emulator is not built: $script:EmulatorDll is missing. Run dotnet build first." }
    $id = [guid]::NewGuid().ToString('n').Substring(0, 8)
    # Its files go in a folder of their own, never among pair files.
    $Folder = (New-Item -ItemType Directory -Path (Join-Path $Folder "emulator-$id") -Force).FullName
    $urls = Join-Path $Folder "emulator-$id.json"
    $log = Join-Path $Folder "emulator-$id.log"
    $arguments = if ($Arguments) { @($script:EmulatorDll) + $Arguments + @('--urls-file', $urls) } else {
        @($script:EmulatorDll, '--clock-scale', $ClockScale.ToString([Globalization.CultureInfo]::InvariantCulture),
            '--clock-origin', $script:ClockOrigin.ToString('o'), '--urls-file', $urls)
    }
    # The emulator moves its URLs file into place once it listens: told by the file system (the
    # watcher starts first, so the move is never missed), a second at most between looks at the
    # process; a minute bounds a start gone wrong.
    $watcher = [IO.FileSystemWatcher]::new($Folder, "emulator-$id.json")
    try {
        $process = Start-Process -FilePath 'dotnet' -ArgumentList $arguments -PassThru -RedirectStandardOutput $log -RedirectStandardError "$log.err"
        for ($looks = 0; -not (Test-Path $urls); $looks++) {
            if ($process.HasExited -or $looks -ge 60) {
                throw "The emulator did not start: $(Get-Content "$log.err" -Raw -ErrorAction Ignore)"
            }
            $null = $watcher.WaitForChanged([IO.WatcherChangeTypes]::Created -bor [IO.WatcherChangeTypes]::Renamed, 1000)
        }
    }
    finally { $watcher.Dispose() }
    $doc = Get-Content $urls -Raw | ConvertFrom-Json
    [pscustomobject]@{
        PSTypeName = 'DltDr.Tests.Emulator'
        Process    = $process
        Control    = $doc.control
        Primary    = $doc.workspaces.primary
        Secondary  = $doc.workspaces.secondary
        # The managed identity stand-in: what an Automation sandbox sets as IDENTITY_ENDPOINT and IDENTITY_HEADER.
        Identity   = $doc.identity
        # The account host (the Disaster Recovery API's failover groups): url and id.
        Account    = $doc.account
        Log        = $log
    }
}

function Start-TestWorld {
    <#
    .SYNOPSIS
        What an operator has: emulated workspaces, the pair folder as $DltDrPairPath, and optionally
        a published pair with the clock moved on. Returns the emulator; Stop-TestWorld undoes it.
    #>
    param(
        [Parameter(Mandatory)] [string] $Folder,
        [double] $ClockScale = 0,
        [string] $PublishPair,
        [double] $AdvanceSeconds = 0
    )
    $emulator = Start-TestEmulator -ClockScale $ClockScale -Folder $Folder
    $global:DltDrPairPath = $Folder
    if ($PublishPair) { $null = Publish-TestPair $emulator $Folder -Name $PublishPair }
    if ($AdvanceSeconds -gt 0) { Move-EmulatorClock $emulator $AdvanceSeconds }
    $emulator
}

function Stop-TestWorld {
    param([Parameter(Mandatory)] $Emulator)
    Remove-Variable -Name DltDrPairPath -Scope Global -ErrorAction Ignore
    Stop-TestEmulator $Emulator
}

function Invoke-Snippet {
    <# Runs PowerShell text in a new non-interactive pwsh with the module and a pair folder: what it prints to the host is in .Output. #>
    param([Parameter(Mandatory)] [string] $Script, [Parameter(Mandatory)] [string] $PairPath, [string[]] $Answer)
    Invoke-PwshScript -File (Join-Path $PSScriptRoot 'Invoke-Snippet.ps1') -Arguments @('-Script', $Script) -Environment @{ DLTDR_PAIR_PATH = $PairPath } -Answer $Answer
}

function Stop-TestEmulator {
    param([Parameter(Mandatory)] $Emulator)
    if ($Emulator -and -not $Emulator.Process.HasExited) {
        $Emulator.Process.Kill()
        $null = $Emulator.Process.WaitForExit(5000)
    }
}

function Invoke-EmulatorControl {
    <# Calls the emulator's control API: Invoke-EmulatorControl $emu POST 'workspaces/primary/down'. #>
    param(
        [Parameter(Mandatory)] $Emulator,
        [ValidateSet('GET', 'POST', 'DELETE')] [string] $Method = 'GET',
        [Parameter(Mandatory)] [string] $Path,
        [hashtable] $Body
    )
    $request = @{ Method = $Method; Uri = "$($Emulator.Control)/$Path" }
    if ($Body) { $request.Body = ($Body | ConvertTo-Json -Depth 10 -Compress); $request.ContentType = 'application/json' }
    Invoke-RestMethod @request
}

function Move-EmulatorClock {
    <# Moves the manual clock on, running every transition and schedule that falls due. #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [double] $Seconds)
    $null = Invoke-EmulatorControl $Emulator POST 'clock/advance' @{ seconds = $Seconds }
}

function Get-EmulatorWriteCount {
    <#
    The write calls (anything but GET) the workspaces received so far. -ExceptHistory leaves out
    the appends to a pair's history file, for tests about what a command changes in the pairs.
    #>
    param([Parameter(Mandatory)] $Emulator, [string[]] $Workspace = @('primary', 'secondary'), [switch] $ExceptHistory)
    $total = 0
    foreach ($ws in $Workspace) {
        $log = Invoke-EmulatorControl $Emulator GET "workspaces/$ws/requests"
        $total += @($log.requests | Where-Object { $_.method -ne 'GET' -and -not ($ExceptHistory -and (Test-HistoryWrite $_)) }).Count
    }
    $total
}
function Test-HistoryWrite {
    <# Whether a logged request is an append to a pair's history file (dltdr-history.jsonl). #>
    param([Parameter(Mandatory)] $Request)
    $Request.path -eq '/api/2.0/workspace/import' -and "$($Request.body)" -like '*dltdr-history.jsonl*'
}

function Invoke-WorkspaceApi {
    <# A REST call to an emulated workspace, as a user or another tool would make it. #>
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)] [ValidateSet('primary', 'secondary')] [string] $Workspace,
        [ValidateSet('GET', 'POST', 'PUT', 'PATCH', 'DELETE')] [string] $Method = 'GET',
        [Parameter(Mandatory)] [string] $Path,
        $Body
    )
    $base = if ($Workspace -eq 'primary') { $Emulator.Primary } else { $Emulator.Secondary }
    $request = @{ Method = $Method; Uri = "$base$Path"; Headers = @{ Authorization = 'Bearer dapi-pester-token' } }
    if ($null -ne $Body) { $request.Body = ($Body | ConvertTo-Json -Depth 20 -Compress); $request.ContentType = 'application/json' }
    Invoke-RestMethod @request
}

function Get-TestPipeline {
    <# The pair's pipeline in a workspace (pipelines get), found by name. #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Workspace, [string] $Name = 'sales-dlt')
    $filter = [uri]::EscapeDataString("name LIKE '$Name'")
    $list = Invoke-WorkspaceApi $Emulator $Workspace GET "/api/2.0/pipelines?filter=$filter"
    Invoke-WorkspaceApi $Emulator $Workspace GET "/api/2.0/pipelines/$($list.statuses[0].pipeline_id)"
}

function Edit-TestPipeline {
    <# Edits the pair's pipeline straight through the API, as someone outside DltDr would. #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Workspace, [Parameter(Mandatory)] [scriptblock] $Change, [string] $Name = 'sales-dlt')
    $pipeline = Get-TestPipeline $Emulator $Workspace $Name
    $spec = $pipeline.spec
    & $Change $spec
    $null = Invoke-WorkspaceApi $Emulator $Workspace PUT "/api/2.0/pipelines/$($pipeline.pipeline_id)" $spec
}

function Get-TestJob {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Workspace, [string] $Name = 'sales-dlt catch-up')
    (Invoke-WorkspaceApi $Emulator $Workspace GET "/api/2.2/jobs/list?name=$([uri]::EscapeDataString($Name))").jobs[0]
}

function Set-TestJobPause {
    <# Pauses or resumes the pair's catch-up job schedule straight through the API. #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Workspace, [Parameter(Mandatory)] [ValidateSet('PAUSED', 'UNPAUSED')] [string] $PauseStatus, [string] $Name = 'sales-dlt catch-up')
    $job = Get-TestJob $Emulator $Workspace $Name
    $schedule = $job.settings.schedule
    $schedule.pause_status = $PauseStatus
    $null = Invoke-WorkspaceApi $Emulator $Workspace POST '/api/2.2/jobs/update' @{ job_id = $job.job_id; new_settings = @{ schedule = $schedule } }
}

function New-TestPairFile {
    <#
    .SYNOPSIS
        Writes NAME.json (and its notebooks) into a pair folder, pointing at the emulated workspaces.
    #>
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)] [string] $Folder,
        [string] $Name = 'sales',
        [string] $Mode = 'strict',
        [string] $PrimaryHost
    )
    $notebooks = Join-Path $Folder 'notebooks'
    if (-not (Test-Path $notebooks)) {
        $null = New-Item -ItemType Directory -Path $notebooks
        Copy-Item -Path (Join-Path $script:Fixtures "$($script:World.notebooks)/*") -Destination $notebooks
    }
    $primary = if ($PrimaryHost) { $PrimaryHost } else { $Emulator.Primary }
    $text = (Get-Content (Join-Path $script:Fixtures $script:World.pairTemplate) -Raw).Replace('{{name}}', $Name).Replace('{{mode}}', $Mode).
        Replace('{{primaryHost}}', $primary).Replace('{{secondaryHost}}', $Emulator.Secondary)
    $path = Join-Path $Folder "$Name.json"
    Set-Content -Path $path -Value $text
    $path
}

function Publish-TestPair {
    <# Writes a pair file and publishes it, failing the test if publishing reports an error. #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Folder, [string] $Name = 'sales', [string] $Mode = 'strict')
    $path = New-TestPairFile -Emulator $Emulator -Folder $Folder -Name $Name -Mode $Mode
    $results = Get-DltDrPair -Path $path | Publish-DltDrPipeline -Token (New-TestToken) -Force -ErrorVariable errs -ErrorAction SilentlyContinue
    if ($errs) { throw "Publishing $Name failed: $($errs -join '; ')" }
    $results
}

function New-TestToken {
    <# The token the tests pass with -Token; the emulator accepts any bearer token unless told otherwise. #>
    ConvertTo-SecureString 'dapi-pester-token' -AsPlainText -Force
}

function Wait-TestCondition {
    <#
    .SYNOPSIS
        Looks at a condition until it holds, moving the emulator's clock on by -StepSeconds between
        looks: the state it waits for comes from emulated time, not from how fast this machine is,
        and nothing sleeps on the wall clock. Returns the condition's last value; throws when it
        still does not hold after -MaxSeconds of emulated time.
    #>
    param(
        [Parameter(Mandatory, Position = 0)] $Emulator,
        [Parameter(Mandatory, Position = 1)] [scriptblock] $Condition,
        [double] $StepSeconds = 10,
        [double] $MaxSeconds = 600
    )
    for ($moved = 0; $moved -le $MaxSeconds; $moved += $StepSeconds) {
        $value = & $Condition
        if ($value) { return $value }
        Move-EmulatorClock $Emulator $StepSeconds
    }
    throw "The condition did not hold within $MaxSeconds s of emulated time: $Condition"
}

function Compress-Text {
    <#
    .SYNOPSIS
        Text without whitespace and without the '|' gutter of PowerShell's error view, so a message
        can be matched however the console wrapped it: $run.Error | Compress-Text | Should -BeLike "*$(Compress-Text 'the message')*"
    #>
    param([Parameter(Mandatory, ValueFromPipeline)] [AllowEmptyString()] [string] $Text)
    process { ($Text -replace '(?m)^\s*\|', '') -replace '\s+', '' }
}
function Invoke-PwshScript {
    <#
    .SYNOPSIS
        Runs a script file (-File) or a command line (-Command) in a new pwsh process, as a scheduled
        task or a runbook worker would, and returns its exit code and output.
    #>
    [CmdletBinding(DefaultParameterSetName = 'File')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'File')] [string] $File,
        [Parameter(Mandatory, ParameterSetName = 'Command')] [string] $Command,
        # Leave NO_COLOR unset and keep ANSI codes in .Output/.Error: what a log would record.
        [switch] $KeepColor,
        [string[]] $Arguments = @(),
        [string] $WorkingDirectory = (Get-Location).Path,
        [hashtable] $Environment = @{},
        # Lines typed at the console, one per prompt; with them the session is interactive.
        [string[]] $Answer
    )
    # The same pwsh as this one: the local dotnet tool runs as 'dotnet pwsh.dll', an installed one as pwsh.
    $self = (Get-Process -Id $PID).Path
    $info = [Diagnostics.ProcessStartInfo]::new($self)
    if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { $info.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
    $mode = if ($Answer) { @() } else { @('-NonInteractive') }
    $what = if ($Command) { @('-Command', $Command) } else { @('-File', $File) }
    foreach ($a in @('-NoProfile') + $mode + $what + $Arguments) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardInput = [bool]$Answer
    $info.WorkingDirectory = $WorkingDirectory
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $info.Environment['PSModulePath'] = (Join-Path $script:Root 'out') + [IO.Path]::PathSeparator + $env:PSModulePath
    # Plain text, as a log or an Automation job stream records it.
    if ($KeepColor) { $null = $info.Environment.Remove('NO_COLOR') } else { $info.Environment['NO_COLOR'] = '1' }
    # A $null value removes the variable: the process does not inherit it from this one.
    foreach ($k in $Environment.Keys) {
        if ($null -eq $Environment[$k]) { $null = $info.Environment.Remove($k) } else { $info.Environment[$k] = $Environment[$k] }
    }
    $p = [Diagnostics.Process]::Start($info)
    if ($Answer) {
        foreach ($line in $Answer) { $p.StandardInput.WriteLine($line) }
        $p.StandardInput.Close()
    }
    $stderr = $p.StandardError.ReadToEndAsync()
    $stdout = $p.StandardOutput.ReadToEnd()
    $p.WaitForExit()
    $ansi = "$([char]27)\[[0-9;?]*[A-Za-z]"
    if ($KeepColor) { $ansi = '(?!)' }
    [pscustomobject]@{ ExitCode = $p.ExitCode; Output = $stdout -replace $ansi, ''; Error = $stderr.Result -replace $ansi, '' }
}


function Invoke-HeadlessChromium {
    <#
    .SYNOPSIS
        Opens a local HTML file in headless Chromium as a reader would (tests/Install-Chromium.ps1
        provides it): returns the DOM as rendered, the page's console lines, and every request the
        page made (from Chromium's own network log, its background services left out), and writes a
        screenshot of the first page when asked.
    #>
    param([Parameter(Mandatory)] [string] $Path, [string] $Screenshot, [string] $Folder = [IO.Path]::GetTempPath())
    $chromium = if ($env:DLTDR_CHROMIUM) { $env:DLTDR_CHROMIUM } else { & (Join-Path $script:Root 'tests/Install-Chromium.ps1') }
    $id = [guid]::NewGuid().ToString('n').Substring(0, 8)
    $netLog = Join-Path $Folder "netlog-$id.json"
    $userData = Join-Path $Folder "chromium-$id"
    $url = [Uri]::new((Resolve-Path $Path).Path, [UriKind]::Absolute).AbsoluteUri
    $common = @('--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--enable-logging=stderr', '--v=0')
    $runs = 0
    $run = {
        param([string[]] $Arguments)
        # A profile of its own each time: a browser still closing holds its profile's lock.
        $script:runs++
        $info = [Diagnostics.ProcessStartInfo]::new($chromium)
        foreach ($a in $common + @("--user-data-dir=$userData-$script:runs") + $Arguments + @($url)) { $info.ArgumentList.Add($a) }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.UseShellExecute = $false
        $p = [Diagnostics.Process]::Start($info)
        $err = $p.StandardError.ReadToEndAsync()
        $out = $p.StandardOutput.ReadToEnd()
        if (-not $p.WaitForExit(60000)) { $p.Kill(); throw "Chromium did not finish rendering $url within a minute." }
        [pscustomobject]@{ Out = $out; Err = $err.Result; ExitCode = $p.ExitCode }
    }
    $dom = & $run @('--dump-dom', "--log-net-log=$netLog")
    if ($dom.ExitCode -ne 0) { throw "Chromium exited $($dom.ExitCode): $($dom.Err)" }
    if ($Screenshot) {
        $shot = & $run @("--screenshot=$Screenshot", '--window-size=1240,1754', '--hide-scrollbars')
        if ($shot.ExitCode -ne 0 -or -not (Test-Path $Screenshot)) { throw "Chromium wrote no screenshot: $($shot.Err)" }
    }
    # The page's own requests: its initiator is the file's (opaque, "null") origin; Chromium's
    # background services say "not an origin".
    $log = Get-Content $netLog -Raw | ConvertFrom-Json
    $start = $log.constants.logEventTypes.URL_REQUEST_START_JOB
    $requests = @($log.events | Where-Object { $_.type -eq $start -and $_.params.url -and $_.params.initiator -ne 'not an origin' } |
        ForEach-Object { $_.params.url } | Where-Object { $_ -notlike 'file:*' -and $_ -notlike 'data:*' } | Select-Object -Unique)
    Remove-Item -Recurse -Force "$userData-*", $netLog -ErrorAction Ignore
    [pscustomobject]@{
        Dom      = $dom.Out
        Console  = @($dom.Err -split "`r?`n" | Where-Object { $_ -match ':CONSOLE' })
        Requests = $requests
    }
}

Export-ModuleMember -Function *
