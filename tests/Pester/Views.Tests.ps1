#Requires -Version 7.4
<#
    The format and types files: every output type has a table and a list view that fit 80 and 120 columns, with no
    header cut or wrapped and no column narrower than its header; the views show what matters; every time is UTC; and
    mixed output lists only each type's DefaultDisplayPropertySet (never Path or PresetDefinition).
#>

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force
    Import-Module (Get-ModulePath) -Force
    $script:OutputTypes = @((Get-Command -Module MediaOps).OutputType.Type.FullName | Where-Object { $_ -like 'MediaOps.*' } | Sort-Object -Unique)
}

BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force
    Import-Module (Get-ModulePath) -Force
    [xml] $script:Formats = Get-Content -Raw -LiteralPath (Join-Path (Get-ModulePath) 'MediaOps.format.ps1xml')
    [xml] $script:Types = Get-Content -Raw -LiteralPath (Join-Path (Get-ModulePath) 'MediaOps.types.ps1xml')

    function script:Get-TableLabels([string] $TypeName) {
        @($script:Formats.SelectNodes("//View[ViewSelectedBy/TypeName='$TypeName']/TableControl/TableHeaders/TableColumnHeader/Label") |
            ForEach-Object InnerText)
    }

    function script:Get-ListLabels([string] $TypeName) {
        @($script:Formats.SelectNodes("//View[ViewSelectedBy/TypeName='$TypeName']/ListControl/ListEntries/ListEntry/ListItems/ListItem") |
            ForEach-Object { $label = $_.SelectSingleNode('Label'); if ($label) { $label.InnerText } else { $_.SelectSingleNode('PropertyName').InnerText } })
    }

    function script:Get-DisplaySet([string] $TypeName) {
        @($script:Types.SelectNodes("//Type[Name='$TypeName']/Members/MemberSet/Members/PropertySet/ReferencedProperties/Name") | ForEach-Object InnerText)
    }

    # The table as Format-Table renders it at $Width: one header line, then the dashes, each column as wide as its label.
    function script:Assert-Table([string] $Text, [int] $Width, [string[]] $Labels) {
        $lines = @($Text -split "`r?`n" | Where-Object { $_.Trim() })
        $lines.Count | Should -BeGreaterOrEqual 3
        $lines[1] | Should -Match '^[- ]+$' -Because "the header is one line, not wrapped:`n$Text"
        foreach ($line in $lines) { $line.TrimEnd().Length | Should -BeLessOrEqual $Width -Because "every line fits $Width columns:`n$Text" }
        $runs = [regex]::Matches($lines[1], '-+')
        $headers = foreach ($run in $runs) {
            $end = [Math]::Min($run.Index + $run.Length, $lines[0].Length)
            $lines[0].Substring($run.Index, $end - $run.Index).Trim()
        }
        @($headers) | Should -Be $Labels -Because "no column is cut:`n$Text"
        for ($i = 0; $i -lt $runs.Count; $i++) { $runs[$i].Length | Should -BeGreaterOrEqual $Labels[$i].Length }
        $lines[0] | Should -Not -Match '…'
    }

    $script:Lab = Start-MediaOpsLab
    $script:A = Connect-MediaAccount -Name dca -ConnectionString $script:Lab.ConnectionStringA -StreamingEndpoint 'https://origin-a.example.net'
    $script:Endpoint = New-MediaNotificationEndpoint -QueueName (New-TestQueueName 'views') -Name 'a rather long endpoint name for the views'
    # The wait deletes its job's messages from its queue: the job notifies a second queue, read afterwards.
    $script:Listener = New-MediaNotificationEndpoint -QueueName (New-TestQueueName 'listen')
    $script:Job = Submit-MediaJob -Path $script:Lab.Mezzanine -Preset 'Adaptive Streaming' -Name 'a job with a long name for the views' `
        -NotificationEndpoint $script:Endpoint, $script:Listener -NotifyOn All |
        Wait-MediaJobNotification -NotificationEndpoint $script:Endpoint -Timeout (New-TimeSpan -Minutes 5)
    $script:Asset = $script:Job | Get-MediaAsset
    $script:Origin = $script:Job | New-MediaLocator -Type OnDemandOrigin
    $script:Sas = $script:Asset | New-MediaLocator -Type Sas
    $script:Notifications = @(Receive-MediaNotification -NotificationEndpoint $script:Listener -MaxMessages 32)
    $script:Finished = $script:Notifications | Where-Object NewState -eq 'Finished' | Select-Object -First 1
    $script:Preset = Get-MediaPreset -Name 'Adaptive Streaming'

    $script:Samples = [ordered]@{
        'MediaOps.PowerShell.MediaAsset'                  = { $script:Asset }
        'MediaOps.PowerShell.MediaJob'                    = { $script:Job }
        'MediaOps.PowerShell.MediaLocator'                = { $script:Origin }
        'MediaOps.PowerShell.NotificationEndpoint'        = { $script:Endpoint }
        'MediaOps.PowerShell.MediaNotification'           = { $script:Finished }
        'MediaOps.PowerShell.MediaAccount'                = { $script:A }
        'MediaOps.PowerShell.MediaPreset'                 = { $script:Preset }
        'MediaOps.PowerShell.MediaAssetFile'              = { $script:Asset.Files[0] }
        'MediaOps.PowerShell.JobNotificationSubscription' = { $script:Job.NotificationSubscriptions[0] }
        'MediaOps.PowerShell.MediaPresetRendition'        = { $script:Preset.Renditions[0] }
    }
}

AfterAll {
    Stop-MediaOpsLab $script:Lab
}

Describe 'Every output type' {
    It 'has a table view, a list view and a DefaultDisplayPropertySet: <_>' -ForEach $script:OutputTypes {
        (Get-TableLabels $_).Count | Should -BeGreaterThan 0
        (Get-ListLabels $_).Count | Should -BeGreaterThan 0
        (Get-DisplaySet $_).Count | Should -BeGreaterThan 0
    }

    It 'views and display sets exist for every type of the samples, and every sample type is a MediaOps type' {
        foreach ($type in $script:Samples.Keys) {
            (& $script:Samples[$type]).GetType().FullName | Should -Be $type
            (Get-TableLabels $type).Count | Should -BeGreaterThan 0
            (Get-DisplaySet $type).Count | Should -BeGreaterThan 0
        }
    }
}

Describe 'Table views at <_> columns' -ForEach 80, 120 {
    BeforeAll { $script:Width = $_ }

    It 'fit, with whole headers, for every type' {
        foreach ($type in $script:Samples.Keys) {
            $text = & $script:Samples[$type] | Format-Table | Out-String -Width $script:Width
            Assert-Table $text $script:Width (Get-TableLabels $type)
        }
    }

    It 'a locator shows its type, expiry (UTC) and HLS URL' {
        $text = $script:Origin | Out-String -Width $script:Width
        Assert-Table $text $script:Width (Get-TableLabels 'MediaOps.PowerShell.MediaLocator')
        $text | Should -Match ([regex]::Escape($script:Origin.ExpirationTime.UtcDateTime.ToString('yyyy-MM-dd HH:mm')))
        $text | Should -Match 'OnDemandOrigin'
        $text | Should -Match ([regex]::Escape('https://origin-a.example.net/' + $script:Origin.Guid.ToString().Substring(0, [Math]::Min(20, $script:Width - 75))))
        $text | Should -Match 'Expires \(UTC\)'
    }

    It 'a locator list shows its Media Services HLS URL, named after its asset' {
        $text = $script:Origin | Format-List | Out-String -Width $script:Width
        $text | Should -Match 'Media Services HLS : https://origin-a\.example\.net/'
        $text | Should -Match ([regex]::Escape("$($script:Origin.Guid)/a-job-with-a-long-name-for-the-views".Substring(0, [Math]::Min(50, $script:Width - 55))))
    }

    It 'a job shows its name, state, progress and output asset' {
        $text = $script:Job | Out-String -Width $script:Width
        $text | Should -Match 'Finished'
        $text | Should -Match '100%'
        $text | Should -Match ($script:Job.OutputAssetId -replace '^nb:cid:UUID:', '').Substring(0, 8)
        $text | Should -Match 'a job with a long'
    }

    It 'a notification shows its NewState' {
        $text = $script:Notifications | Out-String -Width $script:Width
        Assert-Table $text $script:Width (Get-TableLabels 'MediaOps.PowerShell.MediaNotification')
        $text | Should -Match 'NewState'
        $text | Should -Match 'Finished'
        $text | Should -Match 'Processing'
    }

    It 'an asset shows its name, primary file and size' {
        $text = $script:Asset | Out-String -Width $script:Width
        $text | Should -Match ([regex]::Escape($script:Asset.PrimaryFile.Substring(0, [Math]::Min(12, $script:Asset.PrimaryFile.Length))))
        $text | Should -Match '\d+(\.\d)? (B|KB|MB)'
    }
}

Describe 'List views at <_> columns' -ForEach 80, 120 {
    It 'show their labels, never Path or PresetDefinition, and no key or SAS' {
        foreach ($type in $script:Samples.Keys) {
            $text = & $script:Samples[$type] | Format-List | Out-String -Width $_
            foreach ($label in Get-ListLabels $type) { $text | Should -Match ('(?m)^' + [regex]::Escape($label) + '\s*:') }
            $text | Should -Not -Match '(?m)^(Path|PresetDefinition|Definition|BlobService|QueueService)\s*:'
        }
        $sas = $script:Sas | Format-List | Out-String -Width $_
        $sas | Should -Not -Match 'sig='
        ($script:Job | Format-List | Out-String -Width $_ -Stream).Count | Should -BeLessThan 25
    }
}

Describe 'Mixed output' {
    It 'lists only the DefaultDisplayPropertySet of <_>' -ForEach @(
        'MediaOps.PowerShell.MediaJob', 'MediaOps.PowerShell.MediaLocator', 'MediaOps.PowerShell.NotificationEndpoint',
        'MediaOps.PowerShell.MediaNotification', 'MediaOps.PowerShell.MediaAccount', 'MediaOps.PowerShell.MediaPreset') {
        $sample = & $script:Samples[$_]
        $text = @($script:Asset; $sample) | Out-String -Width 120
        $shown = Get-DisplaySet $_
        foreach ($property in $sample.PSObject.Properties.Name | Where-Object { $_ -notin $shown }) {
            $text | Should -Not -Match ('(?m)^' + $property + '\s+:') -Because "$property is not in the display set of $_"
        }
        foreach ($property in $shown) { $text | Should -Match ('(?m)^' + $property + '\s+:') }
    }

    It 'of an asset and a SAS locator shows no SAS' {
        $text = @($script:Asset; $script:Sas) | Out-String -Width 120
        $text | Should -Not -Match 'sig='
        $text | Should -Not -Match '(?m)^Path\s+:'
        $text | Should -Match ([regex]::Escape($script:Sas.Id))
    }
}

Describe 'Time zone' {
    It 'table and list show the same UTC time under TZ=America/New_York' {
        $script = {
            Import-Module $args[0]
            $null = Connect-MediaAccount -Name dca -ConnectionString $args[1]
            $job = Get-MediaJob -JobId $args[2]
            'LOCAL=' + $job.Created.LocalDateTime.ToString('yyyy-MM-dd HH:mm')
            $job | Format-Table | Out-String -Width 120
            $job | Format-List | Out-String -Width 120
        }.ToString()
        $saved = $env:TZ
        $env:TZ = 'America/New_York'
        try {
            $result = Invoke-FreshPwsh -Script $script -ArgumentList (Get-ModulePath), $script:Lab.ConnectionStringA, $script:Job.Id
        }
        finally {
            $env:TZ = $saved
        }
        $result.ExitCode | Should -Be 0 -Because $result.Errors
        $utc = $script:Job.Created.UtcDateTime.ToString('yyyy-MM-dd HH:mm')
        $local = ($result.Output -split "`n" | Where-Object { $_ -like 'LOCAL=*' }) -replace '^LOCAL=', ''
        $local.Trim() | Should -Not -Be $utc -Because 'the fresh pwsh runs in New York time'
        $tableAndList = $result.Output -split 'Id\s+:', 2
        $tableAndList[0] | Should -Match ([regex]::Escape($utc))
        $tableAndList[1] | Should -Match ([regex]::Escape($utc))
        $result.Output | Should -Match 'Created \(UTC\)'
    }
}
