#Requires -Version 7.4
<#
    WebHook notification endpoints through the cmdlets: created with a signing key that is returned once, refused for
    plain http off the machine, shown without the key, and refused by the cmdlets that read queues. Delivery itself (a
    real worker POSTing to a receiver written as Media Services' article) is proven in tests/MediaOps.Worker.Tests.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force
    Import-Module (Get-ModulePath) -Force -ErrorAction Stop
    $script:Lab = Start-MediaOpsLab -NoWorker
}

AfterAll {
    Stop-MediaOpsLab $script:Lab
}

Describe 'New-MediaNotificationEndpoint -EndpointType WebHook' {
    It 'returns the generated signing key once, on the new endpoint only, and no view or later read shows it' {
        $endpoint = New-MediaNotificationEndpoint -Context $script:Lab.A -EndpointType WebHook -Address 'http://127.0.0.1:9/hook?code=secret-code' -Name 'hook'

        $endpoint.IsWebHook | Should -BeTrue
        $endpoint.EndpointType | Should -Be 'WebHook'
        [Convert]::FromBase64String($endpoint.SigningKey).Length | Should -Be 64
        $endpoint.Address | Should -Be 'http://127.0.0.1:9/hook'

        $shown = ($endpoint | Format-Table | Out-String -Width 200) + ($endpoint | Format-List | Out-String -Width 200) + "$endpoint"
        $shown | Should -Not -Match ([regex]::Escape($endpoint.SigningKey))
        $shown | Should -Not -Match 'secret-code'

        $again = Get-MediaNotificationEndpoint -Context $script:Lab.A -NotificationEndpointId $endpoint.Id
        $again.SigningKey | Should -BeNullOrEmpty
        $again.Backlog | Should -BeGreaterOrEqual 1   # the registration message waits: no worker runs here
        $again.Address | Should -Be 'http://127.0.0.1:9/hook'
    }

    It 'keeps a signing key that is given' {
        $key = [Convert]::ToBase64String([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(64))
        $endpoint = New-MediaNotificationEndpoint -Context $script:Lab.A -EndpointType WebHook -Address 'https://127.0.0.1:9/api/notify' -SigningKey $key
        $endpoint.SigningKey | Should -Be $key
    }

    It 'refuses plain http to another machine before creating anything, naming https' {
        $before = @(Get-MediaNotificationEndpoint -Context $script:Lab.A).Count
        $null = New-MediaNotificationEndpoint -Context $script:Lab.A -EndpointType WebHook -Address 'http://receiver.example.net/api/notify' -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be (Get-ErrorId 'NewMediaNotificationEndpointInvalidArgument' 'New-MediaNotificationEndpoint')
        "$($errors[0])" | Should -Match 'https'
        @(Get-MediaNotificationEndpoint -Context $script:Lab.A).Count | Should -Be $before
    }

    It 'refuses a signing key that is not Base64 of 64 bytes' {
        $null = New-MediaNotificationEndpoint -Context $script:Lab.A -EndpointType WebHook -Address 'https://127.0.0.1:9/x' -SigningKey 'c2hvcnQ=' -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'cannot be read as a queue: Receive-MediaNotification says why' {
        $endpoint = New-MediaNotificationEndpoint -Context $script:Lab.A -EndpointType WebHook -Address 'https://127.0.0.1:9/y'
        $null = Receive-MediaNotification -NotificationEndpoint $endpoint -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        "$($errors[0])" | Should -Match 'WebHook'
    }

    It 'keeps its delivery queue to the workers: Receive-MediaNotification -QueueName refuses it, naming the fix, and takes nothing' {
        $endpoint = New-MediaNotificationEndpoint -Context $script:Lab.A -EndpointType WebHook -Address 'https://127.0.0.1:9/z'
        $queue = $endpoint.DeliveryQueueName
        $null = Receive-MediaNotification -Context $script:Lab.A -QueueName $queue -Delete -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($errors[0])" | Should -Match ([regex]::Escape($queue))
        "$($errors[0])" | Should -Match 'Get-MediaNotificationEndpoint'
        # The registration is still waiting for a worker to deliver it.
        (Get-MediaNotificationEndpoint -Context $script:Lab.A -NotificationEndpointId $endpoint.Id).Backlog | Should -Be 1
    }
}
