#Requires -Version 7.4
<#
    Notification endpoints and their messages: New-/Get-/Remove-MediaNotificationEndpoint, Receive-MediaNotification.
    Azurite with dca and dcb; no worker.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force
    $script:Lab = Start-MediaOpsLab -NoWorker   # imports the staged module
}

AfterAll { Stop-MediaOpsLab $script:Lab }

Describe 'Notifications' {
    It 'New-MediaNotificationEndpoint | Receive-MediaNotification -Delete reads the registration message once' {
        $endpoint = New-MediaNotificationEndpoint -Context $Lab.A -QueueName (New-TestQueueName 'recv') -Name 'receiver'
        $first = @($endpoint | Receive-MediaNotification -Delete -Confirm:$false)
        $first.Count | Should -Be 1
        $first[0].EventType | Should -Be 'NotificationEndPointRegistration'
        @($endpoint | Receive-MediaNotification).Count | Should -Be 0
    }

    It 'New-MediaNotificationEndpoint | Get-MediaNotificationEndpoint returns exactly the piped endpoint' {
        $null = New-MediaNotificationEndpoint -Context $Lab.A -QueueName (New-TestQueueName 'other')
        $got = @(New-MediaNotificationEndpoint -Context $Lab.A -QueueName (New-TestQueueName 'reread') -OutVariable created |
                Get-MediaNotificationEndpoint)

        @(Get-MediaNotificationEndpoint -Context $Lab.A).Count | Should -BeGreaterThan 1
        $got.Count | Should -Be 1
        $got[0].Id | Should -Be $created[0].Id
        $got[0].QueueName | Should -Be $created[0].QueueName
    }

    It 'Remove-MediaNotificationEndpoint removes the endpoint' {
        $endpoint = New-MediaNotificationEndpoint -Context $Lab.A -QueueName (New-TestQueueName 'gone')
        $endpoint | Remove-MediaNotificationEndpoint -DeleteQueue -Confirm:$false
        $null = Get-MediaNotificationEndpoint -Context $Lab.A -NotificationEndpointId $endpoint.Id -ErrorVariable getErrors -ErrorAction SilentlyContinue
        $getErrors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'GetMediaNotificationEndpointNotFound' 'Get-MediaNotificationEndpoint')
    }
}

Describe 'Notifications: -WhatIf creates and deletes nothing' {
    It 'New-MediaNotificationEndpoint -WhatIf creates no endpoint' {
        $queue = New-TestQueueName 'whatif'
        New-MediaNotificationEndpoint -Context $Lab.A -QueueName $queue -Name $queue -WhatIf
        @(Get-MediaNotificationEndpoint -Context $Lab.A -Name "$queue*").Count | Should -Be 0
    }


    It 'Receive-MediaNotification -Delete -WhatIf deletes no message' {
        $endpoint = New-MediaNotificationEndpoint -Context $Lab.A -QueueName (New-TestQueueName 'keep')
        @($endpoint | Receive-MediaNotification -Delete -WhatIf).Count | Should -Be 0
        @($endpoint | Receive-MediaNotification -Delete -Confirm:$false).Count | Should -Be 1
    }
}

Describe 'Notifications: bad input is reported with the right error id' {
    It 'an invalid queue name: NewMediaNotificationEndpointInvalidArgument' {
        $null = New-MediaNotificationEndpoint -Context $Lab.A -QueueName 'Not_A_Queue' -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'NewMediaNotificationEndpointInvalidArgument' 'New-MediaNotificationEndpoint')
    }

}
