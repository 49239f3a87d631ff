#Requires -Version 7.4
<#
    Replication: DESIGN.md's five-stage failover pipeline and New-ReplicatedLocator.
    Azurite with dca and dcb, a worker on dca.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force
    $script:Lab = Start-MediaOpsLab   # imports the staged module
}

AfterAll { Stop-MediaOpsLab $script:Lab }

Describe 'Failover streaming: Submit | Wait | New-MediaLocator | Copy-MediaAsset | New-ReplicatedLocator' {
    BeforeAll {
        # The accounts again, now with the streaming endpoints of two origins (nothing listens there: only URLs are checked).
        $script:OriginA = 'https://origin-a.example.net'
        $script:OriginB = 'https://origin-b.example.net'
        $script:StreamB = Connect-MediaAccount -Name dcb -ConnectionString $Lab.ConnectionStringB -StreamingEndpoint $script:OriginB
        $script:StreamA = Connect-MediaAccount -Name dca -ConnectionString $Lab.ConnectionStringA -StreamingEndpoint $script:OriginA
        $endpoint = New-MediaNotificationEndpoint -Context $script:StreamA -QueueName (New-TestQueueName 'failover')

        # DESIGN.md's pipeline, as users write it.
        $script:Replicated = @(
            Submit-MediaJob -Context $script:StreamA -Path $Lab.Mezzanine -NotificationEndpoint $endpoint |
                Wait-MediaJobNotification -Timeout (New-TimeSpan -Minutes 5) |
                New-MediaLocator -Type OnDemandOrigin -Duration (New-TimeSpan -Days 30) |
                Copy-MediaAsset -DestinationContext $script:StreamB -WarningVariable copyWarnings |
                New-ReplicatedLocator)
        $script:CopyWarnings = @($copyWarnings)
    }

    AfterAll {
        $null = $Lab.A | Connect-MediaAccount   # dca without a streaming endpoint is the default again
    }

    It 'emits the origin locators created in the destination account' {
        $script:Replicated.Count | Should -BeGreaterOrEqual 1
        foreach ($locator in $script:Replicated) {
            $locator.GetType().FullName | Should -Be 'MediaOps.PowerShell.MediaLocator'
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

    It 'shows the Media Services URLs, named after the source asset, identical in both accounts but for the base URL' {
        foreach ($replica in $script:Replicated) {
            $source = Get-MediaLocator -Context $script:StreamA -LocatorId $replica.Id
            $asset = Get-MediaAsset -Context $script:StreamA -AssetId $source.AssetId
            $name = ($asset.Name -replace '[^A-Za-z0-9._-]+', '-').Trim('-', '.')
            $name | Should -Not -BeNullOrEmpty
            $source.MediaServicesStreamingPaths | Should -Be @(
                "$($source.Guid)/$name.ism/manifest(format=m3u8-aapl)",
                "$($source.Guid)/$name.ism/manifest(format=mpd-time-csf)")
            $replica.MediaServicesStreamingPaths | Should -Be $source.MediaServicesStreamingPaths
            @($source.MediaServicesStreamingUrls.AbsoluteUri) | Should -Be @($source.MediaServicesStreamingPaths | ForEach-Object { "$script:OriginA/$_" })
            @($replica.MediaServicesStreamingUrls.AbsoluteUri) | Should -Be @($replica.MediaServicesStreamingPaths | ForEach-Object { "$script:OriginB/$_" })
            ($replica | Format-List | Out-String -Width 400) | Should -Match ([regex]::Escape("Media Services HLS : $script:OriginB/$($replica.Guid)/$name.ism/manifest(format=m3u8-aapl)"))
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
        $other = New-MediaAsset -Context $script:StreamA -Path $Lab.Mezzanine -Name 'another asset' |
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

Describe 'New-ReplicatedLocator names the fix when it cannot replicate' {
    It 'an asset that does not say where it was copied from: NewReplicatedLocatorNoSourceContext, naming Copy-MediaAsset and -SourceContext' {
        $copy = New-MediaAsset -Context $Lab.A -Path $Lab.Mezzanine -Name 'no source context' | Copy-MediaAsset -DestinationContext $Lab.B
        $reread = Get-MediaAsset -Context $Lab.B -AssetId $copy.Id   # read again: no SourceContext

        $out = @($reread | New-ReplicatedLocator -ErrorVariable errors -ErrorAction SilentlyContinue)

        $out.Count | Should -Be 0
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'NewReplicatedLocatorNoSourceContext' 'New-ReplicatedLocator')
        $errors[0].Exception.Message | Should -Match 'Copy-MediaAsset'
        $errors[0].Exception.Message | Should -Match '-SourceContext'
    }

    It 'a source asset without an origin locator: an error naming New-MediaLocator, and nothing created' {
        $copy = New-MediaAsset -Context $Lab.A -Path $Lab.Mezzanine -Name 'no origin locator' | Copy-MediaAsset -DestinationContext $Lab.B

        $out = @($copy | New-ReplicatedLocator -ErrorVariable errors -ErrorAction SilentlyContinue)

        $out.Count | Should -Be 0
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'NewReplicatedLocator*,MediaOps.PowerShell.Commands.NewReplicatedLocatorCommand'
        $errors[0].Exception.Message | Should -Match 'New-MediaLocator'
        @(Get-MediaLocator -Context $Lab.B -AssetId $copy.Id).Count | Should -Be 0
    }

    It '-WhatIf creates no locator' {
        $endpoint = New-MediaNotificationEndpoint -Context $Lab.A -QueueName (New-TestQueueName 'replwhatif')
        $copy = Submit-MediaJob -Context $Lab.A -Path $Lab.Mezzanine -NotificationEndpoint $endpoint |
            Wait-MediaJobNotification -Timeout (New-TimeSpan -Minutes 5) |
            New-MediaLocator -Type OnDemandOrigin |
            Copy-MediaAsset -DestinationContext $Lab.B

        $copy | New-ReplicatedLocator -WhatIf

        @(Get-MediaLocator -Context $Lab.B -AssetId $copy.Id).Count | Should -Be 0
    }
}
