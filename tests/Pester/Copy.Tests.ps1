#Requires -Version 7.4
<#
    Copy-MediaAsset: server-side within one Azurite, streamed between two.
    Azurite with dca and dcb, and a second Azurite with dcc; no worker.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force
    $script:Lab = Start-MediaOpsLab -NoWorker   # imports the staged module
}

AfterAll { Stop-MediaOpsLab $script:Lab }

Describe 'Copy-MediaAsset' {
    It 'copies a piped asset into the destination account with the same id and remembers where it came from' {
        $asset = New-MediaAsset -Context $Lab.A -Path $Lab.Mezzanine -Name 'to copy'
        $out = @($asset | Copy-MediaAsset -DestinationContext $Lab.B -Verbose 4>&1)
        $copy = @($out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })

        $copy.Count | Should -Be 1
        $copy[0].GetType().FullName | Should -Be 'MediaOps.PowerShell.MediaAsset'
        $copy[0].Id | Should -Be $asset.Id
        $copy[0].Context.Name | Should -Be 'dcb'
        $copy[0].SourceContext.Name | Should -Be 'dca'
        ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String) | Should -Match '1 file\(s\) copied'
        (Get-MediaAsset -Context $Lab.B -AssetId $asset.Id).Files.Count | Should -Be 1

        # A rerun finds everything there and verified.
        $rerun = @($asset | Copy-MediaAsset -DestinationContext $Lab.B -Verbose 4>&1)
        ($rerun | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String) | Should -Match '0 file\(s\) copied .*1 already present'
    }

    It 'takes the asset of a piped locator' {
        $asset = New-MediaAsset -Context $Lab.A -Path $Lab.Mezzanine -Name 'copy by locator'
        $copy = New-MediaLocator -Context $Lab.A -AssetId $asset.Id -Type Sas | Copy-MediaAsset -DestinationContext $Lab.B
        $copy.Id | Should -Be $asset.Id
        $copy.Context.Name | Should -Be 'dcb'
    }

    It '-WhatIf copies nothing and registers nothing' {
        $asset = New-MediaAsset -Context $Lab.A -Path $Lab.Mezzanine -Name 'not copied'
        $before = @(Get-MediaAsset -Context $Lab.B).Count

        $out = @($asset | Copy-MediaAsset -DestinationContext $Lab.B -WhatIf)

        $out.Count | Should -Be 0
        @(Get-MediaAsset -Context $Lab.B).Count | Should -Be $before
        $null = Get-MediaAsset -Context $Lab.B -AssetId $asset.Id -ErrorVariable getErrors -ErrorAction SilentlyContinue
        $getErrors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'GetMediaAssetNotFound' 'Get-MediaAsset')
    }

    It 'reports an unknown asset as CopyMediaAssetNotFound and goes on with the next one' {
        $known = New-MediaAsset -Context $Lab.A -Path $Lab.Mezzanine -Name 'known copy'
        $unknown = "nb:cid:UUID:$([guid]::NewGuid())"
        # Objects with an AssetId, as Import-Csv would give them (Copy-MediaAsset binds by property name).
        $out = @([pscustomobject]@{ AssetId = $unknown }, [pscustomobject]@{ AssetId = $known.Id } |
                Copy-MediaAsset -Context $Lab.A -DestinationContext $Lab.B -ErrorVariable errors -ErrorAction SilentlyContinue)
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
        $script:AzuriteC = Start-TestAzurite -Account dcc -Directory $Lab.Directory -Name 'azurite-c'
        $script:C = Connect-MediaAccount -Name dcc -ConnectionString $script:AzuriteC.ConnectionStrings['dcc']
        $null = $Lab.A | Connect-MediaAccount   # dca stays the default
    }

    AfterAll {
        if ($script:AzuriteC) { Stop-TestProcess $script:AzuriteC.Process }
    }

    It 'streams the blobs, warns once that they pass through this machine, and emits the copy' {
        $asset = New-MediaAsset -Context $Lab.A -Path $Lab.Mezzanine -Name 'streamed'

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
