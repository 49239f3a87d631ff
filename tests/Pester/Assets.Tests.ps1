#Requires -Version 7.4
<#
    Assets: New-MediaAsset, Get-MediaAsset, Remove-MediaAsset.
    Azurite with dca and dcb; no worker.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force
    $script:Lab = Start-MediaOpsLab -NoWorker   # imports the staged module
}

AfterAll { Stop-MediaOpsLab $script:Lab }

Describe 'Assets' {
    It 'Get-ChildItem | New-MediaAsset creates one asset per file' {
        $folder = Join-Path $Lab.Directory 'many'
        $null = New-Item -ItemType Directory -Path $folder -Force
        Copy-Item -LiteralPath $Lab.Mezzanine -Destination (Join-Path $folder 'one.mp4')
        Copy-Item -LiteralPath $Lab.Mezzanine -Destination (Join-Path $folder 'two.mp4')

        $assets = @(Get-ChildItem -LiteralPath $folder -Filter *.mp4 | New-MediaAsset -Context $Lab.A)

        $assets.Count | Should -Be 2
        ($assets.Name | Sort-Object) | Should -Be @('one.mp4', 'two.mp4')
        $assets | ForEach-Object { $_.Files.Count | Should -Be 1; $_.PrimaryFile | Should -Be $_.Name }
    }

    It 'resolves relative paths against the current PowerShell location' {
        Push-Location -LiteralPath $Lab.Directory
        try {
            $asset = New-MediaAsset -Context $Lab.A -Path './mezzanine.mp4' -Name 'relative'
        }
        finally {
            Pop-Location
        }
        $asset.PrimaryFile | Should -Be 'mezzanine.mp4'
    }

    It 'New-MediaAsset | Get-MediaAsset returns exactly the piped asset, from its own account' {
        $null = New-MediaAsset -Context $Lab.A -Path $Lab.Mezzanine -Name 'not piped'
        $got = @(New-MediaAsset -Context $Lab.A -Path $Lab.Mezzanine -Name 'piped to get' -OutVariable created | Get-MediaAsset)

        @(Get-MediaAsset -Context $Lab.A).Count | Should -BeGreaterThan 1
        $got.Count | Should -Be 1
        $got[0].GetType().FullName | Should -Be 'MediaOps.PowerShell.MediaAsset'
        $got[0].Id | Should -Be $created[0].Id
        $got[0].Name | Should -Be 'piped to get'
        $got[0].Files.Count | Should -Be 1
        $got[0].Context.Name | Should -Be 'dca'

        # dca is the session default: an asset of dcb is read from dcb, the account it carries.
        $null = New-MediaAsset -Context $Lab.B -Path $Lab.Mezzanine -Name 'not piped'
        $fromB = @(New-MediaAsset -Context $Lab.B -Path $Lab.Mezzanine -Name 'piped from dcb' -OutVariable createdB | Get-MediaAsset)
        $fromB.Count | Should -Be 1
        $fromB[0].Id | Should -Be $createdB[0].Id
        $fromB[0].Context.Name | Should -Be 'dcb'
    }

    It 'Remove-MediaAsset deletes the asset' {
        $asset = New-MediaAsset -Context $Lab.A -Path $Lab.Mezzanine -Name 'to remove'
        $asset | Remove-MediaAsset -Confirm:$false -PassThru | Should -BeTrue
        $null = Get-MediaAsset -Context $Lab.A -AssetId $asset.Id -ErrorVariable getErrors -ErrorAction SilentlyContinue
        $getErrors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'GetMediaAssetNotFound' 'Get-MediaAsset')
    }
}

Describe 'Assets: -WhatIf uploads and deletes nothing' {
    It 'New-MediaAsset -WhatIf uploads nothing' {
        $before = @(Get-MediaAsset -Context $Lab.A).Count
        New-MediaAsset -Context $Lab.A -Path $Lab.Mezzanine -WhatIf
        @(Get-MediaAsset -Context $Lab.A).Count | Should -Be $before
    }


    It 'Remove-MediaAsset -WhatIf keeps the asset' {
        $asset = New-MediaAsset -Context $Lab.A -Path $Lab.Mezzanine -Name 'kept'
        $asset | Remove-MediaAsset -WhatIf
        (Get-MediaAsset -Context $Lab.A -AssetId $asset.Id).Id | Should -Be $asset.Id
    }

}

Describe 'Assets: bad input is reported with the right error id' {
    It 'an unknown asset among known ones: GetMediaAssetNotFound for it, the others still come out' {
        $known = New-MediaAsset -Context $Lab.A -Path $Lab.Mezzanine -Name 'known'
        $unknown = "nb:cid:UUID:$([guid]::NewGuid())"
        $out = @(Get-MediaAsset -Context $Lab.A -AssetId $unknown, $known.Id -ErrorVariable errors -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 1
        $out[0].Id | Should -Be $known.Id
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'GetMediaAssetNotFound' 'Get-MediaAsset')
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errors[0].TargetObject | Should -Be $unknown
    }

    It 'a missing file: NewMediaAssetInvalidArgument' {
        $null = New-MediaAsset -Context $Lab.A -Path (Join-Path $Lab.Directory 'missing.mp4') -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'NewMediaAssetInvalidArgument' 'New-MediaAsset')
    }

}
