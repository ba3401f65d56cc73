BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'DltDr.TestHelpers.psm1') -Force
    Import-DltDrUnderTest
    $token = New-TestToken

    # A pipeline as the workspace UI makes one: notebooks in a user's folder, then the pipeline naming
    # them, continuous, with settings DltDr does not know. Returns its id.
    function New-LivePipeline($Emulator, [string] $Name, [string[]] $Notebooks = @('bronze', 'silver'), [hashtable] $Settings = @{},
        [string] $Folder = "/Users/ana@example.com/$Name") {
        $null = Invoke-WorkspaceApi $Emulator primary POST '/api/2.0/workspace/mkdirs' @{ path = $Folder }
        foreach ($nb in $Notebooks) {
            $source = "# Databricks notebook source`nimport dlt`n`n@dlt.table`ndef $nb():`n    return spark.range(1)  # $Name/$nb`n"
            $null = Invoke-WorkspaceApi $Emulator primary POST '/api/2.0/workspace/import' @{
                path = "$Folder/$nb"; format = 'SOURCE'; language = 'PYTHON'; overwrite = $true
                content = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($source))
            }
        }
        $body = @{
            name = $Name; catalog = 'sales'; schema = 'orders'; continuous = $true; serverless = $true; channel = 'CURRENT'
            libraries = @($Notebooks | ForEach-Object { @{ notebook = @{ path = "$Folder/$_" } } })
            budget_policy_id = 'policy-1234'
        }
        foreach ($k in $Settings.Keys) { $body[$k] = $Settings[$k] }
        (Invoke-WorkspaceApi $Emulator primary POST '/api/2.0/pipelines' $body).pipeline_id
    }

    function Get-PipelineSnapshot($Emulator, [string] $Id) {
        $p = Invoke-WorkspaceApi $Emulator primary GET "/api/2.0/pipelines/$Id"
        "$($p.last_modified) $($p.latest_updates[0].update_id)"
    }
}

# Pipelines that already run in the primary workspace, taken into DR.
Describe 'New-DltDrPair' -Tag 'Emulator' {
    BeforeAll {
        $emu = Start-TestWorld -Folder $TestDrive -ClockScale 100
        $hosts = @{ PrimaryHost = $emu.Primary; SecondaryHost = $emu.Secondary; Token = $token }
        $orders = New-LivePipeline $emu 'sales-orders' -Settings @{
            configuration = @{ 'orders.source' = 'abfss://landing@stsalesweu.dfs.core.windows.net/orders'; 'orders.mode' = 'strict' }
            tags = @{ team = 'sales' }
        }
        $returns = New-LivePipeline $emu 'sales-returns' -Notebooks @('returns') -Settings @{ catalog = 'sales_weu' }
        $null = New-LivePipeline $emu 'hr-payroll' -Notebooks @('payroll')
        Move-EmulatorClock $emu 60
    }
    AfterAll { Stop-TestWorld $emu }

    Context 'a running pipeline by name' {
        BeforeAll {
            $out = Join-Path $TestDrive 'byname'
            $before = Get-PipelineSnapshot $emu $orders
            $writes = Get-EmulatorWriteCount $emu
            $draft = New-DltDrPair sales-orders @hosts -Path $out -WarningVariable warns -WarningAction SilentlyContinue
        }

        It 'writes a pair file and its notebooks that Get-DltDrPair reads back as written' {
            $draft.Written | Should -BeTrue
            $draft.Pair | Should -Be 'sales-orders'
            $draft.PipelineId | Should -Be $orders
            $draft.Path | Should -Be (Join-Path $out 'sales-orders.json')
            $pair = Get-DltDrPair -Path $draft.Path
            $pair.PipelineName | Should -Be 'sales-orders'
            $settings = $pair.Pipeline.ToString() | ConvertFrom-Json
            $settings.catalog, $settings.schema | Should -Be @('sales', 'orders')
            $settings.configuration.'orders.mode' | Should -Be 'strict'
            $settings.tags.team | Should -Be 'sales'
            $settings.PSObject.Properties.Name | Should -Not -Contain 'continuous'
            $pair.Notebooks.WorkspaceDirectory | Should -Be '/Users/ana@example.com/sales-orders'
            $pair.Notebooks.WorkspacePaths | Should -Be @('/Users/ana@example.com/sales-orders/bronze', '/Users/ana@example.com/sales-orders/silver')
            $pair.Primary.Host.Authority, $pair.Secondary.Host.Authority | Should -Be @(([uri]$emu.Primary).Authority, ([uri]$emu.Secondary).Authority)
            Get-Content (Join-Path $out 'notebooks/sales-orders/bronze.py') -Raw | Should -BeLike '*def bronze():*# sales-orders/bronze*'
        }

        It 'takes the default schedule and objectives, and says so' {
            $draft.CatchUp | Should -Be '0 0 1 * * ? (UTC)'
            $draft.CatchUpIsDefault | Should -BeTrue
            $draft.Objectives | Should -Be 'recovery 15m, standby lag 26h'
            $draft.ObjectivesAreDefault | Should -BeTrue
            (Get-DltDrPair -Path $draft.Path).Objectives.RecoveryTime | Should -Be ([timespan]::FromMinutes(15))
            Get-Content $draft.Path -TotalCount 3 | Select-Object -Index 1 | Should -BeLike '// Catch-up: 0 0 1 `* `* ? (UTC) (the default*'
        }

        It 'says field by field what names the primary region, with the override that sets it' {
            $w = $draft.Warnings | Where-Object Field -EQ 'pipeline.configuration["orders.source"]'
            $w.Message | Should -Be "'abfss://landing@stsalesweu.dfs.core.windows.net/orders' names the storage account 'stsalesweu'."
            $w.Remedy | Should -BeLike '*"regions": { "secondary": { "overrides": { "configuration": { "orders.source": "<the secondary''s value>" } } } }*'
            ($draft.Warnings | Where-Object Field -EQ 'pipeline.budget_policy_id').Message | Should -BeLike 'is not carried ("policy-1234")*'
            $warns.Message | Should -Contain "sales-orders: $w"
            (Get-Content $draft.Path -Raw).Contains("//   $($w.Field): $($w.Message)") | Should -BeTrue
        }

        It 'only reads the workspace: the running pipeline is not touched' {
            Get-EmulatorWriteCount $emu | Should -Be $writes
            Get-PipelineSnapshot $emu $orders | Should -Be $before
        }
    }

    Context 'several at once' {
        It 'takes every pipeline a wildcard matches, and a catalog named after the region is said' {
            $out = Join-Path $TestDrive 'wild'
            $drafts = New-DltDrPair -Filter 'sales*' @hosts -Path $out -WarningAction SilentlyContinue
            $drafts.Pair | Should -Be @('sales-orders', 'sales-returns')
            ($drafts | Where-Object Pair -EQ sales-returns).Warnings.Field | Should -Contain 'pipeline.catalog'
            (Get-ChildItem $out -Filter *.json).Name | Sort-Object | Should -Be @('sales-orders.json', 'sales-returns.json')
        }

        It 'takes ids from the pipeline' {
            $out = Join-Path $TestDrive 'ids'
            $drafts = [pscustomobject]@{ pipeline_id = $returns } | New-DltDrPair @hosts -Path $out -WarningAction SilentlyContinue
            $drafts.Pair | Should -Be 'sales-returns'
        }

        It 'writes nothing under -WhatIf, and still says what it would write' {
            $out = Join-Path $TestDrive 'whatif'
            $drafts = New-DltDrPair -All @hosts -Path $out -WhatIf -WarningAction SilentlyContinue
            $drafts.Pair | Sort-Object | Should -Be @('hr-payroll', 'sales-orders', 'sales-returns')
            $drafts.Written | Should -Not -Contain $true
            Test-Path $out | Should -BeFalse
        }
    }

    Context 'publishing the draft onto the running primary' {
        BeforeAll {
            $out = Join-Path $TestDrive 'adopt'
            $id = New-LivePipeline $emu 'payments-live' -Notebooks @('ledger')
            Move-EmulatorClock $emu 60
            $draft = New-DltDrPair payments-live @hosts -Path $out -WarningAction SilentlyContinue
            $pair = Get-DltDrPair -Path $draft.Path
        }

        It 'adopts it without an edit: the running update is the same, and status finds it as the pair''s' {
            $before = Get-PipelineSnapshot $emu $id
            $published = $pair | Publish-DltDrPipeline -Adopt -Force -Token $token
            $primary = $published | Where-Object Region -EQ Primary
            $primary.PipelineId | Should -Be $id
            $primary.RestartedPipeline | Should -BeFalse
            $primary.Pipeline | Should -Be 'None'
            $primary.Changes | Should -Contain ("None Pipeline payments-live (adopted as it runs, not restarted: its catch-up job records it (tag " +
                "dltdr-pipeline); DltDr's marker tags follow with its next edit)")
            Get-PipelineSnapshot $emu $id | Should -Be $before
            ($published | Where-Object Region -EQ Secondary).Changes | Where-Object { $_ -like 'Create Pipeline *' } |
                Should -BeLike '*(created triggered: its first catch-up processes all the data from the start (a full backfill), which may take long)'
            $status = $pair | Get-DltDrStatus -Token $token
            $status.ActiveRegion | Should -Be 'Primary'
            $status.Primary.PipelineId | Should -Be $id
            $status.Primary.Drift | Should -BeNullOrEmpty
            # Publishing again changes nothing and still restarts nothing.
            $again = $pair | Publish-DltDrPipeline -Force -Token $token
            ($again | Where-Object Region -EQ Primary).RestartedPipeline | Should -BeFalse
            Get-PipelineSnapshot $emu $id | Should -Be $before
        }

        It 'says, before an edit that restarts it, which fields cause it' {
            (Get-Content $draft.Path -Raw) -replace '"serverless": true', '"serverless": true, "development": true' | Set-Content $draft.Path
            $run = Invoke-Snippet -PairPath $out -Script 'Publish-DltDrPipeline payments-live -Region Primary -WhatIf -Token (ConvertTo-SecureString x -AsPlainText -Force)'
            $run.Output | Compress-Text | Should -BeLike '*UpdatePipelinepayments-live(restartstherunningcontinuouspipeline)*development*' -Because $run.Error
        }
    }

    Context 'the round trip' {
        It 'drafts, adopts, catches up, fails over and back: the primary''s settings come back as they were, unknown fields kept' {
            $out = Join-Path $TestDrive 'roundtrip'
            # Made as the UI makes one, with settings DltDr has no field for.
            $id = New-LivePipeline $emu 'ledger-live' -Notebooks @('raw', 'clean') -Settings @{
                photon = $true; development = $false
                event_log = @{ catalog = 'sales'; schema = 'ops'; name = 'ledger_events' }
                notifications = @(@{ email_recipients = @('ops@example.com'); alerts = @('on-update-failure') })
            }
            Move-EmulatorClock $emu 60
            $before = (Invoke-WorkspaceApi $emu primary GET "/api/2.0/pipelines/$id").spec
            $draft = New-DltDrPair ledger-live @hosts -Path $out -WarningAction SilentlyContinue
            $draft.Warnings.Field | Should -Contain 'pipeline.event_log'
            $pair = Get-DltDrPair -Path $draft.Path
            $null = $pair | Publish-DltDrPipeline -Adopt -Force -Token $token
            $null = $pair | Invoke-DltDrCatchUp -Wait -Token $token
            (Set-DltDrActiveRegion -Pair $pair -Region Secondary -Force -Token $token).ActiveRegion | Should -Be 'Secondary'
            (Set-DltDrActiveRegion -Pair $pair -Region Primary -Force -Token $token).ActiveRegion | Should -Be 'Primary'
            $after = (Invoke-WorkspaceApi $emu primary GET "/api/2.0/pipelines/$id").spec
            # DltDr's own markers (the DR flips' timestamps, the pair and region) are the only difference.
            $strip = {
                param($spec)
                $copy = $spec | ConvertTo-Json -Depth 20 | ConvertFrom-Json -AsHashtable
                if ($copy.tags) { foreach ($k in @($copy.tags.Keys | Where-Object { $_ -like 'dltdr-*' })) { $copy.tags.Remove($k) } }
                if ($copy.tags -and $copy.tags.Count -eq 0) { $copy.Remove('tags') }
                # Keys in one order: the service does not promise one.
                function Sort-Keys($o) {
                    if ($o -is [Collections.IDictionary]) {
                        $sorted = [ordered]@{}; foreach ($k in ($o.Keys | Sort-Object)) { $sorted[$k] = Sort-Keys $o[$k] }; $sorted
                    }
                    elseif ($o -is [Collections.IList]) { , @($o | ForEach-Object { Sort-Keys $_ }) }
                    else { $o }
                }
                Sort-Keys $copy | ConvertTo-Json -Depth 20 -Compress
            }
            & $strip $after | Should -Be (& $strip $before)
            $after.budget_policy_id | Should -Be 'policy-1234'
            $after.event_log.name | Should -Be 'ledger_events'
            $after.continuous | Should -BeTrue
        }
    }

    Context 'a pipeline of workspace files, as the editor makes it' {
        BeforeAll {
            $root = '/Users/ana@example.com/clicks'
            function Add-WorkspaceFile([string] $Path, [string] $Text, [string] $Format = 'RAW') {
                $parent = $Path.Substring(0, $Path.LastIndexOf('/'))
                $null = Invoke-WorkspaceApi $emu primary POST '/api/2.0/workspace/mkdirs' @{ path = $parent }
                $null = Invoke-WorkspaceApi $emu primary POST '/api/2.0/workspace/import' @{
                    path = $Path; format = $Format; overwrite = $true; content = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($Text))
                }
            }
            Add-WorkspaceFile "$root/transformations/raw_clicks.py" "from pyspark import pipelines as dp`n`n@dp.table`ndef raw_clicks():`n    return spark.readStream.table('landing.clicks')`n"
            Add-WorkspaceFile "$root/transformations/daily_clicks.sql" "CREATE MATERIALIZED VIEW daily_clicks AS SELECT date(ts) d, count(*) n FROM raw_clicks GROUP BY 1`n"
            Add-WorkspaceFile "$root/utilities/helpers.py" "def clean(df):`n    return df.dropna()`n"
            Add-WorkspaceFile "$root/explorations/look.py" "# Databricks notebook source`ndisplay(spark.table('raw_clicks'))`n" -Format AUTO
            $editor = (Invoke-WorkspaceApi $emu primary POST '/api/2.0/pipelines' @{
                name = 'clicks'; catalog = 'web'; schema = 'clicks'; continuous = $true; serverless = $true; channel = 'CURRENT'
                root_path = $root; libraries = @(@{ glob = @{ include = "$root/transformations/**" } })
                environment = @{ dependencies = @('requests==2.32.3') }; budget_policy_id = 'policy-1234'
            }).pipeline_id
            Move-EmulatorClock $emu 60
            $before = (Invoke-WorkspaceApi $emu primary GET "/api/2.0/pipelines/$editor").spec
            $out = Join-Path $TestDrive 'files'
            $draft = New-DltDrPair clicks @hosts -Path $out -WarningAction SilentlyContinue
        }

        It 'copies the pipeline''s folder whole and writes its glob relative to it' {
            $draft.IsFileTree | Should -BeTrue
            $draft.WorkspaceDirectory | Should -Be $root
            $draft.Include | Should -Be @('transformations/**')
            $folder = Join-Path $out 'notebooks/clicks'
            Get-Content (Join-Path $folder 'utilities/helpers.py') -Raw | Should -Be "def clean(df):`n    return df.dropna()`n"
            Get-Content (Join-Path $folder 'explorations/look.py') -TotalCount 1 | Should -Be '# Databricks notebook source'
            @(Get-ChildItem $folder -Recurse -File).Count | Should -Be 4
            $pair = Get-DltDrPair -Path $draft.Path
            $pair.Notebooks.Include | Should -Be @('transformations/**')
            $pair.Notebooks.Libraries.ToString() | ConvertFrom-Json | ForEach-Object { $_.glob.include } | Should -Be "$root/transformations/**"
        }

        It 'adopts the running primary without a restart, copies the files to the secondary and fails over and back' {
            $pair = Get-DltDrPair -Path $draft.Path
            $snapshot = Get-PipelineSnapshot $emu $editor
            $published = $pair | Publish-DltDrPipeline -Adopt -Force -Token $token
            ($published | Where-Object Region -EQ Primary).RestartedPipeline | Should -BeFalse
            Get-PipelineSnapshot $emu $editor | Should -Be $snapshot
            $secondary = $published | Where-Object Region -EQ Secondary
            $secondary.Changes | Should -Contain "Create File $root/utilities/helpers.py"
            $secondary.Changes | Should -Contain "Create Notebook $root/explorations/look"
            (Invoke-WorkspaceApi $emu secondary GET "/api/2.0/workspace/get-status?path=$root/transformations/daily_clicks.sql").object_type | Should -Be 'FILE'
            (Invoke-WorkspaceApi $emu secondary GET "/api/2.0/workspace/get-status?path=$root/explorations/look").object_type | Should -Be 'NOTEBOOK'
            $spec = (Invoke-WorkspaceApi $emu secondary GET "/api/2.0/pipelines/$($secondary.PipelineId)").spec
            $spec.libraries[0].glob.include | Should -Be "$root/transformations/**"
            $spec.root_path | Should -Be $root
            ($pair | Get-DltDrStatus -Token $token).Primary.Drift | Should -BeNullOrEmpty
            # Publishing again finds every file the same.
            $again = $pair | Publish-DltDrPipeline -Force -Token $token
            @($again.Changes | Where-Object { $_ -like 'Update File*' -or $_ -like 'Create File*' }) | Should -BeNullOrEmpty
            (Set-DltDrActiveRegion -Pair $pair -Region Secondary -Force -Token $token).ActiveRegion | Should -Be 'Secondary'
            (Set-DltDrActiveRegion -Pair $pair -Region Primary -Force -Token $token).ActiveRegion | Should -Be 'Primary'
            $after = (Invoke-WorkspaceApi $emu primary GET "/api/2.0/pipelines/$editor").spec
            $after.libraries[0].glob.include | Should -Be $before.libraries[0].glob.include
            $after.root_path | Should -Be $before.root_path
            $after.environment.dependencies | Should -Be @('requests==2.32.3')
            $after.budget_policy_id | Should -Be 'policy-1234'
        }
    }

    Context 'bad input' {
        It 'names a pipeline that does not exist, and the nearest names' {
            $null = New-DltDrPair Sales-Orders @hosts -Path (Join-Path $TestDrive 'nf') -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -Be 'PipelineNotFound,DltDr.Cmdlets.NewDltDrPairCommand'
            $errs[0].Exception.Message | Should -BeLike "No pipeline is named 'Sales-Orders' in the primary workspace (*). Did you mean 'sales-orders'?"
            Test-Path (Join-Path $TestDrive 'nf') | Should -BeFalse
        }

        It 'refuses a name several pipelines have, and lists their ids' {
            $a = New-LivePipeline $emu 'twin' -Notebooks @('a') -Folder '/Users/ana@example.com/twin1'
            $b = New-LivePipeline $emu 'twin' -Notebooks @('a') -Folder '/Users/ana@example.com/twin2' -Settings @{ allow_duplicate_names = $true }
            $null = New-DltDrPair twin @hosts -Path (Join-Path $TestDrive 'twin') -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -Be 'AmbiguousPipelineName,DltDr.Cmdlets.NewDltDrPairCommand'
            $errs[0].Exception.Message | Should -BeLike "2 pipelines are named 'twin' in the primary workspace (*): give the one you mean with -PipelineId."
            $errs[0].Exception.Message | Should -BeLike "*$a*"
            $errs[0].Exception.Message | Should -BeLike "*$b*"
        }

        It 'refuses the primary workspace as the secondary before reading anything' {
            $out = Join-Path $TestDrive 'same'
            { New-DltDrPair sales-orders -PrimaryHost $emu.Primary -SecondaryHost $emu.Primary -Token $token -Path $out -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidNewPairParameter,DltDr.Cmdlets.NewDltDrPairCommand'
            Test-Path $out | Should -BeFalse
        }

        It 'keeps a pair file that exists, unless -Force' {
            $out = Join-Path $TestDrive 'exists'
            $null = New-Item -ItemType Directory $out
            Set-Content (Join-Path $out 'hr-payroll.json') 'mine'
            $null = New-DltDrPair hr-payroll @hosts -Path $out -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -Be 'PairFileExists,DltDr.Cmdlets.NewDltDrPairCommand'
            Get-Content (Join-Path $out 'hr-payroll.json') -Raw | Should -Be "mine$([Environment]::NewLine)"
            (New-DltDrPair hr-payroll @hosts -Path $out -Force -WarningAction SilentlyContinue).Written | Should -BeTrue
            (Get-DltDrPair -Path (Join-Path $out 'hr-payroll.json')).Name | Should -Be 'hr-payroll'
        }

        It 'keeps a jar as it is, says what to copy, and writes the pair' {
            $jarId = New-LivePipeline $emu 'jar-shaped' -Notebooks @('a') -Settings @{
                libraries = @(@{ jar = '/Volumes/libs/shared/parsers.jar' }, @{ notebook = @{ path = '/Users/ana@example.com/jar-shaped/a' } })
            }
            $out = Join-Path $TestDrive 'jar'
            $draft = New-DltDrPair -PipelineId $jarId @hosts -Path $out -WarningVariable warns -WarningAction SilentlyContinue
            $draft.Written | Should -BeTrue
            $warns.Message | Should -Contain 'jar-shaped: libraries[0].jar: "/Volumes/libs/shared/parsers.jar" is kept in both regions'' pipelines (notebooks.otherLibraries), not copied. Copy the jar to the same path in the secondary region (a volume or workspace path there) before a failover.'
            $pair = Get-DltDrPair -Path $draft.Path
            $pair.Notebooks.OtherLibraries[0].jar.ToString() | Should -Be '/Volumes/libs/shared/parsers.jar'
            # The libraries are a set: the jar after the notebook is the pipeline's own order, not an edit.
            $snapshot = Get-PipelineSnapshot $emu $jarId
            $published = $pair | Publish-DltDrPipeline -Adopt -Force -Token $token
            ($published | Where-Object Region -EQ Primary).RestartedPipeline | Should -BeFalse
            Get-PipelineSnapshot $emu $jarId | Should -Be $snapshot
            $secondaryId = ($published | Where-Object Region -EQ Secondary).PipelineId
            (Invoke-WorkspaceApi $emu secondary GET "/api/2.0/pipelines/$secondaryId").spec.libraries | Where-Object jar | ForEach-Object jar |
                Should -Be '/Volumes/libs/shared/parsers.jar'
        }

        It 'takes notebooks of several folders from the folder they share' {
            foreach ($nb in 'multi/bronze', 'multi/silver/clean') {
                $parent = "/Users/ana@example.com/$($nb.Substring(0, $nb.LastIndexOf('/')))"
                $null = Invoke-WorkspaceApi $emu primary POST '/api/2.0/workspace/mkdirs' @{ path = $parent }
                $null = Invoke-WorkspaceApi $emu primary POST '/api/2.0/workspace/import' @{
                    path = "/Users/ana@example.com/$nb"; format = 'SOURCE'; language = 'PYTHON'; overwrite = $true
                    content = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("import dlt # $nb`n"))
                }
            }
            $null = Invoke-WorkspaceApi $emu primary POST '/api/2.0/pipelines' @{
                name = 'multi'; catalog = 'c'; schema = 's'
                libraries = @(@{ notebook = @{ path = '/Users/ana@example.com/multi/bronze' } }, @{ notebook = @{ path = '/Users/ana@example.com/multi/silver/clean' } })
            }
            $out = Join-Path $TestDrive 'multi'
            $draft = New-DltDrPair multi @hosts -Path $out -WarningAction SilentlyContinue
            $draft.WorkspaceDirectory | Should -Be '/Users/ana@example.com/multi'
            Get-Content (Join-Path $out 'notebooks/multi/silver/clean.py') -Raw | Should -BeLike '*import dlt # multi/silver/clean*'
            $pair = Get-DltDrPair -Path $draft.Path
            $pair.Notebooks.WorkspacePaths | Should -Be @('/Users/ana@example.com/multi/bronze', '/Users/ana@example.com/multi/silver/clean')
            $published = $pair | Publish-DltDrPipeline -Adopt -Force -Token $token
            ($published | Where-Object Region -EQ Secondary).Changes | Should -Contain 'Create Notebook /Users/ana@example.com/multi/silver/clean'
        }

        It 'refuses sources it cannot carry, naming them, and writes nothing for that pipeline' {
            $null = Invoke-WorkspaceApi $emu primary POST '/api/2.0/pipelines' @{
                name = 'mixed-shaped'; catalog = 'c'; schema = 's'
                libraries = @(@{ notebook = @{ path = '/Users/ana@example.com/mixed/a' } }, @{ glob = @{ include = '/Users/ana@example.com/mixed/t/**' } })
            }
            $out = Join-Path $TestDrive 'mixed'
            $null = New-DltDrPair mixed-shaped @hosts -Path $out -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -Be 'UnsupportedPipelineSource,DltDr.Cmdlets.NewDltDrPairCommand'
            $errs[0].Exception.Message | Should -BeLike "*has sources DltDr does not carry yet: notebooks (/Users/ana@example.com/mixed/a) beside workspace files or globs (/Users/ana@example.com/mixed/t/`*`*): a pair carries one or the other.*"
            Test-Path (Join-Path $out 'mixed-shaped.json') | Should -BeFalse
        }

        It 'refuses a notebook path outside the workspace' {
            $null = Invoke-WorkspaceApi $emu primary POST '/api/2.0/pipelines' @{
                name = 'relative'; catalog = 'c'; schema = 's'; libraries = @(@{ notebook = @{ path = 'notebooks/bronze' } })
            }
            $null = New-DltDrPair relative @hosts -Path (Join-Path $TestDrive 'rel') -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -Be 'UnsupportedPipelineSource,DltDr.Cmdlets.NewDltDrPairCommand'
            $errs[0].Exception.Message | Should -BeLike "*libraries[[]0].notebook.path 'notebooks/bronze' is not a workspace path*"
        }

        It 'goes on past an export refused, keeps what it wrote and says how to resume' {
            $out = Join-Path $TestDrive 'refused'
            $null = Invoke-EmulatorControl $emu POST 'workspaces/primary/faults' @{ kind = 'status'; status = 403; error_code = 'PERMISSION_DENIED'; method = 'GET'; path_prefix = '/api/2.0/workspace/export'; query_contains = 'path=/Users/ana@example.com/sales-returns/'; count = 100 }
            try {
                $drafts = New-DltDrPair 'sales*' @hosts -Path $out -ErrorVariable errs -ErrorAction SilentlyContinue -WarningVariable warns -WarningAction SilentlyContinue
            }
            finally { $null = Invoke-EmulatorControl $emu DELETE 'workspaces/primary/faults' }
            $errs[0].FullyQualifiedErrorId | Should -Be 'PermissionDenied,DltDr.Cmdlets.NewDltDrPairCommand'
            $drafts.Pair | Should -Be @('sales-orders')
            Test-Path (Join-Path $out 'sales-returns.json') | Should -BeFalse
            $warns[-1] | Should -Be "1 pipeline was not taken in ($returns); the 1 pair file is written. Fix what the errors say, then run New-DltDrPair -PipelineId (or -Name) for those again; the files written stay (add -Force to replace one)."
        }
    }
}

# A bundle's resolved configuration: no workspace is read (tests/fixtures/bundles/README.md says where the shape comes from).
Describe 'New-DltDrPair -Bundle' -Tag 'Unit' {
    BeforeAll {
        $bundles = Join-Path (Get-RepositoryRoot) 'tests/fixtures/bundles'
        $secondary = 'https://adb-2222222222222222.12.azuredatabricks.net'
    }

    It 'drafts the bundle''s pipeline from the bundle''s own files, on the host the configuration names' {
        $out = Join-Path $TestDrive 'orders'
        $draft = New-DltDrPair -Bundle (Join-Path $bundles 'notebooks/validated.json') -SecondaryHost $secondary -Path $out -WarningVariable warns -WarningAction SilentlyContinue
        $draft.Pair | Should -Be 'orders-etl'
        $draft.PrimaryHost.Authority | Should -Be 'adb-1111111111111111.11.azuredatabricks.net'
        $draft.WorkspaceDirectory | Should -Be '/Workspace/Users/deployer@example.com/.bundle/orders/prod/files/src'
        $draft.Notebooks | Should -Be @('/Workspace/Users/deployer@example.com/.bundle/orders/prod/files/src/ingest', '/Workspace/Users/deployer@example.com/.bundle/orders/prod/files/src/clean')
        Get-Content (Join-Path $out 'notebooks/orders-etl/clean.sql') -Raw | Should -Be (Get-Content (Join-Path $bundles 'notebooks/src/clean.sql') -Raw)
        $pair = Get-DltDrPair -Path $draft.Path
        $pair.Notebooks.WorkspacePaths | Should -Be $draft.Notebooks
        ($pair.Pipeline.ToString() | ConvertFrom-Json).PSObject.Properties.Name | Should -Not -Contain 'continuous'
        $draft.Warnings.Field | Should -Contain 'pipeline.deployment'
        $draft.Warnings.Field | Should -Contain 'pipeline.configuration["orders.landing"]'
        (Get-Content $draft.Path -TotalCount 1) | Should -BeLike "*from the pipeline 'orders-etl' (bundle resource orders_etl, target prod)*"
    }

    It 'drafts the default template''s pipeline (root_path and a glob of files) with the folder from the bundle' {
        $out = Join-Path $TestDrive 'default'
        $draft = New-DltDrPair -Bundle (Join-Path $bundles 'default-python/validated.json') -SecondaryHost $secondary -Path $out -WarningVariable warns -WarningAction SilentlyContinue
        $draft.Pair | Should -Be 'dev-ana-my_project_etl'
        $draft.WorkspaceDirectory | Should -Be '/Workspace/Users/ana@example.com/.bundle/my_project/dev/files/src/my_project_etl'
        $draft.Include | Should -Be @('transformations/**')
        $copied = Join-Path $out 'notebooks/dev-ana-my_project_etl'
        Get-Content (Join-Path $copied 'transformations/sample_zones_my_project.py') -Raw |
            Should -Be (Get-Content (Join-Path $bundles 'default-python/src/my_project_etl/transformations/sample_zones_my_project.py') -Raw)
        @(Get-ChildItem $copied -Recurse -File).Count | Should -Be 4
        $draft.Warnings | Where-Object Field -EQ 'notebooks.source' | ForEach-Object Message |
            Should -BeLike 'explorations/sample_exploration.ipynb is a Jupyter notebook*'
        $pair = Get-DltDrPair -Path $draft.Path
        ($pair.Pipeline.ToString() | ConvertFrom-Json).root_path | Should -Be $draft.WorkspaceDirectory
        $pair.Notebooks.Libraries[0].glob.include.ToString() | Should -Be "$($draft.WorkspaceDirectory)/transformations/**"
    }

    It 'names a pipeline the bundle does not have, and a configuration file that is not there' {
        $null = New-DltDrPair -Bundle (Join-Path $bundles 'notebooks/validated.json') -Name nothing -SecondaryHost $secondary -Path (Join-Path $TestDrive 'none') -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'PipelineNotFound,DltDr.Cmdlets.NewDltDrPairCommand'
        $errs[0].Exception.Message | Should -BeLike "*has no pipeline 'nothing'; its pipelines: orders_etl."
        { New-DltDrPair -Bundle (Join-Path $TestDrive 'missing.json') -SecondaryHost $secondary -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidNewPairParameter,DltDr.Cmdlets.NewDltDrPairCommand'
    }
}
