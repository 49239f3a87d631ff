#Requires -Version 7.4
<#
    The conventions of Az and AWS.Tools: -Force on every Remove-* and no silent failure on a prompt in a scheduled
    script; Get-MediaAccount and Disconnect-MediaAccount; -Context by name with tab completion; Get-MediaJob -State with
    several values; -Path with wildcards and -LiteralPath; Get-MediaPreset; new cmdlets exported and with help.
#>

BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force
    Import-Module (Get-ModulePath) -Force
    $script:Lab = Start-MediaOpsLab -NoWorker
}

AfterAll {
    Stop-MediaOpsLab $script:Lab
}

Describe '-Force' {
    It '<_> has -Force and asks for nothing with it' -ForEach @(Get-Command -Module MediaOps -Verb Remove | ForEach-Object Name) {
        (Get-Command $_).Parameters.ContainsKey('Force') | Should -BeTrue
    }

    It 'Remove-MediaAsset -Force removes without a prompt even with $ConfirmPreference = Low, and -Force -WhatIf removes nothing' {
        $asset = New-MediaAsset -Path $script:Lab.Mezzanine
        $ConfirmPreference = 'Low'
        $asset | Remove-MediaAsset -Force -WhatIf
        (Get-MediaAsset -AssetId $asset.Id).Id | Should -Be $asset.Id
        $asset | Remove-MediaAsset -Force -PassThru | Should -BeTrue
        @(Get-MediaAsset -AssetId $asset.Id -ErrorAction SilentlyContinue).Count | Should -Be 0
    }

    It 'under pwsh -NonInteractive -File: without -Force the script gets RemoveMediaAssetConfirmationRequired and exits non-zero; with -Force it removes' {
        $stamp = 'old' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        $null = New-MediaAsset -Path $script:Lab.Mezzanine -Name "$stamp-1"
        $null = New-MediaAsset -Path $script:Lab.Mezzanine -Name "$stamp-2"
        $script = {
            $ErrorView = 'NormalView'
            Import-Module $args[0]
            $null = Connect-MediaAccount -Name dca -ConnectionString $args[1]
            if ($args[3] -eq 'force') { Get-MediaAsset -Name "$($args[2])*" | Remove-MediaAsset -Force }
            else { Get-MediaAsset -Name "$($args[2])*" | Remove-MediaAsset }
        }.ToString()
        $without = Invoke-FreshPwsh -Script $script -ArgumentList (Get-ModulePath), $script:Lab.ConnectionStringA, $stamp, 'prompt'
        $without.ExitCode | Should -Not -Be 0
        $errors = ($without.Errors -replace '\x1b\[[0-9;]*m', '' -replace '(?m)^\s*\|', ' ' -replace '\s+', ' ')
        $errors | Should -Match 'RemoveMediaAssetConfirmationRequired'
        $errors | Should -Match 'Pass -Force'
        @(Get-MediaAsset -Name "$stamp*").Count | Should -Be 2

        $with = Invoke-FreshPwsh -Script $script -ArgumentList (Get-ModulePath), $script:Lab.ConnectionStringA, $stamp, 'force'
        $with.ExitCode | Should -Be 0 -Because $with.Errors
        @(Get-MediaAsset -Name "$stamp*").Count | Should -Be 0
    }

    It 'a prompt that cannot be shown is the error RemoveMediaAssetConfirmationRequired in this session too' {
        $asset = New-MediaAsset -Path $script:Lab.Mezzanine
        # Pester runs in pwsh -NonInteractive (Invoke-MediaOpsPester.ps1), whose host cannot prompt either.
        $record = $null
        # It ends the script as a 'throw' does, unless caught.
        try { $asset | Remove-MediaAsset -Confirm; throw 'not reached' } catch { $record = $_ }
        $record.FullyQualifiedErrorId | Should -Be 'RemoveMediaAssetConfirmationRequired'
        $record.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $record.Exception.Message | Should -Match '-Force'
        (Get-MediaAsset -AssetId $asset.Id).Id | Should -Be $asset.Id
    }
}

Describe 'Connected accounts' {
    It 'Get-MediaAccount lists the connected accounts, the default last; -Default and -Name select' {
        $null = Connect-MediaAccount -Context $script:Lab.B
        $null = Connect-MediaAccount -Context $script:Lab.A
        $names = @(Get-MediaAccount).Name
        $names | Should -Contain 'dcb'
        $names[-1] | Should -Be 'dca'
        (Get-MediaAccount -Default).Name | Should -Be 'dca'
        (Get-MediaAccount -Name 'dc?').Name | Sort-Object | Should -Be @('dca', 'dcb')
        $null = Get-MediaAccount -Name nope -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'GetMediaAccountNotFound' 'Get-MediaAccount')
    }

    It 'Disconnect-MediaAccount forgets an account; the default falls back to the one connected before' {
        $temp = Connect-MediaAccount -Name temp -ConnectionString $script:Lab.ConnectionStringB
        (Get-MediaAccount -Default).Name | Should -Be 'temp'
        ($temp | Disconnect-MediaAccount -PassThru).Name | Should -Be 'temp'
        @(Get-MediaAccount).Name | Should -Not -Contain 'temp'
        (Get-MediaAccount -Default).Name | Should -Be 'dca'
        $null = Connect-MediaAccount -Name temp2 -ConnectionString $script:Lab.ConnectionStringB
        Disconnect-MediaAccount -Name 'temp*'
        @(Get-MediaAccount).Name | Should -Not -Contain 'temp2'
        (Get-MediaAccount -Default).Name | Should -Be 'dca'
        { Get-MediaAsset -Context temp2 } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,MediaOps.PowerShell.Commands.GetMediaAssetCommand'
    }

    It '-Context takes the name of a connected account' {
        $asset = New-MediaAsset -Path $script:Lab.Mezzanine -Context dcb
        $asset.Context.Name | Should -Be 'dcb'
        (Get-MediaAsset -Context dcb -AssetId $asset.Id).Context.Name | Should -Be 'dcb'
        (Copy-MediaAsset -AssetId $asset.Id -Context dcb -DestinationContext dca).Context.Name | Should -Be 'dca'
        (Connect-MediaAccount -Context dca).Name | Should -Be 'dca'
        $record = $null
        try { Get-MediaAsset -Context nosuch } catch { $record = $_ }
        $record.Exception.Message | Should -Match 'Connect-MediaAccount -Name nosuch'
    }

    It 'tab completion offers the connected names for <_>' -ForEach @('Get-MediaAsset -Context ', 'Copy-MediaAsset -DestinationContext ', 'Disconnect-MediaAccount -Name ') {
        $line = $_ + 'd'
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completions | Should -Contain 'dca'
        $completions | Should -Contain 'dcb'
    }
}

Describe 'Get-MediaJob -State' {
    It 'takes several states' {
        $queued = Submit-MediaJob -Path $script:Lab.Mezzanine -Preset 'H264 Single Bitrate 720p' -Context $script:Lab.B
        $canceled = Submit-MediaJob -Path $script:Lab.Mezzanine -Preset 'H264 Single Bitrate 720p' -Context $script:Lab.B | Stop-MediaJob -Force
        $canceled.State | Should -Be 'Canceled'
        $both = @(Get-MediaJob -Context dcb -State Queued, Canceled).Id
        $both | Should -Contain $queued.Id
        $both | Should -Contain $canceled.Id
        @(Get-MediaJob -Context dcb -State Queued).Id | Should -Not -Contain $canceled.Id
        @(Get-MediaJob -Context dcb -State Queued, Processing).Id | Should -Not -Contain $canceled.Id
    }
}

Describe '-Path and -LiteralPath' {
    BeforeAll {
        $script:Folder = New-TestDirectory 'mediaops-paths'
        Copy-Item -LiteralPath $script:Lab.Mezzanine -Destination (Join-Path $script:Folder 'a1.mp4')
        Copy-Item -LiteralPath $script:Lab.Mezzanine -Destination (Join-Path $script:Folder 'a2.mp4')
        Copy-Item -LiteralPath $script:Lab.Mezzanine -Destination (Join-Path $script:Folder 'clip[1].mp4')
    }
    AfterAll { Remove-Item -LiteralPath $script:Folder -Recurse -Force -ErrorAction SilentlyContinue }

    It 'New-MediaAsset -Path expands wildcards into one asset of all matches' {
        $asset = New-MediaAsset -Path (Join-Path $script:Folder 'a?.mp4') -Name wild
        @($asset.Files.Name | Sort-Object) | Should -Be @('a1.mp4', 'a2.mp4')
    }

    It 'New-MediaAsset -LiteralPath takes brackets as written' {
        (New-MediaAsset -LiteralPath (Join-Path $script:Folder 'clip[1].mp4')).PrimaryFile | Should -Be 'clip[1].mp4'
    }

    It 'Submit-MediaJob -Path with a wildcard and -LiteralPath' {
        $job = Submit-MediaJob -Path (Join-Path $script:Folder 'a1*') -Preset 'H264 Single Bitrate 720p' -Context dcb
        (Get-MediaAsset -Context dcb -AssetId $job.InputAssetId).PrimaryFile | Should -Be 'a1.mp4'
        $literal = Submit-MediaJob -LiteralPath (Join-Path $script:Folder 'clip[1].mp4') -Preset 'H264 Single Bitrate 720p' -Context dcb
        (Get-MediaAsset -Context dcb -AssetId $literal.InputAssetId).PrimaryFile | Should -Be 'clip[1].mp4'
    }

    It 'a pattern that matches nothing is <_>NotFound' -ForEach 'New-MediaAsset', 'Submit-MediaJob' {
        $null = & $_ -Path (Join-Path $script:Folder 'zz*.mp4') -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId (($_ -replace '-', '') + 'NotFound') $_)
        $errors[0].Exception.Message | Should -Match 'LiteralPath'
    }
}

Describe 'Get-MediaPreset' {
    It 'lists the built-in presets that -Preset completes, with their ladders and JSON' {
        $presets = @(Get-MediaPreset)
        $presets.Name | Should -Be @('Adaptive Streaming', 'H264 Multiple Bitrate 720p', 'H264 Single Bitrate 720p')
        $line = "Submit-MediaJob -Preset '"
        $completed = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.ListItemText
        $completed | Should -Be $presets.Name
        ($presets | Where-Object Name -eq 'H264 Single Bitrate 720p').Packaging | Should -Be 'Mp4'
        ($presets[0].Definition | ConvertFrom-Json).ladder.Count | Should -Be $presets[0].Renditions.Count
        (Get-MediaPreset -Name 'H264*').Count | Should -Be 2
        $null = Get-MediaPreset -Name 'nope' -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'GetMediaPresetNotFound' 'Get-MediaPreset')
    }

    It 'a preset''s JSON is a preset file Submit-MediaJob takes' {
        $file = Join-Path $script:Lab.Directory 'my-preset.json'
        $preset = (Get-MediaPreset -Name 'H264 Single Bitrate 720p').Definition | ConvertFrom-Json
        $preset.name = 'my own preset'
        $preset | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $file
        (Submit-MediaJob -Path $script:Lab.Mezzanine -PresetFile $file -Context dcb).Preset | Should -Match 'my own preset|my-preset'
    }
}

Describe 'A failed copy' {
    It 'says where its unregistered partial copy is, and how to resume or remove it' {
        $source = New-MediaAsset -Path $script:Lab.Mezzanine -Context dca
        $null = $source | Copy-MediaAsset -DestinationContext dcb
        # A blob the source does not have, leased in the destination: the copy cannot remove it, so it fails after copying.
        $write = New-MediaLocator -Context dcb -AssetId $source.Id -Type Sas -Permission Write
        $base, $query = $write.Path -split '\?', 2
        $headers = @{ 'x-ms-version' = '2021-08-06' }
        $null = Invoke-WebRequest -Method Put -Uri "$base/extra.bin?$query" -Headers ($headers + @{ 'x-ms-blob-type' = 'BlockBlob' }) -Body 'extra'
        $null = Invoke-WebRequest -Method Put -Uri "$base/extra.bin?comp=lease&$query" -Headers ($headers + @{ 'x-ms-lease-action' = 'acquire'; 'x-ms-lease-duration' = '-1' })

        $out = $source | Copy-MediaAsset -DestinationContext dcb -ErrorVariable errors -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $text = [string] $errors[0]
        $errors[0].FullyQualifiedErrorId | Should -Match '^CopyMediaAsset'
        $text | Should -Match ([regex]::Escape("unregistered container 'asset-" + ($source.Id -replace '^nb:cid:UUID:', '') + "' in account 'dcb'"))
        $text | Should -Match 'Run the same Copy-MediaAsset again to resume'
        $text | Should -Match ([regex]::Escape("Remove-MediaAsset -Context dcb -AssetId $($source.Id) -Force"))
        $text | Should -Not -Match 'sig='
        $errors[0].ErrorDetails.RecommendedAction | Should -Match 'Copy-MediaAsset again'
    }
}

Describe 'New cmdlets' {
    It '<_> is exported by the manifest' -ForEach 'Get-MediaAccount', 'Disconnect-MediaAccount', 'Get-MediaPreset' {
        (Import-PowerShellDataFile (Join-Path (Get-ModulePath) 'MediaOps.psd1')).CmdletsToExport | Should -Contain $_
        (Get-Command $_).Source | Should -Be 'MediaOps'
    }
}
