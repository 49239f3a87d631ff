#Requires -Version 7.2
<#
    Pester 5 tests of the staged module (out/MediaOps), imported and piped as users do, against a real Azurite, a real
    'mediaops worker' and a real ffmpeg. Run by tests/Pester/Invoke-MediaOpsPester.ps1 ('./build.sh test' where pwsh
    exists), which passes the module folder in $env:MEDIAOPS_MODULE_PATH; run alone, the tests use ./out/MediaOps.

    Needs: './build.sh stage' (the module), the solution built in Release (src/MediaOps.Host/bin/Release/net10.0/mediaops.dll;
    Debug is used when there is no Release build), 'npm ci' (node_modules/.bin/azurite) and ffmpeg on PATH (or
    $env:MEDIAOPS_FFMPEG).
#>

BeforeAll {
    $script:RepoRoot = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '..' '..')).Path
    $script:ModulePath = if ($env:MEDIAOPS_MODULE_PATH) { $env:MEDIAOPS_MODULE_PATH } else { Join-Path $script:RepoRoot 'out' 'MediaOps' }
    $script:Temp = Join-Path ([IO.Path]::GetTempPath()) ("mediaops-pester-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $script:Temp -Force
    $script:Azurite = $null
    $script:Worker = $null

    function Get-FreePort {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
    }

    function Test-TcpPort([int] $Port) {
        $client = [System.Net.Sockets.TcpClient]::new()
        try { $client.Connect([System.Net.IPAddress]::Loopback, $Port); $true } catch { $false } finally { $client.Dispose() }
    }

    function New-AccountKey { [Convert]::ToBase64String([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(64)) }

    function Get-ConnectionString([string] $Account, [string] $Key, [int] $BlobPort, [int] $QueuePort) {
        "DefaultEndpointsProtocol=http;AccountName=$Account;AccountKey=$Key;" +
        "BlobEndpoint=http://127.0.0.1:$BlobPort/$Account;QueueEndpoint=http://127.0.0.1:$QueuePort/$Account;"
    }

    # Starts a process with its output in log files (so that it never blocks on a full pipe); arguments are quoted one by one.
    function Start-LoggedProcess([string] $FilePath, [string[]] $Arguments, [string] $Name) {
        $quoted = $Arguments | ForEach-Object { '"' + ($_ -replace '"', '\"') + '"' }
        Start-Process -FilePath $FilePath -ArgumentList $quoted -WorkingDirectory $script:Temp -NoNewWindow -PassThru `
            -RedirectStandardOutput (Join-Path $script:Temp "$Name.out.log") -RedirectStandardError (Join-Path $script:Temp "$Name.err.log")
    }

    function Get-ProcessLog([string] $Name) {
        (Get-ChildItem -Path $script:Temp -Filter "$Name.*.log" | ForEach-Object { Get-Content -Raw -LiteralPath $_.FullName }) -join "`n"
    }

    # --- The module -----------------------------------------------------------------------------------------------
    if (-not (Test-Path -LiteralPath (Join-Path $script:ModulePath 'MediaOps.psd1'))) {
        throw "The staged module is not at $script:ModulePath. Run './build.sh stage' first."
    }
    Import-Module $script:ModulePath -Force -ErrorAction Stop

    # --- Azurite: two accounts (two "datacenters") on free 127.0.0.1 ports, in memory ------------------------------
    $azurite = Join-Path $script:RepoRoot 'node_modules' '.bin' 'azurite'
    if (-not (Test-Path -LiteralPath $azurite)) { throw "Azurite is not installed at $azurite. Run 'npm ci' in $script:RepoRoot." }
    $script:KeyA = New-AccountKey
    $script:KeyB = New-AccountKey
    $script:BlobPort = Get-FreePort
    $script:QueuePort = Get-FreePort
    $tablePort = Get-FreePort
    $env:AZURITE_ACCOUNTS = "dca:$($script:KeyA);dcb:$($script:KeyB)"
    try {
        $script:Azurite = Start-LoggedProcess -FilePath $azurite -Name 'azurite' -Arguments @(
            '--blobHost', '127.0.0.1', '--blobPort', "$script:BlobPort",
            '--queueHost', '127.0.0.1', '--queuePort', "$script:QueuePort",
            '--tableHost', '127.0.0.1', '--tablePort', "$tablePort",
            '--location', $script:Temp,
            '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck', '--silent')
    }
    finally {
        Remove-Item Env:AZURITE_ACCOUNTS -ErrorAction SilentlyContinue
    }
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not ((Test-TcpPort $script:BlobPort) -and (Test-TcpPort $script:QueuePort))) {
        if ($script:Azurite.HasExited -or [DateTime]::UtcNow -gt $deadline) {
            throw "Azurite did not start listening: $(Get-ProcessLog 'azurite')"
        }
        Start-Sleep -Milliseconds 100
    }
    $script:ConnectionStringA = Get-ConnectionString 'dca' $script:KeyA $script:BlobPort $script:QueuePort
    $script:ConnectionStringB = Get-ConnectionString 'dcb' $script:KeyB $script:BlobPort $script:QueuePort

    # --- A worker for account dca only: jobs in dcb stay Queued, which the timeout tests rely on --------------------
    $workerDll = @('Release', 'Debug') |
        ForEach-Object { Join-Path $script:RepoRoot 'src' 'MediaOps.Host' 'bin' $_ 'net10.0' 'mediaops.dll' } |
        Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1
    if (-not $workerDll) { throw "The mediaops host is not built (src/MediaOps.Host/bin/Release/net10.0/mediaops.dll). Run 'dotnet build MediaOps.sln -c Release'." }
    $script:Worker = Start-LoggedProcess -FilePath 'dotnet' -Name 'worker' -Arguments @(
        $workerDll, 'worker', '--connection-string', $script:ConnectionStringA, '--name', 'dca',
        '--work-directory', (Join-Path $script:Temp 'work'))

    # --- A 5 second mezzanine --------------------------------------------------------------------------------------
    $ffmpeg = if ($env:MEDIAOPS_FFMPEG) { $env:MEDIAOPS_FFMPEG } else { 'ffmpeg' }
    $script:Mezzanine = Join-Path $script:Temp 'mezzanine.mp4'
    & $ffmpeg -nostdin -hide_banner -loglevel error -y `
        -f lavfi -i 'testsrc2=size=640x360:rate=25:duration=5' `
        -f lavfi -i 'sine=frequency=440:sample_rate=48000:duration=5' `
        -c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 50 -c:a aac -b:a 96k -movflags +faststart $script:Mezzanine
    if ($LASTEXITCODE -ne 0 -or -not (Test-Path -LiteralPath $script:Mezzanine)) { throw "ffmpeg could not make the test mezzanine (exit code $LASTEXITCODE)." }

    # dcb first, so that dca is the session's default account afterwards.
    $script:B = Connect-MediaAccount -Name dcb -ConnectionString $script:ConnectionStringB
    $script:A = Connect-MediaAccount -Name dca -ConnectionString $script:ConnectionStringA
    if ($script:Worker.HasExited) { throw "The worker exited at once: $(Get-ProcessLog 'worker')" }

    function New-TestQueueName([string] $Prefix) { "$Prefix-$([guid]::NewGuid().ToString('N').Substring(0, 12))" }

    # The FullyQualifiedErrorId PowerShell gives an error record written by a MediaOps cmdlet.
    function Get-ErrorId([string] $Id, [string] $Cmdlet) {
        $type = ($Cmdlet -replace '-', '') + 'Command'
        "$Id,MediaOps.PowerShell.Commands.$type"
    }
}

AfterAll {
    foreach ($process in @($script:Worker, $script:Azurite)) {
        if ($process -and -not $process.HasExited) {
            $process.Kill($true)
            $null = $process.WaitForExit(10000)
        }
    }
    Remove-Module MediaOps -Force -ErrorAction SilentlyContinue
    if ($script:Temp) { Remove-Item -LiteralPath $script:Temp -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Connect-MediaAccount' {
    It 'connects with a connection string, returns the account and makes it the session default, never showing the key' {
        $verbose = Connect-MediaAccount -Name dca -ConnectionString $script:ConnectionStringA -Verbose 4>&1
        $context = @($verbose | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $context.Count | Should -Be 1
        $context[0].GetType().FullName | Should -Be 'MediaOps.Core.Accounts.MediaAccountContext'
        $context[0].Name | Should -Be 'dca'
        $context[0].StorageAccountName | Should -Be 'dca'
        $context[0].Authentication.ToString() | Should -Be 'ConnectionString'

        $shown = ($verbose | Out-String) + ($context[0] | Format-Table | Out-String) + ($context[0] | Format-List | Out-String)
        $shown | Should -Not -Match ([regex]::Escape($script:KeyA))

        # No -Context: the session default is used.
        { Get-MediaAsset -ErrorAction Stop } | Should -Not -Throw
    }

    It 'connects to Azurite with -Local' {
        $context = Connect-MediaAccount -Local -Name local-dcb -AccountName dcb -AccountKey $script:KeyB -BlobPort $script:BlobPort -QueuePort $script:QueuePort
        try {
            $context.Authentication.ToString() | Should -Be 'Local'
            $context.BlobEndpoint.ToString() | Should -BeLike "http://127.0.0.1:$($script:BlobPort)/dcb*"
        }
        finally {
            $null = $script:A | Connect-MediaAccount   # dca is the default again
        }
    }

    It 'fails fast with ConnectMediaAccountAuthenticationFailed on a wrong key, without showing the key' {
        $wrongKey = New-AccountKey
        $wrong = Get-ConnectionString 'dca' $wrongKey $script:BlobPort $script:QueuePort
        $record = { Connect-MediaAccount -ConnectionString $wrong } | Should -Throw -PassThru
        $record.FullyQualifiedErrorId | Should -Be (Get-ErrorId 'ConnectMediaAccountAuthenticationFailed' 'Connect-MediaAccount')
        $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $record.Exception.Message | Should -Not -Match ([regex]::Escape($wrongKey))
        # A failed connect leaves the default alone.
        { Get-MediaAsset -ErrorAction Stop } | Should -Not -Throw
    }

    It 'reports an endpoint nobody listens on as ConnectMediaAccountStorageUnreachable' {
        $closedPort = Get-FreePort
        $record = { Connect-MediaAccount -ConnectionString (Get-ConnectionString 'dca' $script:KeyA $closedPort $closedPort) } | Should -Throw -PassThru
        $record.FullyQualifiedErrorId | Should -Be (Get-ErrorId 'ConnectMediaAccountStorageUnreachable' 'Connect-MediaAccount')
        $record.CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'keeps the default account per runspace: a new runspace has none and says to connect' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModulePath)
                    Import-Module $ModulePath
                    try { Get-MediaJob -ErrorAction Stop; 'no error' } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
                }).AddArgument($script:ModulePath)
            $out = $ps.Invoke()
        }
        finally {
            $ps.Dispose()
        }
        $out[0] | Should -Be (Get-ErrorId 'GetMediaJobNoContext' 'Get-MediaJob')
        $out[1] | Should -Be 'No media account is connected. Run Connect-MediaAccount first.'
    }
}

Describe 'Submit-MediaJob | Wait-MediaJobNotification' {
    BeforeAll {
        $script:Endpoint = New-MediaNotificationEndpoint -Context $script:A -QueueName (New-TestQueueName 'jobs')
    }

    It 'emits the finished job, which carries its account and names a registered output asset' {
        $finished = @(Submit-MediaJob -Context $script:A -Path $script:Mezzanine -NotificationEndpoint $script:Endpoint |
                Wait-MediaJobNotification -Timeout (New-TimeSpan -Minutes 5))

        $finished.Count | Should -Be 1
        $finished[0].GetType().FullName | Should -Be 'MediaOps.Core.Models.MediaJob'
        $finished[0].State.ToString() | Should -Be 'Finished'
        $finished[0].Context.Name | Should -Be 'dca'
        $output = Get-MediaAsset -AssetId $finished[0].OutputAssetId -Context $script:A
        $output.Files.Count | Should -BeGreaterThan 0
        ($finished[0] | Format-Table | Out-String) | Should -Match 'Finished'

        # Stopping a job that already ended changes nothing and warns.
        $stopped = $finished[0] | Stop-MediaJob -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        $stopped.State.ToString() | Should -Be 'Finished'
        $warnings.Count | Should -Be 1
    }

    It 'encodes an asset piped from New-MediaAsset, in the account the asset came from' {
        $finished = @(New-MediaAsset -Context $script:A -Path $script:Mezzanine -Name 'piped input' |
                Submit-MediaJob -Preset 'H264 Single Bitrate 720p' -NotificationEndpoint $script:Endpoint |
                Wait-MediaJobNotification -Timeout (New-TimeSpan -Minutes 5))

        $finished.Count | Should -Be 1
        $finished[0].State.ToString() | Should -Be 'Finished'
        (Get-MediaAsset -Context $script:A -AssetId $finished[0].InputAssetId).Name | Should -Be 'piped input'
    }

    It 'reports a canceled job as the non-terminating error WaitMediaJobNotificationJobCanceled and emits nothing' {
        $job = Submit-MediaJob -Context $script:A -Path $script:Mezzanine -NotificationEndpoint $script:Endpoint
        $null = $job | Stop-MediaJob -Confirm:$false

        $out = @($job | Wait-MediaJobNotification -Timeout (New-TimeSpan -Minutes 2) -ErrorVariable waitErrors -ErrorAction SilentlyContinue)

        $out.Count | Should -Be 0
        $waitErrors.Count | Should -Be 1
        $waitErrors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'WaitMediaJobNotificationJobCanceled' 'Wait-MediaJobNotification')
        $waitErrors[0].TargetObject.Id | Should -Be $job.Id
    }

    It 'times out with WaitMediaJobNotificationTimedOut, naming the last state seen' {
        # No worker serves dcb: the job stays Queued.
        $endpointB = New-MediaNotificationEndpoint -Context $script:B -QueueName (New-TestQueueName 'stuck')
        $job = Submit-MediaJob -Context $script:B -Path $script:Mezzanine -NotificationEndpoint $endpointB -NotifyOn All

        $record = { $job | Wait-MediaJobNotification -Timeout (New-TimeSpan -Seconds 3) } | Should -Throw -PassThru

        $record.FullyQualifiedErrorId | Should -Be (Get-ErrorId 'WaitMediaJobNotificationTimedOut' 'Wait-MediaJobNotification')
        $record.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $record.Exception.Message | Should -Match 'Queued'
    }

    It 'returns within a second or two when stopped (Ctrl+C)' {
        $endpointB = New-MediaNotificationEndpoint -Context $script:B -QueueName (New-TestQueueName 'stop')
        $job = Submit-MediaJob -Context $script:B -Path $script:Mezzanine -NotificationEndpoint $endpointB
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModulePath, $ConnectionString, $JobId)
                    Import-Module $ModulePath
                    $context = Connect-MediaAccount -ConnectionString $ConnectionString
                    Wait-MediaJobNotification -Context $context -JobId $JobId -Timeout (New-TimeSpan -Minutes 10)
                }).AddArgument($script:ModulePath).AddArgument($script:ConnectionStringB).AddArgument($job.Id)
            $handle = $ps.BeginInvoke()
            Start-Sleep -Seconds 5
            $handle.IsCompleted | Should -BeFalse

            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Stop()

            $clock.Elapsed.TotalSeconds | Should -BeLessThan 2
            $ps.InvocationStateInfo.State.ToString() | Should -Be 'Stopped'
        }
        finally {
            $ps.Dispose()
        }
    }

    It 'Get-MediaJob reads a piped job again instead of listing every job of the account' {
        # No worker serves dcb: both jobs stay Queued. A piped job binds -InputObject by value, not the List set.
        $null = Submit-MediaJob -Context $script:B -Path $script:Mezzanine -Name 'other job'
        $got = @(Submit-MediaJob -Context $script:B -Path $script:Mezzanine -Name 'piped job' -OutVariable submitted | Get-MediaJob)

        @(Get-MediaJob -Context $script:B).Count | Should -BeGreaterThan 1
        $got.Count | Should -Be 1
        $got[0].Id | Should -Be $submitted[0].Id
        $got[0].Name | Should -Be 'piped job'
        $got[0].Context.Name | Should -Be 'dcb'
    }

    It 'reports a job without a notification endpoint instead of waiting for it' {
        $job = Submit-MediaJob -Context $script:B -Path $script:Mezzanine
        $out = @($job | Wait-MediaJobNotification -Timeout (New-TimeSpan -Minutes 1) -ErrorVariable waitErrors -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $waitErrors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'WaitMediaJobNotificationNoNotificationEndpoint' 'Wait-MediaJobNotification')
    }
}

Describe 'Assets' {
    It 'Get-ChildItem | New-MediaAsset creates one asset per file' {
        $folder = Join-Path $script:Temp 'many'
        $null = New-Item -ItemType Directory -Path $folder -Force
        Copy-Item -LiteralPath $script:Mezzanine -Destination (Join-Path $folder 'one.mp4')
        Copy-Item -LiteralPath $script:Mezzanine -Destination (Join-Path $folder 'two.mp4')

        $assets = @(Get-ChildItem -LiteralPath $folder -Filter *.mp4 | New-MediaAsset -Context $script:A)

        $assets.Count | Should -Be 2
        ($assets.Name | Sort-Object) | Should -Be @('one.mp4', 'two.mp4')
        $assets | ForEach-Object { $_.Files.Count | Should -Be 1; $_.PrimaryFile | Should -Be $_.Name }
    }

    It 'resolves relative paths against the current PowerShell location' {
        Push-Location -LiteralPath $script:Temp
        try {
            $asset = New-MediaAsset -Context $script:A -Path './mezzanine.mp4' -Name 'relative'
        }
        finally {
            Pop-Location
        }
        $asset.PrimaryFile | Should -Be 'mezzanine.mp4'
    }

    It 'New-MediaAsset | Get-MediaAsset returns exactly the piped asset, from its own account' {
        $null = New-MediaAsset -Context $script:A -Path $script:Mezzanine -Name 'not piped'
        $got = @(New-MediaAsset -Context $script:A -Path $script:Mezzanine -Name 'piped to get' -OutVariable created | Get-MediaAsset)

        @(Get-MediaAsset -Context $script:A).Count | Should -BeGreaterThan 1
        $got.Count | Should -Be 1
        $got[0].GetType().FullName | Should -Be 'MediaOps.Core.Models.MediaAsset'
        $got[0].Id | Should -Be $created[0].Id
        $got[0].Name | Should -Be 'piped to get'
        $got[0].Files.Count | Should -Be 1
        $got[0].Context.Name | Should -Be 'dca'

        # dca is the session default: an asset of dcb is read from dcb, the account it carries.
        $null = New-MediaAsset -Context $script:B -Path $script:Mezzanine -Name 'not piped'
        $fromB = @(New-MediaAsset -Context $script:B -Path $script:Mezzanine -Name 'piped from dcb' -OutVariable createdB | Get-MediaAsset)
        $fromB.Count | Should -Be 1
        $fromB[0].Id | Should -Be $createdB[0].Id
        $fromB[0].Context.Name | Should -Be 'dcb'
    }

    It 'Remove-MediaAsset deletes the asset' {
        $asset = New-MediaAsset -Context $script:A -Path $script:Mezzanine -Name 'to remove'
        $asset | Remove-MediaAsset -Confirm:$false -PassThru | Should -BeTrue
        $null = Get-MediaAsset -Context $script:A -AssetId $asset.Id -ErrorVariable getErrors -ErrorAction SilentlyContinue
        $getErrors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'GetMediaAssetNotFound' 'Get-MediaAsset')
    }
}

Describe 'Notifications' {
    It 'New-MediaNotificationEndpoint | Receive-MediaNotification -Delete reads the registration message once' {
        $endpoint = New-MediaNotificationEndpoint -Context $script:A -QueueName (New-TestQueueName 'recv') -Name 'receiver'
        $first = @($endpoint | Receive-MediaNotification -Delete -Confirm:$false)
        $first.Count | Should -Be 1
        $first[0].EventType | Should -Be 'NotificationEndPointRegistration'
        @($endpoint | Receive-MediaNotification).Count | Should -Be 0
    }

    It 'New-MediaNotificationEndpoint | Get-MediaNotificationEndpoint returns exactly the piped endpoint' {
        $null = New-MediaNotificationEndpoint -Context $script:A -QueueName (New-TestQueueName 'other')
        $got = @(New-MediaNotificationEndpoint -Context $script:A -QueueName (New-TestQueueName 'reread') -OutVariable created |
                Get-MediaNotificationEndpoint)

        @(Get-MediaNotificationEndpoint -Context $script:A).Count | Should -BeGreaterThan 1
        $got.Count | Should -Be 1
        $got[0].Id | Should -Be $created[0].Id
        $got[0].QueueName | Should -Be $created[0].QueueName
    }

    It 'Remove-MediaNotificationEndpoint removes the endpoint' {
        $endpoint = New-MediaNotificationEndpoint -Context $script:A -QueueName (New-TestQueueName 'gone')
        $endpoint | Remove-MediaNotificationEndpoint -DeleteQueue -Confirm:$false
        $null = Get-MediaNotificationEndpoint -Context $script:A -NotificationEndpointId $endpoint.Id -ErrorVariable getErrors -ErrorAction SilentlyContinue
        $getErrors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'GetMediaNotificationEndpointNotFound' 'Get-MediaNotificationEndpoint')
    }
}

Describe '-WhatIf creates, changes and deletes nothing' {
    It 'New-MediaAsset -WhatIf uploads nothing' {
        $before = @(Get-MediaAsset -Context $script:A).Count
        New-MediaAsset -Context $script:A -Path $script:Mezzanine -WhatIf
        @(Get-MediaAsset -Context $script:A).Count | Should -Be $before
    }

    It 'Submit-MediaJob -WhatIf submits no job and uploads no input' {
        $jobs = @(Get-MediaJob -Context $script:A).Count
        $assets = @(Get-MediaAsset -Context $script:A).Count
        Submit-MediaJob -Context $script:A -Path $script:Mezzanine -WhatIf
        @(Get-MediaJob -Context $script:A).Count | Should -Be $jobs
        @(Get-MediaAsset -Context $script:A).Count | Should -Be $assets
    }

    It 'New-MediaNotificationEndpoint -WhatIf creates no endpoint' {
        $queue = New-TestQueueName 'whatif'
        New-MediaNotificationEndpoint -Context $script:A -QueueName $queue -Name $queue -WhatIf
        @(Get-MediaNotificationEndpoint -Context $script:A -Name "$queue*").Count | Should -Be 0
    }

    It 'Remove-MediaAsset -WhatIf keeps the asset' {
        $asset = New-MediaAsset -Context $script:A -Path $script:Mezzanine -Name 'kept'
        $asset | Remove-MediaAsset -WhatIf
        (Get-MediaAsset -Context $script:A -AssetId $asset.Id).Id | Should -Be $asset.Id
    }

    It 'Receive-MediaNotification -Delete -WhatIf deletes no message' {
        $endpoint = New-MediaNotificationEndpoint -Context $script:A -QueueName (New-TestQueueName 'keep')
        @($endpoint | Receive-MediaNotification -Delete -WhatIf).Count | Should -Be 0
        @($endpoint | Receive-MediaNotification -Delete -Confirm:$false).Count | Should -Be 1
    }
}

Describe 'Bad input is reported with the right error id' {
    It 'a malformed job id: non-terminating GetMediaJobInvalidArgument' {
        $null = Get-MediaJob -Context $script:A -JobId 'not-a-job-id' -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'GetMediaJobInvalidArgument' 'Get-MediaJob')
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'an unknown asset among known ones: GetMediaAssetNotFound for it, the others still come out' {
        $known = New-MediaAsset -Context $script:A -Path $script:Mezzanine -Name 'known'
        $unknown = "nb:cid:UUID:$([guid]::NewGuid())"
        $out = @(Get-MediaAsset -Context $script:A -AssetId $unknown, $known.Id -ErrorVariable errors -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 1
        $out[0].Id | Should -Be $known.Id
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'GetMediaAssetNotFound' 'Get-MediaAsset')
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errors[0].TargetObject | Should -Be $unknown
    }

    It 'a missing file: NewMediaAssetInvalidArgument' {
        $null = New-MediaAsset -Context $script:A -Path (Join-Path $script:Temp 'missing.mp4') -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'NewMediaAssetInvalidArgument' 'New-MediaAsset')
    }

    It 'an unknown preset: SubmitMediaJobInvalidArgument, and nothing is uploaded' {
        $assets = @(Get-MediaAsset -Context $script:A).Count
        $null = Submit-MediaJob -Context $script:A -Path $script:Mezzanine -Preset 'No Such Preset' -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'SubmitMediaJobInvalidArgument' 'Submit-MediaJob')
        @(Get-MediaAsset -Context $script:A).Count | Should -Be $assets
    }

    It 'an unknown job to stop: StopMediaJobNotFound' {
        $null = Stop-MediaJob -Context $script:A -JobId ([guid]::NewGuid()) -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'StopMediaJobNotFound' 'Stop-MediaJob')
    }

    It 'an invalid queue name: NewMediaNotificationEndpointInvalidArgument' {
        $null = New-MediaNotificationEndpoint -Context $script:A -QueueName 'Not_A_Queue' -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'NewMediaNotificationEndpointInvalidArgument' 'New-MediaNotificationEndpoint')
    }

    It 'a zero timeout: terminating WaitMediaJobNotificationInvalidArgument' {
        { Wait-MediaJobNotification -Context $script:A -JobId ([guid]::NewGuid()) -Timeout ([timespan]::Zero) } |
            Should -Throw -ErrorId 'WaitMediaJobNotificationInvalidArgument'
    }
}

Describe 'Failover streaming: Submit | Wait | New-MediaLocator | Copy-MediaAsset | New-ReplicatedLocator' {
    BeforeAll {
        # The accounts again, now with the streaming endpoints of two origins (nothing listens there: only URLs are checked).
        $script:OriginA = 'https://origin-a.example.net'
        $script:OriginB = 'https://origin-b.example.net'
        $script:StreamB = Connect-MediaAccount -Name dcb -ConnectionString $script:ConnectionStringB -StreamingEndpoint $script:OriginB
        $script:StreamA = Connect-MediaAccount -Name dca -ConnectionString $script:ConnectionStringA -StreamingEndpoint $script:OriginA
        $endpoint = New-MediaNotificationEndpoint -Context $script:StreamA -QueueName (New-TestQueueName 'failover')

        # docs/DESIGN.md's pipeline, as users write it.
        $script:Replicated = @(
            Submit-MediaJob -Context $script:StreamA -Path $script:Mezzanine -NotificationEndpoint $endpoint |
                Wait-MediaJobNotification -Timeout (New-TimeSpan -Minutes 5) |
                New-MediaLocator -Type OnDemandOrigin -Duration (New-TimeSpan -Days 30) |
                Copy-MediaAsset -DestinationContext $script:StreamB -WarningVariable copyWarnings |
                New-ReplicatedLocator)
        $script:CopyWarnings = @($copyWarnings)
    }

    AfterAll {
        $null = $script:A | Connect-MediaAccount   # dca without a streaming endpoint is the default again
    }

    It 'emits the origin locators created in the destination account' {
        $script:Replicated.Count | Should -BeGreaterOrEqual 1
        foreach ($locator in $script:Replicated) {
            $locator.GetType().FullName | Should -Be 'MediaOps.Core.Models.MediaLocator'
            $locator.Type.ToString() | Should -Be 'OnDemandOrigin'
            $locator.Context.Name | Should -Be 'dcb'
            $locator.Id | Should -BeLike 'nb:lid:UUID:*'
        }
    }

    It 'gives each replica the id, start and expiry of its source, and URLs that differ only in their base URL' {
        foreach ($replica in $script:Replicated) {
            $source = Get-MediaLocator -Context $script:StreamA -LocatorId $replica.Id
            $source.AssetId | Should -Be $replica.AssetId
            $source.StartTime | Should -Be $replica.StartTime
            $source.ExpirationTime | Should -Be $replica.ExpirationTime
            $replica.StreamingPaths | Should -Be $source.StreamingPaths

            $replica.StreamingUrls.Count | Should -BeGreaterThan 0
            $replica.StreamingUrls.Count | Should -Be $source.StreamingUrls.Count
            for ($i = 0; $i -lt $replica.StreamingUrls.Count; $i++) {
                $urlA = $source.StreamingUrls[$i].AbsoluteUri
                $urlB = $replica.StreamingUrls[$i].AbsoluteUri
                $urlA | Should -BeLike "$script:OriginA/*"
                $urlB | Should -BeLike "$script:OriginB/*"
                $urlA.Substring($script:OriginA.Length) | Should -Be $urlB.Substring($script:OriginB.Length)
                $urlA.Substring($script:OriginA.Length) | Should -BeLike "/$($replica.Guid)/*"
            }
        }
    }

    It 'copied server-side within one Azurite, so it did not warn about streaming through this machine' {
        $script:CopyWarnings.Count | Should -Be 0
    }

    It 'registered the destination asset with the same id and byte-identical files' {
        $assetId = $script:Replicated[0].AssetId
        $source = Get-MediaAsset -Context $script:StreamA -AssetId $assetId
        $copy = Get-MediaAsset -Context $script:StreamB -AssetId $assetId
        $copy.Id | Should -Be $source.Id
        $copy.PrimaryFile | Should -Be $source.PrimaryFile
        ($copy.Files | Sort-Object Name | ForEach-Object { "$($_.Name) $($_.Length) $($_.ContentMd5)" }) |
            Should -Be ($source.Files | Sort-Object Name | ForEach-Object { "$($_.Name) $($_.Length) $($_.ContentMd5)" })
        $copy.ReplicatedFrom | Should -Not -BeNullOrEmpty
        ($copy | Format-Table | Out-String -Width 400) | Should -Match 'dcb'
    }

    It 'returns the same locator when the replica is created again' {
        $assetId = $script:Replicated[0].AssetId
        $again = @(New-ReplicatedLocator -Context $script:StreamB -AssetId $assetId -SourceContext $script:StreamA)
        ($again.Id | Sort-Object) | Should -Be ($script:Replicated.Id | Sort-Object)
    }

    It 'replicates one locator given as -SourceLocator to the asset piped in, idempotently' {
        $assetId = $script:Replicated[0].AssetId
        $sourceLocator = Get-MediaLocator -Context $script:StreamA -LocatorId $script:Replicated[0].Id
        $same = Get-MediaAsset -Context $script:StreamB -AssetId $assetId | New-ReplicatedLocator -SourceLocator $sourceLocator
        $same.Id | Should -Be $sourceLocator.Id
        $same.Context.Name | Should -Be 'dcb'
    }

    It 'refuses a locator id already used for another asset with NewReplicatedLocatorIdConflict' {
        $other = New-MediaAsset -Context $script:StreamA -Path $script:Mezzanine -Name 'another asset' |
            Copy-MediaAsset -DestinationContext $script:StreamB
        $sourceLocator = Get-MediaLocator -Context $script:StreamA -LocatorId $script:Replicated[0].Id

        $out = @(New-ReplicatedLocator -SourceLocator $sourceLocator -Asset $other -ErrorVariable replicateErrors -ErrorAction SilentlyContinue)

        $out.Count | Should -Be 0
        $replicateErrors.Count | Should -Be 1
        $replicateErrors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'NewReplicatedLocatorIdConflict' 'New-ReplicatedLocator')
        $replicateErrors[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        # The locator still belongs to the first asset.
        (Get-MediaLocator -Context $script:StreamB -LocatorId $sourceLocator.Id).AssetId | Should -Be $script:Replicated[0].AssetId
    }

    It 'Get-MediaLocator takes a finished job and lists the locators of its output asset' {
        $job = Get-MediaJob -Context $script:StreamA | Where-Object { $_.OutputAssetId -eq $script:Replicated[0].AssetId } | Select-Object -First 1
        $locators = @($job | Get-MediaLocator)
        $locators.Id | Should -Contain $script:Replicated[0].Id
        $locators | ForEach-Object { $_.AssetId | Should -Be $job.OutputAssetId }
    }

    It 'shows the streaming URLs of a locator in its table view' {
        ($script:Replicated[0] | Format-Table | Out-String -Width 400) | Should -Match ([regex]::Escape($script:OriginB))
    }
}

Describe 'Locators' {
    BeforeAll {
        $script:LocatorAsset = New-MediaAsset -Context $script:A -Path $script:Mezzanine -Name 'locator target'
    }

    It 'New-MediaLocator -Type Sas gives a read SAS that reads the blobs and cannot write, and shows the SAS nowhere' {
        $out = @(New-MediaLocator -Context $script:A -AssetId $script:LocatorAsset.Id -Type Sas -Duration (New-TimeSpan -Minutes 30) -Verbose 4>&1)
        $locator = @($out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $locator.Count | Should -Be 1
        $sas = $locator[0]
        $sas.Type.ToString() | Should -Be 'Sas'
        $sas.Permissions.ToString() | Should -Be 'Read'
        $sas.Path | Should -Match 'sig='
        $sas.ExpirationTime | Should -BeLessOrEqual ([DateTimeOffset]::UtcNow.AddMinutes(31))

        $blob = [UriBuilder]::new($sas.Path)
        $blob.Path = $blob.Path.TrimEnd('/') + '/' + [Uri]::EscapeDataString($script:LocatorAsset.PrimaryFile)
        (Invoke-WebRequest -Uri $blob.Uri -Method Get -SkipHttpErrorCheck).StatusCode | Should -Be 200
        $write = Invoke-WebRequest -Uri $blob.Uri -Method Put -Body 'overwritten' -Headers @{ 'x-ms-blob-type' = 'BlockBlob' } -SkipHttpErrorCheck
        $write.StatusCode | Should -Be 403

        $shown = ($out | Out-String) + ($sas | Format-Table | Out-String -Width 400) + ($sas | Format-List | Out-String -Width 400) + $sas.ToString()
        $shown | Should -Not -Match 'sig='
    }

    It 'A piped SAS locator that no longer exists is an error whose TargetObject carries no SAS' {
        $locator = New-MediaLocator -Context $script:A -AssetId $script:LocatorAsset.Id -Type Sas
        $locator.Path | Should -Match 'sig='
        Remove-MediaLocator -Context $script:A -LocatorId $locator.Id -Confirm:$false

        $locator | Get-MediaLocator -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        $errors[0].TargetObject | Should -Be $locator.Id
        ($errors[0] | Format-List * -Force | Out-String -Width 400) | Should -Not -Match 'sig='
    }

    It 'Get-MediaLocator finds a locator by id, by piped locator, by piped asset, and among all' {
        $locator = New-MediaLocator -Context $script:A -AssetId $script:LocatorAsset.Id -Type Sas
        (Get-MediaLocator -Context $script:A -LocatorId $locator.Id).Id | Should -Be $locator.Id
        (Get-MediaLocator -Context $script:A $locator.Id).Id | Should -Be $locator.Id

        # A piped locator is read again (not its asset's list).
        $reread = @($locator | Get-MediaLocator)
        $reread.Count | Should -Be 1
        $reread[0].Id | Should -Be $locator.Id

        $ofAsset = @($script:LocatorAsset | Get-MediaLocator)
        $ofAsset.Id | Should -Contain $locator.Id
        $ofAsset | ForEach-Object { $_.AssetId | Should -Be $script:LocatorAsset.Id }

        @(Get-MediaLocator -Context $script:A).Id | Should -Contain $locator.Id
    }

    It 'Get-MediaLocator | Remove-MediaLocator removes the locator and keeps the asset' {
        $locator = New-MediaLocator -Context $script:A -AssetId $script:LocatorAsset.Id -Type Sas
        Get-MediaLocator -Context $script:A -LocatorId $locator.Id | Remove-MediaLocator -Confirm:$false -PassThru | Should -BeTrue

        $null = Get-MediaLocator -Context $script:A -LocatorId $locator.Id -ErrorVariable getErrors -ErrorAction SilentlyContinue
        $getErrors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'GetMediaLocatorNotFound' 'Get-MediaLocator')
        (Get-MediaAsset -Context $script:A -AssetId $script:LocatorAsset.Id).Id | Should -Be $script:LocatorAsset.Id
    }

    It 'New-MediaLocator takes the output asset of a piped job, not the job id' {
        $endpoint = New-MediaNotificationEndpoint -Context $script:A -QueueName (New-TestQueueName 'locjob')
        $job = Submit-MediaJob -Context $script:A -Path $script:Mezzanine -NotificationEndpoint $endpoint |
            Wait-MediaJobNotification -Timeout (New-TimeSpan -Minutes 5)
        $locator = $job | New-MediaLocator -Type Sas
        $locator.AssetId | Should -Be $job.OutputAssetId
        $locator.Context.Name | Should -Be 'dca'
    }

    It 'New-MediaLocator -WhatIf and Remove-MediaLocator -WhatIf change nothing' {
        $before = @(Get-MediaLocator -Context $script:A -AssetId $script:LocatorAsset.Id).Count
        New-MediaLocator -Context $script:A -AssetId $script:LocatorAsset.Id -Type Sas -WhatIf
        @(Get-MediaLocator -Context $script:A -AssetId $script:LocatorAsset.Id).Count | Should -Be $before

        $locator = New-MediaLocator -Context $script:A -AssetId $script:LocatorAsset.Id -Type Sas
        $locator | Remove-MediaLocator -WhatIf
        (Get-MediaLocator -Context $script:A -LocatorId $locator.Id).Id | Should -Be $locator.Id
    }

    It 'rejects a non-positive -Duration before creating anything: terminating NewMediaLocatorInvalidArgument' {
        $before = @(Get-MediaLocator -Context $script:A).Count
        { New-MediaLocator -Context $script:A -AssetId $script:LocatorAsset.Id -Duration ([TimeSpan]::Zero) } |
            Should -Throw -ErrorId 'NewMediaLocatorInvalidArgument'
        @(Get-MediaLocator -Context $script:A).Count | Should -Be $before
    }

    It 'reports an unknown asset as NewMediaLocatorNotFound' {
        $null = New-MediaLocator -Context $script:A -AssetId "nb:cid:UUID:$([guid]::NewGuid())" -Type Sas -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'NewMediaLocatorNotFound' 'New-MediaLocator')
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Copy-MediaAsset' {
    It 'copies a piped asset into the destination account with the same id and remembers where it came from' {
        $asset = New-MediaAsset -Context $script:A -Path $script:Mezzanine -Name 'to copy'
        $out = @($asset | Copy-MediaAsset -DestinationContext $script:B -Verbose 4>&1)
        $copy = @($out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })

        $copy.Count | Should -Be 1
        $copy[0].GetType().FullName | Should -Be 'MediaOps.Core.Models.MediaAsset'
        $copy[0].Id | Should -Be $asset.Id
        $copy[0].Context.Name | Should -Be 'dcb'
        $copy[0].SourceContext.Name | Should -Be 'dca'
        ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String) | Should -Match '1 file\(s\) copied'
        (Get-MediaAsset -Context $script:B -AssetId $asset.Id).Files.Count | Should -Be 1

        # A rerun finds everything there and verified.
        $rerun = @($asset | Copy-MediaAsset -DestinationContext $script:B -Verbose 4>&1)
        ($rerun | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String) | Should -Match '0 file\(s\) copied .*1 already present'
    }

    It 'takes the asset of a piped locator' {
        $asset = New-MediaAsset -Context $script:A -Path $script:Mezzanine -Name 'copy by locator'
        $copy = New-MediaLocator -Context $script:A -AssetId $asset.Id -Type Sas | Copy-MediaAsset -DestinationContext $script:B
        $copy.Id | Should -Be $asset.Id
        $copy.Context.Name | Should -Be 'dcb'
    }

    It '-WhatIf copies nothing and registers nothing' {
        $asset = New-MediaAsset -Context $script:A -Path $script:Mezzanine -Name 'not copied'
        $before = @(Get-MediaAsset -Context $script:B).Count

        $out = @($asset | Copy-MediaAsset -DestinationContext $script:B -WhatIf)

        $out.Count | Should -Be 0
        @(Get-MediaAsset -Context $script:B).Count | Should -Be $before
        $null = Get-MediaAsset -Context $script:B -AssetId $asset.Id -ErrorVariable getErrors -ErrorAction SilentlyContinue
        $getErrors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'GetMediaAssetNotFound' 'Get-MediaAsset')
    }

    It 'reports an unknown asset as CopyMediaAssetNotFound and goes on with the next one' {
        $known = New-MediaAsset -Context $script:A -Path $script:Mezzanine -Name 'known copy'
        $unknown = "nb:cid:UUID:$([guid]::NewGuid())"
        # Objects with an AssetId, as Import-Csv would give them (Copy-MediaAsset binds by property name).
        $out = @([pscustomobject]@{ AssetId = $unknown }, [pscustomobject]@{ AssetId = $known.Id } |
                Copy-MediaAsset -Context $script:A -DestinationContext $script:B -ErrorVariable errors -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 1
        $out[0].Id | Should -Be $known.Id
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'CopyMediaAssetNotFound' 'Copy-MediaAsset')
        $errors[0].TargetObject | Should -Be $unknown
    }

    It 'requires -DestinationContext' {
        (Get-Command Copy-MediaAsset).Parameters['DestinationContext'].Attributes |
            Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] } |
            ForEach-Object { $_.Mandatory | Should -BeTrue }
    }
}

Describe 'Copy-MediaAsset between two Azurite instances (no server-side copy)' {
    BeforeAll {
        # A second Azurite stands for an account the first cannot copy from: the blobs stream through this machine.
        $azurite = Join-Path $script:RepoRoot 'node_modules' '.bin' 'azurite'
        $script:KeyC = New-AccountKey
        $blobPort = Get-FreePort
        $queuePort = Get-FreePort
        $tablePort = Get-FreePort
        $location = Join-Path $script:Temp 'azurite-c'
        $null = New-Item -ItemType Directory -Path $location -Force
        $env:AZURITE_ACCOUNTS = "dcc:$($script:KeyC)"
        try {
            $script:AzuriteC = Start-LoggedProcess -FilePath $azurite -Name 'azurite-c' -Arguments @(
                '--blobHost', '127.0.0.1', '--blobPort', "$blobPort",
                '--queueHost', '127.0.0.1', '--queuePort', "$queuePort",
                '--tableHost', '127.0.0.1', '--tablePort', "$tablePort",
                '--location', $location,
                '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck', '--silent')
        }
        finally {
            Remove-Item Env:AZURITE_ACCOUNTS -ErrorAction SilentlyContinue
        }
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not ((Test-TcpPort $blobPort) -and (Test-TcpPort $queuePort))) {
            if ($script:AzuriteC.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw "The second Azurite did not start: $(Get-ProcessLog 'azurite-c')" }
            Start-Sleep -Milliseconds 100
        }
        $script:C = Connect-MediaAccount -Name dcc -ConnectionString (Get-ConnectionString 'dcc' $script:KeyC $blobPort $queuePort)
        $null = $script:A | Connect-MediaAccount   # dca stays the default
    }

    AfterAll {
        if ($script:AzuriteC -and -not $script:AzuriteC.HasExited) {
            $script:AzuriteC.Kill($true)
            $null = $script:AzuriteC.WaitForExit(10000)
        }
    }

    It 'streams the blobs, warns once that they pass through this machine, and emits the copy' {
        $asset = New-MediaAsset -Context $script:A -Path $script:Mezzanine -Name 'streamed'

        $copy = $asset | Copy-MediaAsset -DestinationContext $script:C -WarningVariable warnings -WarningAction SilentlyContinue

        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'this machine'
        $copy.Id | Should -Be $asset.Id
        $copy.Context.Name | Should -Be 'dcc'
        $copied = Get-MediaAsset -Context $script:C -AssetId $asset.Id
        $copied.Files.Name | Should -Be $asset.Files.Name
        $copied.TotalBytes | Should -Be $asset.TotalBytes
    }
}

Describe 'New-ReplicatedLocator names the fix when it cannot replicate' {
    It 'an asset that does not say where it was copied from: NewReplicatedLocatorNoSourceContext, naming Copy-MediaAsset and -SourceContext' {
        $copy = New-MediaAsset -Context $script:A -Path $script:Mezzanine -Name 'no source context' | Copy-MediaAsset -DestinationContext $script:B
        $reread = Get-MediaAsset -Context $script:B -AssetId $copy.Id   # read again: no SourceContext

        $out = @($reread | New-ReplicatedLocator -ErrorVariable errors -ErrorAction SilentlyContinue)

        $out.Count | Should -Be 0
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'NewReplicatedLocatorNoSourceContext' 'New-ReplicatedLocator')
        $errors[0].Exception.Message | Should -Match 'Copy-MediaAsset'
        $errors[0].Exception.Message | Should -Match '-SourceContext'
    }

    It 'a source asset without an origin locator: an error naming New-MediaLocator, and nothing created' {
        $copy = New-MediaAsset -Context $script:A -Path $script:Mezzanine -Name 'no origin locator' | Copy-MediaAsset -DestinationContext $script:B

        $out = @($copy | New-ReplicatedLocator -ErrorVariable errors -ErrorAction SilentlyContinue)

        $out.Count | Should -Be 0
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'NewReplicatedLocator*,MediaOps.PowerShell.Commands.NewReplicatedLocatorCommand'
        $errors[0].Exception.Message | Should -Match 'New-MediaLocator'
        @(Get-MediaLocator -Context $script:B -AssetId $copy.Id).Count | Should -Be 0
    }

    It '-WhatIf creates no locator' {
        $endpoint = New-MediaNotificationEndpoint -Context $script:A -QueueName (New-TestQueueName 'replwhatif')
        $copy = Submit-MediaJob -Context $script:A -Path $script:Mezzanine -NotificationEndpoint $endpoint |
            Wait-MediaJobNotification -Timeout (New-TimeSpan -Minutes 5) |
            New-MediaLocator -Type OnDemandOrigin |
            Copy-MediaAsset -DestinationContext $script:B

        $copy | New-ReplicatedLocator -WhatIf

        @(Get-MediaLocator -Context $script:B -AssetId $copy.Id).Count | Should -Be 0
    }
}
