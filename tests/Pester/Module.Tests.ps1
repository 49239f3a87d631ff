#Requires -Version 7.4
<#
    The module as PowerShell sees it: the manifest, the conventions every cmdlet keeps (approved verbs, output types,
    ShouldProcess, -Context from the pipeline), how piped objects pick a parameter set, the format views, and the
    isolation of its dependencies, each isolation case in a fresh pwsh process of the repository's PowerShell.
    Azurite with dca and dcb, a worker on dca.
#>

BeforeDiscovery {
    # The cmdlets the manifest promises; each convention below is checked for every one of them.
    $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $PSScriptRoot '..' '..' 'MediaOps.psd1')
    $script:CmdletNames = @($manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force
    $script:Lab = Start-MediaOpsLab   # imports the staged module

    # The environment a fresh pwsh gets: the connection strings travel there, never on a command line.
    $script:LabEnvironment = @{
        MEDIAOPS_TEST_MODULE = $Lab.ModulePath
        MEDIAOPS_TEST_CS_A   = $Lab.ConnectionStringA
        MEDIAOPS_TEST_CS_B   = $Lab.ConnectionStringB
        MEDIAOPS_TEST_INPUT  = $Lab.Mezzanine
    }

    # Runs a script in a fresh pwsh; the script writes its findings as JSON to $env:MEDIAOPS_TEST_RESULT, read back here.
    function Invoke-FreshScript([string] $Script, [hashtable] $Environment = $script:LabEnvironment) {
        $result = Join-Path $Lab.Directory ("result-" + [guid]::NewGuid().ToString('N') + '.json')
        $run = Invoke-FreshPwsh -Script $Script -Environment ($Environment + @{ MEDIAOPS_TEST_RESULT = $result })
        $found = if (Test-Path -LiteralPath $result) { Get-Content -Raw -LiteralPath $result | ConvertFrom-Json } else { $null }
        [pscustomobject]@{ ExitCode = $run.ExitCode; Output = $run.Output; Errors = $run.Errors; Result = $found }
    }

    function Get-AssemblyVersion([string] $Path) { [System.Reflection.AssemblyName]::GetAssemblyName($Path).Version.ToString() }
}

AfterAll { Stop-MediaOpsLab $script:Lab }

Describe 'The manifest' {
    It 'supports PowerShell 7.4 and later, Core edition only, and exports exactly the cmdlets the assembly defines' {
        $manifest = Test-ModuleManifest -Path (Join-Path $Lab.ModulePath 'MediaOps.psd1')
        $manifest.PowerShellVersion | Should -Be ([version] '7.4')
        $manifest.CompatiblePSEditions | Should -Be @('Core')

        $exported = @((Get-Command -Module MediaOps -CommandType Cmdlet).Name | Sort-Object)
        $exported.Count | Should -BeGreaterOrEqual 17
        $exported | Should -Be @($manifest.ExportedCmdlets.Keys | Sort-Object)
        $defined = @((Get-Module MediaOps).ImplementingAssembly.GetExportedTypes() |
                Where-Object { $_.IsSubclassOf([System.Management.Automation.Cmdlet]) -and -not $_.IsAbstract } |
                ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; "$($a.VerbName)-$($a.NounName)" } |
                Sort-Object)
        $exported | Should -Be $defined
    }

    It 'the module is imported from the staged folder, with its format file' {
        $module = Get-Module MediaOps
        $module.ModuleBase | Should -Be (Resolve-Path -LiteralPath $Lab.ModulePath).Path
        @($module.ExportedFormatFiles).Count | Should -BeGreaterThan 0
    }
}

Describe 'Every cmdlet keeps the conventions of PowerShell' {
    It '<Name> uses an approved verb (Get-Verb)' -ForEach $CmdletNames {
        (Get-Command $Name -Module MediaOps).Verb | Should -BeIn @((Get-Verb).Verb)
    }

    It '<Name> declares an OutputType that names a type PowerShell resolves' -ForEach $CmdletNames {
        $command = Get-Command $Name -Module MediaOps
        $types = @($command.OutputType | ForEach-Object { $_.Type })
        $types.Count | Should -BeGreaterThan 0
        foreach ($type in $types) {
            $type | Should -Not -BeNullOrEmpty -Because "every [OutputType] of $Name names a type that exists"
            if ($command.Verb -eq 'Remove') {
                # Remove-* emit nothing, or with -PassThru whether the thing was there to remove.
                $type | Should -Be ([bool])
            }
            else {
                $type.Namespace | Should -Be 'MediaOps.PowerShell' -Because "$Name emits objects of the cmdlet assembly"
            }
        }
    }

    It '<Name> supports -WhatIf and -Confirm exactly when it creates, changes or deletes something' -ForEach $CmdletNames {
        $command = Get-Command $Name -Module MediaOps
        # Connect and Disconnect only choose the session's accounts, Wait and Get only read.
        $changes = $command.Verb -notin @('Get', 'Connect', 'Disconnect', 'Wait')
        $command.Parameters.ContainsKey('WhatIf') | Should -Be $changes
        $command.Parameters.ContainsKey('Confirm') | Should -Be $changes
        if ($command.Verb -eq 'Remove') {
            $impact = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact
            $impact | Should -BeIn @('Medium', 'High')
        }
    }

    # Get-MediaAccount lists the session's accounts and Get-MediaPreset the built-in presets: neither works in one account.
    It '<Name> takes -Context, a MediaAccount, from the Context property of piped objects in every parameter set' -ForEach @($CmdletNames | Where-Object { $_.Name -notin 'Get-MediaAccount', 'Get-MediaPreset' }) {
        $context = (Get-Command $Name -Module MediaOps).Parameters['Context']
        $context | Should -Not -BeNullOrEmpty
        if ($Name -eq 'Disconnect-MediaAccount') {
            # It takes the accounts themselves, several at once, piped by value: `Get-MediaAccount | Disconnect-MediaAccount`.
            $context.ParameterType.FullName | Should -Be 'MediaOps.PowerShell.MediaAccount[]'
            foreach ($set in $context.ParameterSets.Values) { $set.ValueFromPipeline | Should -BeTrue }
            return
        }
        $context.ParameterType.FullName | Should -Be 'MediaOps.PowerShell.MediaAccount'
        foreach ($set in $context.ParameterSets.Values) { $set.ValueFromPipelineByPropertyName | Should -BeTrue }
    }

    It 'Get-MediaAccount and Get-MediaPreset work in no one account: they take no -Context' {
        (Get-Command Get-MediaAccount -Module MediaOps).Parameters.ContainsKey('Context') | Should -BeFalse
        (Get-Command Get-MediaPreset -Module MediaOps).Parameters.ContainsKey('Context') | Should -BeFalse
    }
}

Describe 'Nothing of the Azure SDK shows through the cmdlet assembly' {
    It 'the cmdlet assembly refers to no Azure assembly; MediaOps.Core and the Azure SDK load only in the module''s context' {
        $assembly = (Get-Module MediaOps).ImplementingAssembly
        @($assembly.GetReferencedAssemblies().Name | Where-Object { $_ -like 'Azure.*' }) | Should -BeNullOrEmpty
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly).Name | Should -Be 'Default'
        $core = [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'MediaOps.Core' }
        @($core | ForEach-Object { [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name }) | Should -Be @('MediaOps')
    }

    It 'no parameter of <Name> has a type of the Azure SDK or of MediaOps.Core' -ForEach $CmdletNames {
        foreach ($parameter in (Get-Command $Name -Module MediaOps).Parameters.Values) {
            $type = $parameter.ParameterType
            while ($type.HasElementType -or ($type.IsGenericType -and $type.GetGenericArguments().Count -eq 1)) {
                $type = if ($type.HasElementType) { $type.GetElementType() } else { $type.GetGenericArguments()[0] }
            }
            $type.Assembly.GetName().Name | Should -Not -BeLike 'Azure.*' -Because "-$($parameter.Name) of $Name"
            $type.Assembly.GetName().Name | Should -Not -Be 'MediaOps.Core' -Because "-$($parameter.Name) of $Name"
        }
    }

    It 'every object the cmdlets emit carries its account in a Context property, so that it pipes on into that account' {
        $emitted = (Get-Command -Module MediaOps).OutputType.Type |
            Where-Object { $_.Namespace -eq 'MediaOps.PowerShell' -and $_.FullName -notin 'MediaOps.PowerShell.MediaAccount', 'MediaOps.PowerShell.MediaPreset' } |
            Sort-Object FullName -Unique
        @($emitted).Count | Should -BeGreaterThan 0
        foreach ($type in $emitted) {
            $type.GetProperty('Context').PropertyType.FullName | Should -Be 'MediaOps.PowerShell.MediaAccount' -Because "$($type.Name) pipes on with its account"
        }
    }
}

Describe 'Tab completion' {
    It 'Submit-MediaJob -Preset offers the built-in presets' {
        $line = "Submit-MediaJob -Preset "
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.ListItemText
        foreach ($preset in 'Adaptive Streaming', 'H264 Multiple Bitrate 720p', 'H264 Single Bitrate 720p') { $completions | Should -Contain $preset }
    }
}

Describe '-Context binds by property name from any piped object' {
    BeforeAll {
        # dca is the session default; each object below carries dcb in its Context property and nothing else.
        $script:AssetB = New-MediaAsset -Context $Lab.B -Path $Lab.Mezzanine -Name 'only in dcb'
        $script:EndpointB = New-MediaNotificationEndpoint -Context $Lab.B -QueueName (New-TestQueueName 'ctx')
        $script:LocatorB = New-MediaLocator -Context $Lab.B -AssetId $AssetB.Id -Type Sas
        $script:JobB = Submit-MediaJob -Context $Lab.B -InputAsset $AssetB.Id -Name 'only in dcb'   # no worker on dcb: stays Queued
    }

    It 'Get-MediaAsset lists the assets of the piped account' {
        $listed = @([pscustomobject]@{ Context = $Lab.B } | Get-MediaAsset)
        $listed | ForEach-Object Id | Should -Contain $AssetB.Id
        $listed | ForEach-Object { $_.Context.Name | Should -Be 'dcb' }
        @(Get-MediaAsset | ForEach-Object Id) | Should -Not -Contain $AssetB.Id
    }

    It 'Get-MediaJob, Get-MediaNotificationEndpoint and Get-MediaLocator list in the piped account' {
        [pscustomobject]@{ Context = $Lab.B } | Get-MediaJob | ForEach-Object Id | Should -Contain $JobB.Id
        [pscustomobject]@{ Context = $Lab.B } | Get-MediaNotificationEndpoint | ForEach-Object Id | Should -Contain $EndpointB.Id
        [pscustomobject]@{ Context = $Lab.B } | Get-MediaLocator | ForEach-Object Id | Should -Contain $LocatorB.Id
        @(Get-MediaJob | ForEach-Object Id) | Should -Not -Contain $JobB.Id
    }

    It 'New-MediaNotificationEndpoint creates the endpoint in the piped account, with the piped queue name' {
        $queue = New-TestQueueName 'ctxnew'
        $endpoint = [pscustomobject]@{ Context = $Lab.B; QueueName = $queue } | New-MediaNotificationEndpoint
        $endpoint.Context.Name | Should -Be 'dcb'
        (Get-MediaNotificationEndpoint -Context $Lab.B -NotificationEndpointId $endpoint.Id).QueueName | Should -Be $queue
    }

    It 'Connect-MediaAccount takes a piped account and makes it the session default' {
        try {
            $null = $Lab.B | Connect-MediaAccount
            Get-MediaAsset | ForEach-Object Id | Should -Contain $AssetB.Id
        }
        finally {
            $null = $Lab.A | Connect-MediaAccount
        }
    }
}

Describe 'Piped objects select the parameter set that reads or uses them' {
    It 'Get-ChildItem | Submit-MediaJob submits one job per file, binding each file by its FullName' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $Lab.Directory 'submit-many') -Force
        Copy-Item -LiteralPath $Lab.Mezzanine -Destination (Join-Path $folder 'first.mp4')
        Copy-Item -LiteralPath $Lab.Mezzanine -Destination (Join-Path $folder 'second.mp4')

        $jobs = @(Get-ChildItem -LiteralPath $folder -Filter *.mp4 | Submit-MediaJob -Context $Lab.B)

        $jobs.Count | Should -Be 2
        $inputs = $jobs | ForEach-Object { (Get-MediaAsset -Context $Lab.B -AssetId $_.InputAssetId).Name }
        ($inputs | Sort-Object) | Should -Be @('first.mp4', 'second.mp4')
    }

    It 'an object with an AssetId (as Import-Csv gives) | Submit-MediaJob encodes that asset and uploads nothing' {
        $asset = New-MediaAsset -Context $Lab.B -Path $Lab.Mezzanine -Name 'existing input'
        $assets = @(Get-MediaAsset -Context $Lab.B).Count

        $job = [pscustomobject]@{ AssetId = $asset.Id } | Submit-MediaJob -Context $Lab.B

        $job.InputAssetId | Should -Be $asset.Id
        @(Get-MediaAsset -Context $Lab.B).Count | Should -Be $assets
    }

    It 'Get-MediaJob | Stop-MediaJob cancels that job, by its id' {
        $job = Submit-MediaJob -Context $Lab.B -Path $Lab.Mezzanine -Name 'to cancel'
        $other = Submit-MediaJob -Context $Lab.B -Path $Lab.Mezzanine -Name 'left alone'

        $stopped = @(Get-MediaJob -Context $Lab.B -JobId $job.Id | Stop-MediaJob -Confirm:$false)

        $stopped.Count | Should -Be 1
        $stopped[0].Id | Should -Be $job.Id
        $stopped[0].State.ToString() | Should -BeIn @('Canceling', 'Canceled')
        (Get-MediaJob -Context $Lab.B -JobId $other.Id).State.ToString() | Should -Be 'Queued'
    }

    It 'a piped notification endpoint | Remove-MediaNotificationEndpoint removes only that endpoint' {
        $gone = New-MediaNotificationEndpoint -Context $Lab.B -QueueName (New-TestQueueName 'rmpiped')
        $kept = New-MediaNotificationEndpoint -Context $Lab.B -QueueName (New-TestQueueName 'rmkept')

        $gone | Remove-MediaNotificationEndpoint -Confirm:$false

        $ids = @(Get-MediaNotificationEndpoint -Context $Lab.B | ForEach-Object Id)
        $ids | Should -Not -Contain $gone.Id
        $ids | Should -Contain $kept.Id
    }
}

Describe '-WhatIf changes nothing' {
    It 'Stop-MediaJob -WhatIf leaves the job Queued' {
        $job = Submit-MediaJob -Context $Lab.B -Path $Lab.Mezzanine -Name 'not stopped'
        $out = @($job | Stop-MediaJob -WhatIf)
        $out.Count | Should -Be 0
        (Get-MediaJob -Context $Lab.B -JobId $job.Id).State.ToString() | Should -Be 'Queued'
    }

    It 'Remove-MediaNotificationEndpoint -WhatIf -DeleteQueue keeps the endpoint and its queue' {
        $endpoint = New-MediaNotificationEndpoint -Context $Lab.B -QueueName (New-TestQueueName 'notremoved')
        $endpoint | Remove-MediaNotificationEndpoint -DeleteQueue -WhatIf
        (Get-MediaNotificationEndpoint -Context $Lab.B -NotificationEndpointId $endpoint.Id).Id | Should -Be $endpoint.Id
        # The queue is still there: its registration message can still be read.
        $endpoint | Receive-MediaNotification | ForEach-Object EventType | Should -Contain 'NotificationEndPointRegistration'
    }
}

Describe 'The format views' {
    BeforeAll {
        # One real object of every type the cmdlets emit (a SAS locator and an origin locator for MediaLocator).
        $asset = New-MediaAsset -Context $Lab.A -Path $Lab.Mezzanine -Name 'shown'
        $endpoint = New-MediaNotificationEndpoint -Context $Lab.A -QueueName (New-TestQueueName 'views')
        $script:Sas = New-MediaLocator -Context $Lab.A -AssetId $asset.Id -Type Sas
        $script:Samples = @{
            'MediaOps.PowerShell.MediaAccount'         = @($Lab.A)
            'MediaOps.PowerShell.MediaAsset'           = @($asset)
            'MediaOps.PowerShell.MediaJob'             = @(Submit-MediaJob -Context $Lab.B -Path $Lab.Mezzanine -Name 'shown')
            'MediaOps.PowerShell.MediaLocator'         = @($Sas, (New-MediaLocator -Context $Lab.A -AssetId $asset.Id -Type OnDemandOrigin))
            'MediaOps.PowerShell.NotificationEndpoint' = @($endpoint, (New-MediaNotificationEndpoint -Context $Lab.A -EndpointType WebHook -Address 'http://127.0.0.1:9/views?code=x'))
            'MediaOps.PowerShell.MediaPreset'          = @(Get-MediaPreset)
            'MediaOps.PowerShell.MediaAssetFile'       = @($asset.Files)
            'MediaOps.PowerShell.JobNotificationSubscription' = @((Submit-MediaJob -Context $Lab.B -Path $Lab.Mezzanine -Name 'subscribed' -NotificationEndpoint (New-MediaNotificationEndpoint -Context $Lab.B -QueueName (New-TestQueueName 'subscribed'))).NotificationSubscriptions)
            'MediaOps.PowerShell.MediaPresetRendition' = @((Get-MediaPreset -Name 'Adaptive Streaming').Renditions)
            'MediaOps.PowerShell.MediaNotification'    = @($endpoint | Receive-MediaNotification)
        }

        # Every view of the staged format file(s): name, the type it is selected by, and how it formats.
        $script:Views = foreach ($file in (Get-Module MediaOps).ExportedFormatFiles) {
            foreach ($view in ([xml] (Get-Content -Raw -LiteralPath $file)).Configuration.ViewDefinitions.View) {
                $control = @('TableControl', 'ListControl', 'WideControl', 'CustomControl') | Where-Object { $null -ne $view[$_] } | Select-Object -First 1
                [pscustomobject]@{ Name = $view.Name; TypeName = $view.ViewSelectedBy.TypeName; Control = $control }
            }
        }
        function Format-WithView($Object, $View) {
            $command = @{ TableControl = 'Format-Table'; ListControl = 'Format-List'; WideControl = 'Format-Wide'; CustomControl = 'Format-Custom' }[$View.Control]
            # -DisplayError: a column that fails to evaluate shows as #ERR instead of silently empty.
            $Object | & $command -View $View.Name -DisplayError | Out-String -Width 400
        }
    }

    It 'there is a view for every type the cmdlets emit' {
        $emitted = (Get-Command -Module MediaOps).OutputType.Type | Where-Object { $_.Namespace -eq 'MediaOps.PowerShell' } |
            ForEach-Object FullName | Sort-Object -Unique
        foreach ($type in $emitted) { $Views.TypeName | Should -Contain $type }
    }

    It 'every view renders a real object of its type without error, showing its values' {
        $Views.Count | Should -BeGreaterThan 0
        foreach ($view in $Views) {
            $Samples.ContainsKey($view.TypeName) | Should -BeTrue -Because "view $($view.Name) needs an object of $($view.TypeName) to be tried on"
            foreach ($object in $Samples[$view.TypeName]) {
                $text = Format-WithView $object $view
                $text | Should -Not -Match '#ERR' -Because "view $($view.Name) evaluates every column of $($view.TypeName)"
                $text | Should -Not -Match ([regex]::Escape($Lab.KeyA)) -Because "view $($view.Name) shows no account key"
                # What names the object: its Id, else its Name, else (a notification) its EventType, else (a subscription) its queue.
                $key = @('Id', 'Name', 'EventType', 'QueueName') | Where-Object { $object.PSObject.Properties[$_] } | Select-Object -First 1
                $key | Should -Not -BeNullOrEmpty
                # Tables show an id by the first 8 hex digits of its guid, and an event type without its prefix.
                $shown = switch ($key) {
                    'Id' { ("$($object.Id)" -replace '^.*:', '').Substring(0, 8) }
                    'EventType' { "$($object.EventType)" -replace '^NotificationEndPoint' -replace 'Change$' }
                    default { "$($object.$key)" }
                }
                $text | Should -Match ([regex]::Escape($shown)) -Because "view $($view.Name) shows the object"
            }
        }
    }

    It "no view shows a SAS locator's Path (the SAS), nor does the default formatting" {
        $Sas.Path | Should -Match 'sig='
        $signature = [regex]::Escape(([uri] $Sas.Path).Query.TrimStart('?'))
        foreach ($view in $Views | Where-Object TypeName -EQ 'MediaOps.PowerShell.MediaLocator') {
            Format-WithView $Sas $view | Should -Not -Match 'sig='
        }
        ($Sas | Out-String -Width 400) + ($Sas | Format-List | Out-String -Width 400) + ($Sas | Format-Table | Out-String -Width 400) |
            Should -Not -Match $signature
    }
}

Describe 'Isolation, each case in a fresh pwsh' {
    It "Import-Module, then DESIGN.md's five-stage pipeline: Submit | Wait | New-MediaLocator | Copy-MediaAsset | New-ReplicatedLocator" {
        $run = Invoke-FreshScript @'
$ErrorActionPreference = 'Stop'
Import-Module $env:MEDIAOPS_TEST_MODULE
$a  = Connect-MediaAccount -Name dca -ConnectionString $env:MEDIAOPS_TEST_CS_A -StreamingEndpoint https://origin-a.example.net
$b  = Connect-MediaAccount -Name dcb -ConnectionString $env:MEDIAOPS_TEST_CS_B -StreamingEndpoint https://origin-b.example.net
$ep = New-MediaNotificationEndpoint -Context $a -QueueName ('fresh-' + [guid]::NewGuid().ToString('N').Substring(0, 12))

$replicas = Submit-MediaJob -Context $a -Path $env:MEDIAOPS_TEST_INPUT -Preset 'Adaptive Streaming' -NotificationEndpoint $ep |
    Wait-MediaJobNotification -Timeout (New-TimeSpan -Minutes 5) |
    New-MediaLocator -Type OnDemandOrigin -Duration (New-TimeSpan -Days 30) |
    Copy-MediaAsset -DestinationContext $b |
    New-ReplicatedLocator
@($replicas | ForEach-Object {
    [pscustomobject]@{
        Type = $_.GetType().FullName; Account = $_.Context.Name; Id = $_.Id
        ReplicaUrls = @($_.StreamingUrls.AbsoluteUri)
        SourceUrls = @((Get-MediaLocator -Context $a -LocatorId $_.Id).StreamingUrls.AbsoluteUri)
    }
}) | ConvertTo-Json -Depth 4 -AsArray | Set-Content -LiteralPath $env:MEDIAOPS_TEST_RESULT
'@
        $run.ExitCode | Should -Be 0 -Because $run.Errors
        @($run.Result).Count | Should -BeGreaterOrEqual 1
        foreach ($replica in $run.Result) {
            $replica.Type | Should -Be 'MediaOps.PowerShell.MediaLocator'
            $replica.Account | Should -Be 'dcb'
            @($replica.ReplicaUrls).Count | Should -BeGreaterThan 0
            $replica.ReplicaUrls | ForEach-Object { $_ | Should -BeLike 'https://origin-b.example.net/*' }
            ($replica.SourceUrls -replace '^https://origin-a\.example\.net') | Should -Be ($replica.ReplicaUrls -replace '^https://origin-b\.example\.net')
        }
    }

    Context 'beside an older Azure.Core and Azure.Storage.Blobs in the default load context, as Az.Storage brings them' {
        BeforeAll {
            $script:OlderSdk = Get-OlderAzureSdkPath
            $script:OlderCoreVersion = Get-AssemblyVersion (Join-Path $OlderSdk 'Azure.Core.dll')
            $script:OurCoreVersion = Get-AssemblyVersion (Join-Path $Lab.ModulePath 'dependencies' 'Azure.Core.dll')
            # The script of both orders: each side creates something in dca, then reports which Azure.Core each load context holds.
            $script:BothSdks = @'
$Order = $env:MEDIAOPS_TEST_ORDER
$ErrorActionPreference = 'Stop'
$found = [ordered]@{}
function Use-OlderSdk {
    foreach ($name in 'Azure.Core', 'Azure.Storage.Common', 'Azure.Storage.Blobs') { Add-Type -Path (Join-Path $env:MEDIAOPS_TEST_OLDER_SDK "$name.dll") }
    $container = 'older-sdk-' + [guid]::NewGuid().ToString('N').Substring(0, 12)
    $service = [Azure.Storage.Blobs.BlobServiceClient]::new($env:MEDIAOPS_TEST_CS_A)
    $null = $service.GetBlobContainerClient($container).Create()
    $found.OlderSdkContainerExists = $service.GetBlobContainerClient($container).Exists().Value
    $found.OlderSdkVersion = [Azure.Storage.Blobs.BlobServiceClient].Assembly.GetName().Version.ToString()
}
function Use-MediaOps {
    Import-Module $env:MEDIAOPS_TEST_MODULE
    $a = Connect-MediaAccount -Name dca -ConnectionString $env:MEDIAOPS_TEST_CS_A
    $asset = New-MediaAsset -Context $a -Path $env:MEDIAOPS_TEST_INPUT -Name "beside an older SDK, $Order"
    $found.MediaOpsAsset = (Get-MediaAsset -Context $a -AssetId $asset.Id).Name
    $found.MediaOpsSasLocator = (New-MediaLocator -Context $a -AssetId $asset.Id -Type Sas).Type.ToString()
}
if ($Order -eq 'OlderSdkFirst') { Use-OlderSdk; Use-MediaOps } else { Use-MediaOps; Use-OlderSdk }
# Both still work after the other came.
$found.MediaOpsAfterBoth = @(Get-MediaAsset -Name "beside an older SDK, $Order").Count
$found.Contexts = @([System.Runtime.Loader.AssemblyLoadContext]::All | ForEach-Object {
    $context = $_
    $context.Assemblies | Where-Object { $_.GetName().Name -in 'Azure.Core', 'Azure.Storage.Blobs' } |
        ForEach-Object { [pscustomobject]@{ Context = $context.Name; Name = $_.GetName().Name; Version = $_.GetName().Version.ToString() } }
})
[pscustomobject]$found | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $env:MEDIAOPS_TEST_RESULT
'@
        }

        It 'loaded <Order>: both work, MediaOps with its own Azure.Core in the "MediaOps" context, the older one in Default' -ForEach @(
            @{ Order = 'OlderSdkFirst' }, @{ Order = 'MediaOpsFirst' }) {
            $OlderCoreVersion | Should -Not -Be $OurCoreVersion

            $run = Invoke-FreshScript $BothSdks ($LabEnvironment + @{ MEDIAOPS_TEST_OLDER_SDK = $OlderSdk; MEDIAOPS_TEST_ORDER = $Order })

            $run.ExitCode | Should -Be 0 -Because $run.Errors
            $run.Result.OlderSdkContainerExists | Should -BeTrue
            $run.Result.OlderSdkVersion | Should -Be (Get-AssemblyVersion (Join-Path $OlderSdk 'Azure.Storage.Blobs.dll'))
            $run.Result.MediaOpsAsset | Should -Be "beside an older SDK, $Order"
            $run.Result.MediaOpsSasLocator | Should -Be 'Sas'
            $run.Result.MediaOpsAfterBoth | Should -Be 1
            $cores = @($run.Result.Contexts | Where-Object Name -EQ 'Azure.Core')
            ($cores | Where-Object Context -EQ 'MediaOps').Version | Should -Be $OurCoreVersion
            ($cores | Where-Object Context -EQ 'Default').Version | Should -Be $OlderCoreVersion
            $cores.Count | Should -Be 2
        }
    }

    It 'Remove-Module, then Import-Module again in one session: the cmdlets and their types still work' {
        $run = Invoke-FreshScript @'
$ErrorActionPreference = 'Stop'
$found = [ordered]@{}
Import-Module $env:MEDIAOPS_TEST_MODULE
$a = Connect-MediaAccount -Name dca -ConnectionString $env:MEDIAOPS_TEST_CS_A
$asset = New-MediaAsset -Context $a -Path $env:MEDIAOPS_TEST_INPUT -Name 'before removal'
Remove-Module MediaOps
$found.CommandsAfterRemove = @(Get-Command -Module MediaOps -ErrorAction SilentlyContinue).Count
Import-Module $env:MEDIAOPS_TEST_MODULE
$found.CommandsAfterImport = @(Get-Command -Module MediaOps).Count
$a = Connect-MediaAccount -Name dca -ConnectionString $env:MEDIAOPS_TEST_CS_A
$found.AssetAgain = (Get-MediaAsset -Context $a -AssetId $asset.Id).Name
$found.Locator = (New-MediaLocator -Context $a -AssetId $asset.Id -Type ([MediaOps.PowerShell.MediaLocatorType]::Sas) -Permission Read).Type.ToString()
$found.JobStateByName = ([MediaOps.PowerShell.JobState] 'Finished').ToString()
$null = Get-MediaJob -Context $a -State Queued   # an enum parameter of the cmdlet assembly binds after the re-import
[pscustomobject]$found | ConvertTo-Json | Set-Content -LiteralPath $env:MEDIAOPS_TEST_RESULT
'@
        $run.ExitCode | Should -Be 0 -Because $run.Errors
        $run.Result.CommandsAfterRemove | Should -Be 0
        $run.Result.CommandsAfterImport | Should -BeGreaterOrEqual 17
        $run.Result.AssetAgain | Should -Be 'before removal'
        $run.Result.Locator | Should -Be 'Sas'
        $run.Result.JobStateByName | Should -Be 'Finished'
    }

    It 'a damaged copy (a file of dependencies/ missing) fails to import, naming the missing file and the module folder' {
        $copy = Join-Path $Lab.Directory 'Damaged' 'MediaOps'
        $null = New-Item -ItemType Directory -Path (Split-Path -Parent $copy) -Force
        Copy-Item -LiteralPath $Lab.ModulePath -Destination $copy -Recurse
        Get-Content -LiteralPath (Join-Path $copy 'dependencies' 'dependencies.txt') | Should -Contain 'Azure.Core.dll'
        Remove-Item -LiteralPath (Join-Path $copy 'dependencies' 'Azure.Core.dll')

        $run = Invoke-FreshScript @'
$found = [ordered]@{}
try { Import-Module $env:MEDIAOPS_TEST_MODULE -ErrorAction Stop; $found.Imported = $true }
catch { $found.Imported = $false; $found.Message = $_.Exception.Message }
[pscustomobject]$found | ConvertTo-Json | Set-Content -LiteralPath $env:MEDIAOPS_TEST_RESULT
'@ (@{} + $LabEnvironment | ForEach-Object { $_.MEDIAOPS_TEST_MODULE = $copy; $_ })

        $run.ExitCode | Should -Be 0 -Because $run.Errors
        $run.Result.Imported | Should -BeFalse
        $run.Result.Message | Should -Match 'Azure\.Core\.dll'
        $run.Result.Message | Should -Match ([regex]::Escape($copy))
        $run.Result.Message | Should -Not -Match 'Could not load file or assembly'
    }
}
