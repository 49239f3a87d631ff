#Requires -Version 7.4
<#
    Locators: New-MediaLocator (SAS and origin), Get-MediaLocator, Remove-MediaLocator.
    Azurite with dca and dcb, a worker on dca (one test needs a finished job).
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force
    $script:Lab = Start-MediaOpsLab   # imports the staged module
}

AfterAll { Stop-MediaOpsLab $script:Lab }

Describe 'Locators' {
    BeforeAll {
        $script:LocatorAsset = New-MediaAsset -Context $Lab.A -Path $Lab.Mezzanine -Name 'locator target'
    }

    It 'New-MediaLocator -Type Sas gives a read SAS that reads the blobs and cannot write, and shows the SAS nowhere' {
        $out = @(New-MediaLocator -Context $Lab.A -AssetId $script:LocatorAsset.Id -Type Sas -Duration (New-TimeSpan -Minutes 30) -Verbose 4>&1)
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
        $locator = New-MediaLocator -Context $Lab.A -AssetId $script:LocatorAsset.Id -Type Sas
        $locator.Path | Should -Match 'sig='
        Remove-MediaLocator -Context $Lab.A -LocatorId $locator.Id -Confirm:$false

        $locator | Get-MediaLocator -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        $errors[0].TargetObject | Should -Be $locator.Id
        ($errors[0] | Format-List * -Force | Out-String -Width 400) | Should -Not -Match 'sig='
    }

    It 'Get-MediaLocator finds a locator by id, by piped locator, by piped asset, and among all' {
        $locator = New-MediaLocator -Context $Lab.A -AssetId $script:LocatorAsset.Id -Type Sas
        (Get-MediaLocator -Context $Lab.A -LocatorId $locator.Id).Id | Should -Be $locator.Id
        (Get-MediaLocator -Context $Lab.A $locator.Id).Id | Should -Be $locator.Id

        # A piped locator is read again (not its asset's list).
        $reread = @($locator | Get-MediaLocator)
        $reread.Count | Should -Be 1
        $reread[0].Id | Should -Be $locator.Id

        $ofAsset = @($script:LocatorAsset | Get-MediaLocator)
        $ofAsset.Id | Should -Contain $locator.Id
        $ofAsset | ForEach-Object { $_.AssetId | Should -Be $script:LocatorAsset.Id }

        @(Get-MediaLocator -Context $Lab.A).Id | Should -Contain $locator.Id
    }

    It 'Get-MediaLocator | Remove-MediaLocator removes the locator and keeps the asset' {
        $locator = New-MediaLocator -Context $Lab.A -AssetId $script:LocatorAsset.Id -Type Sas
        Get-MediaLocator -Context $Lab.A -LocatorId $locator.Id | Remove-MediaLocator -Confirm:$false -PassThru | Should -BeTrue

        $null = Get-MediaLocator -Context $Lab.A -LocatorId $locator.Id -ErrorVariable getErrors -ErrorAction SilentlyContinue
        $getErrors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'GetMediaLocatorNotFound' 'Get-MediaLocator')
        (Get-MediaAsset -Context $Lab.A -AssetId $script:LocatorAsset.Id).Id | Should -Be $script:LocatorAsset.Id
    }

    It 'New-MediaLocator takes the output asset of a piped job, not the job id' {
        $endpoint = New-MediaNotificationEndpoint -Context $Lab.A -QueueName (New-TestQueueName 'locjob')
        $job = Submit-MediaJob -Context $Lab.A -Path $Lab.Mezzanine -NotificationEndpoint $endpoint |
            Wait-MediaJobNotification -Timeout (New-TimeSpan -Minutes 5)
        $locator = $job | New-MediaLocator -Type Sas
        $locator.AssetId | Should -Be $job.OutputAssetId
        $locator.Context.Name | Should -Be 'dca'
    }

    It 'New-MediaLocator -WhatIf and Remove-MediaLocator -WhatIf change nothing' {
        $before = @(Get-MediaLocator -Context $Lab.A -AssetId $script:LocatorAsset.Id).Count
        New-MediaLocator -Context $Lab.A -AssetId $script:LocatorAsset.Id -Type Sas -WhatIf
        @(Get-MediaLocator -Context $Lab.A -AssetId $script:LocatorAsset.Id).Count | Should -Be $before

        $locator = New-MediaLocator -Context $Lab.A -AssetId $script:LocatorAsset.Id -Type Sas
        $locator | Remove-MediaLocator -WhatIf
        (Get-MediaLocator -Context $Lab.A -LocatorId $locator.Id).Id | Should -Be $locator.Id
    }

    It 'rejects a non-positive -Duration before creating anything: terminating NewMediaLocatorInvalidArgument' {
        $before = @(Get-MediaLocator -Context $Lab.A).Count
        { New-MediaLocator -Context $Lab.A -AssetId $script:LocatorAsset.Id -Duration ([TimeSpan]::Zero) } |
            Should -Throw -ErrorId (Get-ErrorId 'NewMediaLocatorInvalidArgument' 'New-MediaLocator')
        @(Get-MediaLocator -Context $Lab.A).Count | Should -Be $before
    }

    It 'reports an unknown asset as NewMediaLocatorNotFound' {
        $null = New-MediaLocator -Context $Lab.A -AssetId "nb:cid:UUID:$([guid]::NewGuid())" -Type Sas -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'NewMediaLocatorNotFound' 'New-MediaLocator')
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
