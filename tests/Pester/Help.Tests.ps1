#Requires -Version 7.4
<#
    The module's help: every cmdlet and every parameter has help (the MAML that './build.sh stage' writes from the doc
    comments), about_MediaOps covers the concepts, and every example of every cmdlet runs as written against a lab
    (Azurite with dca and dcb, a worker on dca) after the setup that about_MediaOps describes.
#>

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force
    Import-Module (Get-ModulePath) -Force
    $script:CmdletNames = @((Get-Command -Module MediaOps -CommandType Cmdlet).Name | Sort-Object)
    $script:Examples = foreach ($name in $script:CmdletNames) {
        $index = 0
        foreach ($example in @((Get-Help $name -Examples).examples.example)) {
            $index++
            @{ Cmdlet = $name; Index = $index; Code = [string] $example.code }
        }
    }
}

BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force
    Import-Module (Get-ModulePath) -Force
    $script:Common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
}

Describe 'Help of <_>' -ForEach $script:CmdletNames {
    BeforeAll {
        $script:Name = $_
        $script:Help = Get-Help $_ -Full
    }

    It 'has a synopsis and a description of its own' {
        $script:Help.Synopsis | Should -Not -BeNullOrEmpty
        # Without help, PowerShell makes the synopsis from the syntax.
        $script:Help.Synopsis | Should -Not -Match ([regex]::Escape($script:Name) + '\s+\[')
        ($script:Help.description.Text -join ' ').Length | Should -BeGreaterThan 40
    }

    It 'names its input and output types' {
        @($script:Help.inputTypes.inputType.type.name | Where-Object { $_ }).Count | Should -BeGreaterThan 0
        @($script:Help.returnValues.returnValue.type.name | Where-Object { $_ }).Count | Should -BeGreaterThan 0
        $outputs = @((Get-Command $script:Name).OutputType.Name)
        foreach ($output in $outputs) { $script:Help.returnValues.returnValue.type.name | Should -Contain $output }
    }

    It 'has at least two examples, each with code and remarks' {
        $examples = @($script:Help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty
            ($example.remarks.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty
            $example.code | Should -Match ([regex]::Escape($script:Name))
        }
    }

    It 'describes every parameter (Get-Help -Parameter)' {
        $parameters = @((Get-Command $script:Name).Parameters.Keys | Where-Object { $_ -notin $script:Common })
        $parameters.Count | Should -BeGreaterThan 0
        $listed = @((Get-Help $script:Name -Parameter *).name)
        foreach ($parameter in $parameters) {
            $listed | Should -Contain $parameter -Because "Get-Help $script:Name -Parameter * lists -$parameter"
            $help = Get-Help $script:Name -Parameter $parameter
            ($help.description.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter of $script:Name needs a description"
        }
    }
}

Describe 'about_MediaOps' {
    It 'is staged and found by Get-Help' {
        Test-Path -LiteralPath (Join-Path (Get-ModulePath) 'en-US' 'about_MediaOps.help.txt') | Should -BeTrue
        Test-Path -LiteralPath (Join-Path (Get-ModulePath) 'en-US' 'MediaOps.PowerShell.dll-Help.xml') | Should -BeTrue
        (Get-Help about_MediaOps | Out-String) | Should -Match 'about_MediaOps'
    }

    It 'covers <_>' -ForEach @('CONTEXTS', 'ASSETS', 'JOBS AND PRESETS', 'NOTIFICATIONS AND THEIR V2 FORMAT', 'LOCATORS',
        'COPY AND REPLICATION', 'THE WORKER', 'THE ORIGIN', 'FAILOVER', 'EXAMPLES IN THIS HELP') {
        $text = Get-Content -Raw -LiteralPath (Join-Path (Get-ModulePath) 'en-US' 'about_MediaOps.help.txt')
        $text | Should -Match ("(?m)^  " + [regex]::Escape($_) + '|(?m)^' + [regex]::Escape($_))
    }

    It 'shows the v2 message format' {
        $text = Get-Help about_MediaOps | Out-String
        foreach ($field in 'MessageVersion', 'EventType', 'ETag', 'TimeStamp', 'JobId', 'NewState', 'OldState', 'AccountName', 'NotificationEndPointRegistration') {
            $text | Should -Match $field
        }
    }
}

Describe 'The examples run as written' {
    BeforeAll {
        $script:Lab = Start-MediaOpsLab
        $endpoint = New-MediaNotificationEndpoint -QueueName (New-TestQueueName 'help')
        $script:Job = Submit-MediaJob -Path $script:Lab.Mezzanine -Preset 'H264 Single Bitrate 720p' -NotificationEndpoint $endpoint |
            Wait-MediaJobNotification -Timeout (New-TimeSpan -Minutes 5)
        $script:Job | Should -Not -BeNullOrEmpty

        # The setup about_MediaOps (EXAMPLES IN THIS HELP) describes; each example runs after it, in a scope of its own.
        function script:Invoke-Example([string] $Code) {
            $lab = $script:Lab
            $block = [scriptblock]::Create($Code)
            & {
                $ErrorActionPreference = 'Stop'
                $csA = $lab.ConnectionStringA
                $csB = $lab.ConnectionStringB
                $clip = $lab.Mezzanine
                $a = $lab.A
                $b = $lab.B
                $job = $script:Job
                $null = Connect-MediaAccount -Context $b
                $null = Connect-MediaAccount -Context $a
                $asset = New-MediaAsset -Path $clip
                $ep = New-MediaNotificationEndpoint -QueueName (New-TestQueueName 'ex')
                $locator = $job | New-MediaLocator -Type OnDemandOrigin
                . $block
            } *>&1 | Out-String -Width 120
        }
    }

    AfterAll {
        Stop-MediaOpsLab $script:Lab
    }

    It 'example <Index> of <Cmdlet>' -ForEach $script:Examples {
        $output = Invoke-Example $Code
        $output | Should -Not -Match 'Exception|Error:' -Because "the example printed:`n$output"
        # No example leaves a secret on screen either.
        $output | Should -Not -Match 'sig='
        $output | Should -Not -Match ([regex]::Escape($script:Lab.KeyA))
    }
}
