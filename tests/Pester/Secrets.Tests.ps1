#Requires -Version 7.4
<#
    No secret on screen: for every cmdlet, nothing it writes — default output (table, list, the implicit list of mixed
    output), -Verbose, -Debug, warnings, progress records, errors (message, details, target) — holds an account key, a
    SAS signature or a SAS token of a connection string.
#>

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force
    Import-Module (Get-ModulePath) -Force
    $script:CmdletNames = @((Get-Command -Module MediaOps -CommandType Cmdlet).Name | Sort-Object)
}

BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force
    Import-Module (Get-ModulePath) -Force
    $script:AllCmdlets = @((Get-Command -Module MediaOps -CommandType Cmdlet).Name | Sort-Object)

    # Everything $Script wrote, as text: its output as the default formatting shows it, in a table, a list and as mixed
    # output, and every record of the error, warning, verbose, debug, information and progress streams.
    function script:Invoke-Captured([scriptblock] $Script) {
        $variables = @{ Lab = $script:Lab; Job = $script:Job; Sas = $script:Sas; Endpoint = $script:Endpoint; SasConnection = $script:SasConnection }
        $captured = Invoke-CapturedStreams -Script $Script -Variables $variables -Lab $script:Lab
        $output = $captured.Output
        $text = [System.Text.StringBuilder]::new()
        $null = $text.AppendLine(($output | Out-String -Width 250))
        $null = $text.AppendLine(($output | Format-List | Out-String -Width 250))
        $null = $text.AppendLine(($output | Format-Table | Out-String -Width 250))
        $null = $text.AppendLine((@([pscustomobject]@{ First = 1 }) + $output | Out-String -Width 250))
        foreach ($record in $captured.Errors) {
            $null = $text.AppendLine(($record | Out-String -Width 250))
            $null = $text.AppendLine($record.Exception.ToString())
            $null = $text.AppendLine([string] $record.ErrorDetails)
            $null = $text.AppendLine([string] $record.TargetObject)
            $null = $text.AppendLine(($record.TargetObject | Format-List * -Force | Out-String -Width 250))
        }
        foreach ($stream in $captured.Warnings, $captured.Verbose, $captured.Debug, $captured.Information) {
            foreach ($record in $stream) { $null = $text.AppendLine([string] $record) }
        }
        foreach ($record in $captured.Progress) {
            $null = $text.AppendLine("$($record.Activity) | $($record.StatusDescription) | $($record.CurrentOperation)")
        }
        $captured | Add-Member -NotePropertyName Text -NotePropertyValue $text.ToString() -PassThru
    }

    function script:Assert-NoSecret($Captured) {
        $text = $Captured.Text
        foreach ($secret in $script:Lab.KeyA, $script:Lab.KeyB, $script:FakeSignature) {
            $text.Contains($secret) | Should -BeFalse -Because "no output shows a key or signature:`n$text"
        }
        $text | Should -Not -Match 'sig=' -Because "no output shows a SAS signature:`n$text"
        $text | Should -Not -Match 'AccountKey=[A-Za-z0-9+/]{16}' -Because "no output shows a connection string:`n$text"
        $text | Should -Not -Match 'SharedAccessSignature=sv'
    }

    $script:Lab = Start-MediaOpsLab
    $script:FakeSignature = 'FAKEsignatureFAKEsignature' + [guid]::NewGuid().ToString('N')
    $script:SasConnection = "AccountName=dca;BlobEndpoint=http://127.0.0.1:$($script:Lab.Azurite.BlobPort)/dca;QueueEndpoint=http://127.0.0.1:$($script:Lab.Azurite.QueuePort)/dca;" +
        "SharedAccessSignature=sv=2022-11-02&ss=bq&srt=sco&sp=rwdlacup&se=2099-01-01T00:00:00Z&sig=$($script:FakeSignature)"
    $script:Endpoint = New-MediaNotificationEndpoint -QueueName (New-TestQueueName 'secrets')
    $script:Job = Submit-MediaJob -Path $script:Lab.Mezzanine -Preset 'H264 Single Bitrate 720p' -NotificationEndpoint $script:Endpoint -NotifyOn All |
        Wait-MediaJobNotification -Timeout (New-TimeSpan -Minutes 5)
    $script:Sas = $script:Job | New-MediaLocator -Type Sas -Permission Read, List
    $script:Origin = $script:Job | New-MediaLocator -Type OnDemandOrigin

    # Each cmdlet, run as users do, with everything it can write: a call that works and one that fails.
    $script:Calls = @{
        'Connect-MediaAccount'            = { Connect-MediaAccount -Name dca -ConnectionString $script:Lab.ConnectionStringA -Verbose -Debug
                                              Connect-MediaAccount -Name sas -ConnectionString $script:SasConnection
                                              Connect-MediaAccount -Name wrong -ConnectionString ($script:Lab.ConnectionStringA -replace 'AccountKey=[^;]+', "AccountKey=$($script:Lab.KeyB)") }
        'Get-MediaAccount'                = { Get-MediaAccount; Get-MediaAccount -Name nope; $script:Sas }
        'Disconnect-MediaAccount'         = { $null = Connect-MediaAccount -Name temp -ConnectionString $script:Lab.ConnectionStringB; Disconnect-MediaAccount -Name temp -PassThru; Disconnect-MediaAccount -Name nope
                                              $null = Connect-MediaAccount -Context $script:Lab.A }
        'Get-MediaPreset'                 = { Get-MediaPreset; Get-MediaPreset -Name nope }
        'New-MediaAsset'                  = { New-MediaAsset -Path $script:Lab.Mezzanine; New-MediaAsset -Path ./does-not-exist.mp4 }
        'Get-MediaAsset'                  = { Get-MediaAsset; $script:Job | Get-MediaAsset; Get-MediaAsset -AssetId ([guid]::NewGuid()) }
        'Remove-MediaAsset'               = { $asset = New-MediaAsset -Path $script:Lab.Mezzanine; $null = $asset | New-MediaLocator -Type Sas
                                              $asset | Remove-MediaAsset -Force -PassThru; $asset | Remove-MediaAsset -Force }
        'Submit-MediaJob'                 = { Submit-MediaJob -Path $script:Lab.Mezzanine -Preset 'H264 Single Bitrate 720p' -Context $script:Lab.B
                                              Submit-MediaJob -InputAsset ([guid]::NewGuid()) }
        'Get-MediaJob'                    = { Get-MediaJob; Get-MediaJob -JobId ([guid]::NewGuid()) }
        'Stop-MediaJob'                   = { $script:Job | Stop-MediaJob -Force; Stop-MediaJob -JobId ([guid]::NewGuid()) -Force }
        'New-MediaNotificationEndpoint'   = { New-MediaNotificationEndpoint -QueueName (New-TestQueueName 's'); New-MediaNotificationEndpoint -QueueName 'Not A Queue' }
        'Get-MediaNotificationEndpoint'   = { Get-MediaNotificationEndpoint; Get-MediaNotificationEndpoint -Name nope }
        'Remove-MediaNotificationEndpoint' = { New-MediaNotificationEndpoint -QueueName (New-TestQueueName 's') | Remove-MediaNotificationEndpoint -DeleteQueue -Force -PassThru
                                              Remove-MediaNotificationEndpoint -NotificationEndpointId ([guid]::NewGuid()) -Force }
        'Receive-MediaNotification'       = { Receive-MediaNotification -NotificationEndpoint $script:Endpoint; Receive-MediaNotification -QueueName (New-TestQueueName 'none') }
        'Wait-MediaJobNotification'       = { $script:Job | Wait-MediaJobNotification -NotificationEndpoint $script:Endpoint -Timeout (New-TimeSpan -Seconds 2)
                                              Wait-MediaJobNotification -JobId ([guid]::NewGuid()) }
        'New-MediaLocator'                = { $script:Job | New-MediaLocator -Type Sas; $script:Job | New-MediaLocator -Type Sas -Permission Write -Duration (New-TimeSpan -Minutes 5)
                                              New-MediaLocator -AssetId ([guid]::NewGuid()) -Type Sas }
        'Get-MediaLocator'                = { $script:Job | Get-MediaLocator; Get-MediaLocator -LocatorId $script:Sas.Id; Get-MediaLocator -LocatorId ([guid]::NewGuid()) }
        'Remove-MediaLocator'             = { $sas = $script:Job | New-MediaLocator -Type Sas; $sas | Remove-MediaLocator -Force -PassThru; $sas | Remove-MediaLocator -Force }
        'Copy-MediaAsset'                 = { $script:Job | Copy-MediaAsset -DestinationContext $script:Lab.B; Copy-MediaAsset -AssetId ([guid]::NewGuid()) -DestinationContext $script:Lab.B }
        'New-ReplicatedLocator'           = { $script:Job | Copy-MediaAsset -DestinationContext $script:Lab.B | New-ReplicatedLocator
                                              New-ReplicatedLocator -Context $script:Lab.B -AssetId ([guid]::NewGuid()) -SourceContext $script:Lab.A }
    }
}

AfterAll {
    Stop-MediaOpsLab $script:Lab
}

Describe 'No secret on screen' {
    It 'every cmdlet has a call here' {
        $script:AllCmdlets.Count | Should -BeGreaterThan 15
        foreach ($name in $script:AllCmdlets) { $script:Calls.Keys | Should -Contain $name }
    }

    It '<_>: output, views, verbose, debug, warnings, progress and errors show no key, SAS or token' -ForEach $script:CmdletNames {
        $captured = Invoke-Captured $script:Calls[$_]
        # The calls really write: output or errors, and verbose lines.
        ($captured.Output.Count + $captured.Errors.Count) | Should -BeGreaterThan 0
        $captured.Verbose.Count + $captured.Warnings.Count + $captured.Errors.Count | Should -BeGreaterThan 0
        Assert-NoSecret $captured
    }

    It 'the SAS connection string and the SAS locator hold the secrets these tests look for' {
        $script:Sas.Path | Should -Match 'sig='
        $script:SasConnection | Should -Match ([regex]::Escape($script:FakeSignature))
    }

    It '$Error holds no secret after the failing calls' {
        $captured = Invoke-CapturedStreams -Lab $script:Lab -Variables @{ Lab = $script:Lab; SasConnection = $script:SasConnection } -Script {
            $null = Connect-MediaAccount -Name sas -ConnectionString $SasConnection -ErrorAction SilentlyContinue
            $null = Connect-MediaAccount -Name wrong -ConnectionString ($Lab.ConnectionStringA -replace 'AccountKey=[^;]+', "AccountKey=$($Lab.KeyB)") -ErrorAction SilentlyContinue
            $null = Get-MediaAsset -AssetId ([guid]::NewGuid()) -ErrorAction SilentlyContinue
            $Error.Count
            ($Error | ForEach-Object { $_ | Out-String -Width 250; $_.Exception.ToString(); $_.TargetObject | Format-List * -Force | Out-String }) -join "`n"
        }
        $captured.Output[0] | Should -BeGreaterOrEqual 3
        $text = $captured.Output[1]
        foreach ($secret in $script:Lab.KeyA, $script:Lab.KeyB, $script:FakeSignature) { $text.Contains($secret) | Should -BeFalse }
        $text | Should -Not -Match 'sig='
    }
}
