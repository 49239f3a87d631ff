#Requires -Version 7.4
<#
    Every ```powershell example of README.md runs, as written: only the accounts ($csA, $csB: Azurite's dca and dcb), the
    module's path and the input file (./BigBuckBunny.mp4, a test mezzanine in the current folder) are supplied.
    Azurite with dca and dcb, a worker on dca.
#>

BeforeDiscovery {
    $readme = Get-Content -Raw -LiteralPath (Join-Path $PSScriptRoot '..' '..' 'README.md')
    $script:Examples = @([regex]::Matches($readme, '(?ms)^```powershell\r?\n(.*?)^```') | ForEach-Object { $_.Groups[1].Value })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force
    $script:Lab = Start-MediaOpsLab   # imports the staged module

    $readme = Get-Content -Raw -LiteralPath (Join-Path (Get-RepoRoot) 'README.md')
    $script:Examples = @([regex]::Matches($readme, '(?ms)^```powershell\r?\n(.*?)^```') | ForEach-Object { $_.Groups[1].Value })

    # The README example that starts with the line given.
    function Get-Example([string] $FirstLine) {
        $found = @($Examples | Where-Object { ($_ -split "`n")[0].TrimEnd() -eq $FirstLine })
        $found.Count | Should -Be 1 -Because "README.md has one powershell example starting with '$FirstLine'"
        $found[0]
    }

    # A folder holding ./BigBuckBunny.mp4, where the examples run.
    $script:WorkFolder = New-Item -ItemType Directory -Path (Join-Path $Lab.Directory 'readme') -Force
    Copy-Item -LiteralPath $Lab.Mezzanine -Destination (Join-Path $WorkFolder 'BigBuckBunny.mp4')
    Copy-Item -LiteralPath $Lab.Mezzanine -Destination (Join-Path $WorkFolder 'in.mp4')
    $clips = New-Item -ItemType Directory -Path (Join-Path $WorkFolder 'clips') -Force
    foreach ($clip in 'a.mp4', 'b.mp4') { Copy-Item -LiteralPath $Lab.Mezzanine -Destination (Join-Path $clips $clip) }
    $script:csA = $Lab.ConnectionStringA
    $script:csB = $Lab.ConnectionStringB
}

AfterAll {
    if ($script:Lab) { $null = $Lab.A | Connect-MediaAccount }
    Stop-MediaOpsLab $script:Lab
}

Describe 'README.md' {
    It 'has exactly the powershell examples these tests run' -ForEach @(@{ Count = $Examples.Count }) {
        $Count | Should -Be 4 -Because 'a new example in README.md needs a test here'
    }

    It 'Quick start: after ./build.sh stage, the repository''s pwsh imports ./out/MediaOps and lists at least 17 cmdlets' {
        $example = Get-Example './build.sh stage'
        $run = Invoke-FreshPwsh -WorkingDirectory (Get-RepoRoot) -TimeoutSeconds 600 -Script @"
`$ErrorActionPreference = 'Stop'
$example
'cmdlets: ' + @(Get-Command -Module MediaOps -CommandType Cmdlet).Count
"@
        $run.ExitCode | Should -Be 0 -Because $run.Errors
        $run.Output | Should -Match '==> staged: Import-Module ./out/MediaOps'
        [int] ([regex]::Match($run.Output, '(?m)^cmdlets: (\d+)').Groups[1].Value) | Should -BeGreaterOrEqual 17
    }

    It 'Using the module: connect, endpoint, submit and wait, list, stop, remove -WhatIf, receive the messages' {
        $example = (Get-Example 'Import-Module ./out/MediaOps') -replace '(?m)^Import-Module \./out/MediaOps', "Import-Module '$($Lab.ModulePath)'"
        $trailer = New-MediaAsset -Context $Lab.A -Path $Lab.Mezzanine -Name 'trailer-1'

        Push-Location -LiteralPath $WorkFolder
        try {
            $out = @(. ([scriptblock]::Create($example)) 3>$null)
        }
        finally {
            Pop-Location
        }

        $finished = @($out | Where-Object { $_ -is [MediaOps.PowerShell.MediaJob] -and $_.State -eq 'Finished' })
        $finished.Count | Should -BeGreaterOrEqual 1
        $finished[0].Id | Should -Be @($job)[0].Id
        $finished[0].Context.Name | Should -Be 'dca'
        (Get-MediaAsset -Context $Lab.A -AssetId $trailer.Id).Id | Should -Be $trailer.Id   # -WhatIf removed nothing
        $out | Where-Object { $_ -is [MediaOps.PowerShell.MediaNotification] } | ForEach-Object EventType | Should -Contain 'NotificationEndPointRegistration'
    }

    It 'Failover streaming: the five-stage pipeline, then a SAS locator and its removal' {
        $example = Get-Example '$a  = Connect-MediaAccount -Name dca -ConnectionString $csA -StreamingEndpoint https://origin-a.example.net'

        Push-Location -LiteralPath $WorkFolder
        try {
            $out = @(. ([scriptblock]::Create($example)))
        }
        finally {
            Pop-Location
        }

        @($replicas).Count | Should -BeGreaterOrEqual 1
        foreach ($replica in $replicas) {
            $replica.Type.ToString() | Should -Be 'OnDemandOrigin'
            $replica.Context.Name | Should -Be 'dcb'
            $source = Get-MediaLocator -Context $a -LocatorId $replica.Id
            ($source.StreamingUrls.AbsoluteUri -replace '^https://origin-a\.example\.net') |
                Should -Be ($replica.StreamingUrls.AbsoluteUri -replace '^https://origin-b\.example\.net')
        }
        $out | ForEach-Object Id | Should -Contain @($replicas)[0].Id   # the example shows the replicas
        $sas.Type.ToString() | Should -Be 'Sas'

        # The SAS locator was made in dcb, the default after the connects, and removed: its URL no longer reads the asset.
        $sas.Context.Name | Should -Be 'dcb'
        @(Get-MediaLocator -Context $b -AssetId $id | Where-Object Type -EQ Sas).Count | Should -Be 0
        @(Get-MediaLocator -Context $b -AssetId $id | Where-Object Type -EQ OnDemandOrigin).Count | Should -BeGreaterOrEqual 1
        $blob = [UriBuilder]::new($sas.Path)
        $blob.Path = $blob.Path.TrimEnd('/') + '/' + [Uri]::EscapeDataString((Get-MediaAsset -Context $b -AssetId $id).PrimaryFile)
        (Invoke-WebRequest -Uri $blob.Uri -SkipHttpErrorCheck).StatusCode | Should -Be 403
    }

    It 'WebHook endpoints: create one, keep its key, subscribe a job to it and a queue, list the WebHooks' {
        # The receiver's address is the only change: the lab's worker delivers, and tests send nothing off this machine.
        $first = @($Examples | ForEach-Object { ($_ -split "`n")[0] } | Where-Object { $_ -like '$hook = New-MediaNotificationEndpoint -EndpointType WebHook*' })
        $example = (Get-Example $first[0].TrimEnd()) -replace 'https://fn\.example\.net/', 'http://127.0.0.1:9/'
        $null = $Lab.A | Connect-MediaAccount   # dca, where the lab's worker runs, is the default again
        $queueEndpoint = New-MediaNotificationEndpoint -QueueName (New-TestQueueName 'readme-hook')

        Push-Location -LiteralPath $WorkFolder
        try {
            $out = @(. ([scriptblock]::Create($example)))
        }
        finally {
            Pop-Location
        }

        [Convert]::FromBase64String($hook.SigningKey).Length | Should -Be 64
        $out | Should -Contain $hook.SigningKey   # the example shows the key, once
        $job = @($out | Where-Object { $_ -is [MediaOps.PowerShell.MediaJob] })
        $job.Count | Should -Be 1
        $job[0].NotificationSubscriptions.NotificationEndpointId | Should -Be @($hook.Id, $queueEndpoint.Id)
        $listed = @($out | Where-Object { $_ -is [MediaOps.PowerShell.NotificationEndpoint] })
        $listed.Id | Should -Contain $hook.Id
        $listed | ForEach-Object { $_.IsWebHook | Should -BeTrue; $_.SigningKey | Should -BeNullOrEmpty }
        ($listed | Where-Object Id -EQ $hook.Id).Address | Should -Be 'http://127.0.0.1:9/api/notification_webhook_function'
    }
}
