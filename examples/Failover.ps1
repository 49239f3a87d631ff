#Requires -Version 7.4
<#
.SYNOPSIS
    Failover streaming with the MediaOps cmdlets: encode in datacenter A, copy to datacenter B, and publish the result
    there under the same locator id, so that the two origins' streaming URLs differ only in their base URL.

.DESCRIPTION
    The scenario of Media Services' "Implement failover streaming" walkthrough, as docs/DESIGN.md pipes it:

        Submit-MediaJob | Wait-MediaJobNotification | New-MediaLocator -Type OnDemandOrigin |
            Copy-MediaAsset -DestinationContext $b | New-ReplicatedLocator

    Works against any two storage accounts. './build.ps1 demo' runs it on local Azurite with a worker and two
    origins started for it, then checks playback and fails origin A over to origin B.

    The connection strings are read from the environment by default (MEDIAOPS_CONNECTION_STRING_A and _B) so that the
    account keys stay out of the command line and the shell history.

.EXAMPLE
    $env:MEDIAOPS_CONNECTION_STRING_A = '...'; $env:MEDIAOPS_CONNECTION_STRING_B = '...'
    ./examples/Failover.ps1 -Path ./BigBuckBunny.mp4 -StreamingEndpointA https://origin-a.example.net -StreamingEndpointB https://origin-b.example.net
#>
[CmdletBinding()]
param(
    # The mezzanine file to encode.
    [Parameter(Mandatory)] [string] $Path,

    # Base URLs of the origins serving account A and account B.
    [Parameter(Mandatory)] [uri] $StreamingEndpointA,
    [Parameter(Mandatory)] [uri] $StreamingEndpointB,

    [string] $ConnectionStringA = $env:MEDIAOPS_CONNECTION_STRING_A,
    [string] $ConnectionStringB = $env:MEDIAOPS_CONNECTION_STRING_B,

    # The module to import: by default the staged module of this repository (./build.ps1 stage), else the installed one.
    [string] $ModulePath = (Join-Path $PSScriptRoot '..' 'out' 'MediaOps'),

    # The notification queue of account A that the job reports to.
    [string] $QueueName = 'jobnotifications',

    [timespan] $Timeout = (New-TimeSpan -Minutes 30),

    # When given, the streaming URLs are written there as JSON (the demo harness reads them) instead of to the pipeline.
    [string] $ResultPath
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

foreach ($pair in @(@('ConnectionStringA', $ConnectionStringA), @('ConnectionStringB', $ConnectionStringB))) {
    if ([string]::IsNullOrWhiteSpace($pair[1])) {
        throw "-$($pair[0]) is empty. Pass it, or set `$env:MEDIAOPS_CONNECTION_STRING_$($pair[0][-1]) to the storage account's connection string."
    }
}
if (Test-Path -LiteralPath $ModulePath) { Import-Module -Name $ModulePath -Force } else { Import-Module -Name MediaOps }

function Write-Step([string] $Text) { Write-Host "`n==> $Text" }

Write-Step 'Connecting to datacenter A (dca) and datacenter B (dcb)'
$a = Connect-MediaAccount -Name dca -ConnectionString $ConnectionStringA -StreamingEndpoint $StreamingEndpointA
$b = Connect-MediaAccount -Name dcb -ConnectionString $ConnectionStringB -StreamingEndpoint $StreamingEndpointB

Write-Step "Notification endpoint on queue '$QueueName' of dca"
$ep = Get-MediaNotificationEndpoint -Context $a | Where-Object QueueName -EQ $QueueName | Select-Object -First 1
if (-not $ep) { $ep = New-MediaNotificationEndpoint -Context $a -QueueName $QueueName -Name 'failover demo' }
Write-Host "    $($ep.Id) -> queue $($ep.QueueName)"

Write-Step 'Submit, wait for the notification, origin locator in dca, copy to dcb, replicated locator in dcb'
$replicas = Submit-MediaJob -Context $a -Path $Path -Preset 'Adaptive Streaming' -NotificationEndpoint $ep -Name 'Failover streaming demo' |
    Wait-MediaJobNotification -Timeout $Timeout |
    New-MediaLocator -Type OnDemandOrigin -Duration (New-TimeSpan -Days 30) |
    Copy-MediaAsset -DestinationContext $b |
    New-ReplicatedLocator
if (-not $replicas) { throw 'The pipeline produced no replicated locator; see the errors above.' }

$results = foreach ($replica in @($replicas)) {
    $source = Get-MediaLocator -Context $a -LocatorId $replica.Id
    Write-Step "Locator $($replica.Id)"
    for ($i = 0; $i -lt $replica.StreamingPaths.Count; $i++) {
        Write-Host "    relative path   $($replica.StreamingPaths[$i])"
        Write-Host "    origin A (dca)  $($source.StreamingUrls[$i])"
        Write-Host "    origin B (dcb)  $($replica.StreamingUrls[$i])"
    }
    [pscustomobject]@{
        LocatorId      = $replica.Id
        AssetId        = $replica.AssetId
        RelativePaths  = @($replica.StreamingPaths)
        SourceUrls     = @($source.StreamingUrls | ForEach-Object { $_.AbsoluteUri })
        ReplicaUrls    = @($replica.StreamingUrls | ForEach-Object { $_.AbsoluteUri })
        ExpirationTime = $replica.ExpirationTime
    }
}

if ($ResultPath) { $results | ConvertTo-Json -Depth 4 -AsArray | Set-Content -LiteralPath $ResultPath -Encoding utf8 }
else { $results }
