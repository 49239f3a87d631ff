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
