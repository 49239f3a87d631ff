#Requires -Version 7.4
<#
    Jobs: Submit-MediaJob, Get-MediaJob, Stop-MediaJob, Wait-MediaJobNotification.
    Azurite with dca and dcb, a worker on dca only (jobs in dcb stay Queued).
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force
    $script:Lab = Start-MediaOpsLab   # imports the staged module
}

AfterAll { Stop-MediaOpsLab $script:Lab }

Describe 'Submit-MediaJob | Wait-MediaJobNotification' {
    BeforeAll {
        $script:Endpoint = New-MediaNotificationEndpoint -Context $Lab.A -QueueName (New-TestQueueName 'jobs')
    }

    It 'emits the finished job, which carries its account and names a registered output asset' {
        $finished = @(Submit-MediaJob -Context $Lab.A -Path $Lab.Mezzanine -NotificationEndpoint $script:Endpoint |
                Wait-MediaJobNotification -Timeout (New-TimeSpan -Minutes 5))

        $finished.Count | Should -Be 1
        $finished[0].GetType().FullName | Should -Be 'MediaOps.PowerShell.MediaJob'
        $finished[0].State.ToString() | Should -Be 'Finished'
        $finished[0].Context.Name | Should -Be 'dca'
        $output = Get-MediaAsset -AssetId $finished[0].OutputAssetId -Context $Lab.A
        $output.Files.Count | Should -BeGreaterThan 0
        ($finished[0] | Format-Table | Out-String) | Should -Match 'Finished'

        # Stopping a job that already ended changes nothing and warns.
        $stopped = $finished[0] | Stop-MediaJob -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        $stopped.State.ToString() | Should -Be 'Finished'
        $warnings.Count | Should -Be 1
    }

    It 'encodes an asset piped from New-MediaAsset, in the account the asset came from' {
        $finished = @(New-MediaAsset -Context $Lab.A -Path $Lab.Mezzanine -Name 'piped input' |
                Submit-MediaJob -Preset 'H264 Single Bitrate 720p' -NotificationEndpoint $script:Endpoint |
                Wait-MediaJobNotification -Timeout (New-TimeSpan -Minutes 5))

        $finished.Count | Should -Be 1
        $finished[0].State.ToString() | Should -Be 'Finished'
        (Get-MediaAsset -Context $Lab.A -AssetId $finished[0].InputAssetId).Name | Should -Be 'piped input'
    }

    It 'reports a canceled job as the non-terminating error WaitMediaJobNotificationJobCanceled and emits nothing' {
        $job = Submit-MediaJob -Context $Lab.A -Path $Lab.Mezzanine -NotificationEndpoint $script:Endpoint
        $null = $job | Stop-MediaJob -Confirm:$false

        $out = @($job | Wait-MediaJobNotification -Timeout (New-TimeSpan -Minutes 2) -ErrorVariable waitErrors -ErrorAction SilentlyContinue)

        $out.Count | Should -Be 0
        $waitErrors.Count | Should -Be 1
        $waitErrors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'WaitMediaJobNotificationJobCanceled' 'Wait-MediaJobNotification')
        $waitErrors[0].TargetObject.Id | Should -Be $job.Id
    }

    It 'times out with WaitMediaJobNotificationTimedOut, naming the last state seen' {
        # No worker serves dcb: the job stays Queued.
        $endpointB = New-MediaNotificationEndpoint -Context $Lab.B -QueueName (New-TestQueueName 'stuck')
        $job = Submit-MediaJob -Context $Lab.B -Path $Lab.Mezzanine -NotificationEndpoint $endpointB -NotifyOn All

        $record = { $job | Wait-MediaJobNotification -Timeout (New-TimeSpan -Seconds 3) } | Should -Throw -PassThru

        $record.FullyQualifiedErrorId | Should -Be (Get-ErrorId 'WaitMediaJobNotificationTimedOut' 'Wait-MediaJobNotification')
        $record.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $record.Exception.Message | Should -Match 'Queued'
    }

    It 'returns within a second or two when stopped (Ctrl+C)' {
        $endpointB = New-MediaNotificationEndpoint -Context $Lab.B -QueueName (New-TestQueueName 'stop')
        $job = Submit-MediaJob -Context $Lab.B -Path $Lab.Mezzanine -NotificationEndpoint $endpointB
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModulePath, $ConnectionString, $JobId)
                    Import-Module $ModulePath
                    $context = Connect-MediaAccount -ConnectionString $ConnectionString
                    Wait-MediaJobNotification -Context $context -JobId $JobId -Timeout (New-TimeSpan -Minutes 10)
                }).AddArgument($Lab.ModulePath).AddArgument($Lab.ConnectionStringB).AddArgument($job.Id)
            $handle = $ps.BeginInvoke()
            Start-Sleep -Seconds 5
            $handle.IsCompleted | Should -BeFalse

            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Stop()

            $clock.Elapsed.TotalSeconds | Should -BeLessThan 2
            $ps.InvocationStateInfo.State.ToString() | Should -Be 'Stopped'
        }
        finally {
            $ps.Dispose()
        }
    }

    It 'Get-MediaJob reads a piped job again instead of listing every job of the account' {
        # No worker serves dcb: both jobs stay Queued. A piped job binds -InputObject by value, not the List set.
        $null = Submit-MediaJob -Context $Lab.B -Path $Lab.Mezzanine -Name 'other job'
        $got = @(Submit-MediaJob -Context $Lab.B -Path $Lab.Mezzanine -Name 'piped job' -OutVariable submitted | Get-MediaJob)

        @(Get-MediaJob -Context $Lab.B).Count | Should -BeGreaterThan 1
        $got.Count | Should -Be 1
        $got[0].Id | Should -Be $submitted[0].Id
        $got[0].Name | Should -Be 'piped job'
        $got[0].Context.Name | Should -Be 'dcb'
    }

    It 'reports a job without a notification endpoint instead of waiting for it' {
        $job = Submit-MediaJob -Context $Lab.B -Path $Lab.Mezzanine
        $out = @($job | Wait-MediaJobNotification -Timeout (New-TimeSpan -Minutes 1) -ErrorVariable waitErrors -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $waitErrors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'WaitMediaJobNotificationNoNotificationEndpoint' 'Wait-MediaJobNotification')
    }
}

Describe 'Jobs: -WhatIf submits nothing' {
    It 'Submit-MediaJob -WhatIf submits no job and uploads no input' {
        $jobs = @(Get-MediaJob -Context $Lab.A).Count
        $assets = @(Get-MediaAsset -Context $Lab.A).Count
        Submit-MediaJob -Context $Lab.A -Path $Lab.Mezzanine -WhatIf
        @(Get-MediaJob -Context $Lab.A).Count | Should -Be $jobs
        @(Get-MediaAsset -Context $Lab.A).Count | Should -Be $assets
    }

}

Describe 'Jobs: bad input is reported with the right error id' {
    It 'a malformed job id: non-terminating GetMediaJobInvalidArgument' {
        $null = Get-MediaJob -Context $Lab.A -JobId 'not-a-job-id' -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'GetMediaJobInvalidArgument' 'Get-MediaJob')
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }


    It 'an unknown preset: SubmitMediaJobInvalidArgument, and nothing is uploaded' {
        $assets = @(Get-MediaAsset -Context $Lab.A).Count
        $null = Submit-MediaJob -Context $Lab.A -Path $Lab.Mezzanine -Preset 'No Such Preset' -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'SubmitMediaJobInvalidArgument' 'Submit-MediaJob')
        @(Get-MediaAsset -Context $Lab.A).Count | Should -Be $assets
    }

    It 'an unknown job to stop: StopMediaJobNotFound' {
        $null = Stop-MediaJob -Context $Lab.A -JobId ([guid]::NewGuid()) -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'StopMediaJobNotFound' 'Stop-MediaJob')
    }


    It 'a zero timeout: terminating WaitMediaJobNotificationInvalidArgument' {
        { Wait-MediaJobNotification -Context $Lab.A -JobId ([guid]::NewGuid()) -Timeout ([timespan]::Zero) } |
            Should -Throw -ErrorId (Get-ErrorId 'WaitMediaJobNotificationInvalidArgument' 'Wait-MediaJobNotification')
    }
}
