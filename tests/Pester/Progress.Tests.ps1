#Requires -Version 7.4
<#
    Progress: Wait-MediaJobNotification shows each job's state and percent complete with a live elapsed time;
    Copy-MediaAsset reports from its start (listing, files and bytes, verification).
#>

BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force
    Import-Module (Get-ModulePath) -Force
    $script:Lab = Start-MediaOpsLab
    $script:Endpoint = New-MediaNotificationEndpoint -QueueName (New-TestQueueName 'progress')

    function script:Invoke-WithProgress([scriptblock] $Script, [hashtable] $Variables) {
        Invoke-CapturedStreams -Script $Script -Lab $script:Lab -Variables ($Variables + @{ Lab = $script:Lab; Endpoint = $script:Endpoint })
    }
}

AfterAll {
    Stop-MediaOpsLab $script:Lab
}

Describe 'Wait-MediaJobNotification progress' {
    It 'shows each job''s state and percent, and an elapsed time that moves' {
        $mezzanine = New-TestMezzanine -Path (Join-Path $script:Lab.Directory 'longer.mp4') -Seconds 20 -Size '1280x720'
        $captured = Invoke-WithProgress -Variables @{ Mezzanine = $mezzanine } -Script {
            Submit-MediaJob -Path $Mezzanine -Preset 'H264 Single Bitrate 720p' -NotificationEndpoint $Endpoint |
                Wait-MediaJobNotification -Timeout (New-TimeSpan -Minutes 5)
        }
        $captured.Errors | Should -BeNullOrEmpty
        $captured.Output.State | Should -Be 'Finished'
        $waits = @($captured.Progress | Where-Object { $_.Activity -like 'Waiting for*' -and $_.RecordType -ne 'Completed' })
        $waits.Count | Should -BeGreaterThan 2
        # A live clock: the elapsed time takes several values while the job runs, not only when a notification comes.
        $elapsed = @($waits.StatusDescription | ForEach-Object { if ($_ -match '(\d\d:\d\d:\d\d) elapsed') { $Matches[1] } } | Sort-Object -Unique)
        $elapsed.Count | Should -BeGreaterThan 2
        # Each running job with its state and percent, the percent read from its record while it is encoded.
        $operations = @($waits.CurrentOperation | Where-Object { $_ })
        $operations | Should -Match '^[0-9a-f]{8}: \w+ \d+%'
        $percents = @($operations | ForEach-Object { if ($_ -match 'Processing (\d+)%') { [int] $Matches[1] } })
        @($percents | Where-Object { $_ -gt 0 -and $_ -lt 100 }).Count | Should -BeGreaterThan 0 -Because "progress between 0 and 100% shows: $($operations -join '; ')"
        ($waits.PercentComplete | Measure-Object -Maximum).Maximum | Should -BeGreaterThan 0
    }
}

Describe 'Copy-MediaAsset progress' {
    It 'reports from its start: listing, files and bytes, then verification' {
        $asset = New-MediaAsset -Path $script:Lab.Mezzanine
        $captured = Invoke-WithProgress -Variables @{ Asset = $asset } -Script { $Asset | Copy-MediaAsset -DestinationContext dcb }
        $captured.Errors | Should -BeNullOrEmpty
        $captured.Output.Id | Should -Be $asset.Id
        $records = @($captured.Progress | Where-Object { $_.Activity -like 'Copying media asset*' })
        $status = @($records.StatusDescription)
        $status[0] | Should -Match 'listing'
        $first = [array]::FindIndex([string[]] $status, [Predicate[string]] { param($s) $s -match 'files, ' })
        $verify = [array]::FindIndex([string[]] $status, [Predicate[string]] { param($s) $s -match 'Verifying' })
        $first | Should -BeGreaterThan 0
        $verify | Should -BeGreaterThan $first
        $status | Should -Contain ($status | Where-Object { $_ -match '^1 of 1 files, 1\.1 MB of 1\.1 MB$' } | Select-Object -First 1)
        $records[-1].RecordType | Should -Be 'Completed'
    }
}
