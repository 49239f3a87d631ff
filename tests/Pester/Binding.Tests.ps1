#Requires -Version 7.4
<#
    Binding as people pipe: id strings by value where a cmdlet takes ids, path strings by value for -Path, a job piped
    to Get-MediaAsset gives its output asset, and unrelated objects bind nothing (an error, never a prompt or an action
    on a number such as a process id).
#>

BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force
    Import-Module (Get-ModulePath) -Force
    $script:Lab = Start-MediaOpsLab
    $script:Endpoint = New-MediaNotificationEndpoint -QueueName (New-TestQueueName 'bind')
    $script:Job = Submit-MediaJob -Path $script:Lab.Mezzanine -Preset 'H264 Single Bitrate 720p' -NotificationEndpoint $script:Endpoint |
        Wait-MediaJobNotification -Timeout (New-TimeSpan -Minutes 5)
}

AfterAll {
    Stop-MediaOpsLab $script:Lab
}

Describe 'Id strings by value' {
    It '$asset.Id | Remove-MediaAsset removes the asset' {
        $asset = New-MediaAsset -Path $script:Lab.Mezzanine
        $asset.Id | Remove-MediaAsset -Force -PassThru | Should -BeTrue
        $null = Get-MediaAsset -AssetId $asset.Id -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'GetMediaAssetNotFound' 'Get-MediaAsset')
    }

    It '<Command> reads piped id strings' -ForEach @(
        @{ Command = 'Get-MediaAsset'; Id = { $script:Job.OutputAssetId } }
        @{ Command = 'Get-MediaJob'; Id = { $script:Job.Id } }
        @{ Command = 'Get-MediaNotificationEndpoint'; Id = { $script:Endpoint.Id } }
        @{ Command = 'Get-MediaLocator'; Id = { (New-MediaLocator -AssetId $script:Job.OutputAssetId).Id } }) {
        $id = & $Id
        $read = @($id | & $Command)
        $read.Count | Should -Be 1
        $read[0].Id | Should -Be $id
    }

    It 'Stop-MediaJob, Wait-MediaJobNotification, New-MediaLocator and Copy-MediaAsset take piped id strings' {
        ($script:Job.Id | Stop-MediaJob -Force -WarningAction SilentlyContinue).Id | Should -Be $script:Job.Id
        $locator = $script:Job.OutputAssetId | New-MediaLocator -Type OnDemandOrigin
        $locator.AssetId | Should -Be $script:Job.OutputAssetId
        ($script:Job.OutputAssetId | Copy-MediaAsset -DestinationContext $script:Lab.B).Context.Name | Should -Be 'dcb'
        $locator.Id | Remove-MediaLocator -Force -PassThru | Should -BeTrue
        $next = Submit-MediaJob -Path $script:Lab.Mezzanine -Preset 'H264 Single Bitrate 720p' -NotificationEndpoint $script:Endpoint
        ($next.Id | Wait-MediaJobNotification -Timeout (New-TimeSpan -Minutes 5)).Id | Should -Be $next.Id
    }
}

Describe 'Paths by value' {
    It '''./clip.mp4'' | Submit-MediaJob uploads that file' {
        Push-Location -LiteralPath (Split-Path $script:Lab.Mezzanine)
        try {
            $job = './mezzanine.mp4' | Submit-MediaJob -Preset 'H264 Single Bitrate 720p' -Name 'piped path' -Context $script:Lab.B
        }
        finally {
            Pop-Location
        }
        $job.Name | Should -Be 'piped path'
        (Get-MediaAsset -Context $script:Lab.B -AssetId $job.InputAssetId).PrimaryFile | Should -Be 'mezzanine.mp4'
    }

    It 'piped path strings and piped files make assets with New-MediaAsset' {
        ($script:Lab.Mezzanine | New-MediaAsset).PrimaryFile | Should -Be 'mezzanine.mp4'
        (Get-Item -LiteralPath $script:Lab.Mezzanine | New-MediaAsset).PrimaryFile | Should -Be 'mezzanine.mp4'
        (Get-Item -LiteralPath $script:Lab.Mezzanine | Submit-MediaJob -Preset 'H264 Single Bitrate 720p' -Context $script:Lab.B).Name | Should -Match 'mezzanine'
    }
}

Describe 'A piped job' {
    It 'gives its output asset to Get-MediaAsset' {
        $asset = $script:Job | Get-MediaAsset
        $asset.Id | Should -Be $script:Job.OutputAssetId
        $asset.Id | Should -Not -Be $script:Job.InputAssetId
        (Get-MediaJob -JobId $script:Job.Id | Get-MediaAsset).Id | Should -Be $script:Job.OutputAssetId
    }

    It 'that has not finished says so instead of only "not found"' {
        $queued = Submit-MediaJob -Path $script:Lab.Mezzanine -Preset 'H264 Single Bitrate 720p' -Context $script:Lab.B
        $null = $queued | Get-MediaAsset -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'GetMediaAssetNotFound' 'Get-MediaAsset')
        $errors[0].Exception.Message | Should -Match 'was Queued when it was read'
        $errors[0].Exception.Message | Should -Match 'Wait-MediaJobNotification'
    }
}

Describe 'Unrelated objects bind nothing' {
    It 'Get-Process -Id $PID | <Command> is an error and acts on nothing' -ForEach @(
        @{ Command = 'Remove-MediaAsset' }, @{ Command = 'Remove-MediaLocator' }, @{ Command = 'Remove-MediaNotificationEndpoint' },
        @{ Command = 'Stop-MediaJob' }, @{ Command = 'Get-MediaAsset' }, @{ Command = 'Get-MediaJob' }, @{ Command = 'New-MediaLocator' },
        @{ Command = 'Copy-MediaAsset' }) {
        $before = @(Get-MediaAsset).Count
        $extra = if ($Command -eq 'Copy-MediaAsset') { @{ DestinationContext = $script:Lab.B } } else { @{} }
        $whatIf = if ((Get-Command $Command).Parameters.ContainsKey('WhatIf')) { @{ WhatIf = $true } } else { @{} }
        $output = @(Get-Process -Id $PID | & $Command @extra @whatIf -ErrorVariable errors -ErrorAction SilentlyContinue 6>&1)
        $output | Should -BeNullOrEmpty
        $errors.Count | Should -BeGreaterThan 0
        ($errors | Out-String) | Should -Not -Match "\b$PID\b"
        $errors[0].FullyQualifiedErrorId | Should -Match 'InputObjectNotBound|ParameterArgumentTransformationError'
        @(Get-MediaAsset).Count | Should -Be $before
    }

    It 'Remove-MediaAsset -WhatIf names no process id' {
        $transcript = Join-Path $script:Lab.Directory 'whatif.txt'
        $null = Start-Transcript -LiteralPath $transcript
        try { Get-Process -Id $PID | Remove-MediaAsset -WhatIf -ErrorAction SilentlyContinue } finally { $null = Stop-Transcript }
        $text = Get-Content -Raw -LiteralPath $transcript
        $text | Should -Not -Match 'What if:'
        $text | Should -Not -Match ('"' + $PID + '"')
    }
}
