# Module manifest of MediaOps. './build.sh stage' copies it into out/MediaOps, filling FormatsToProcess and
# TypesToProcess with the format/type files that exist, and checks CmdletsToExport and ModuleVersion against
# the cmdlets and version of the staged MediaOps.PowerShell.dll.
@{
    RootModule           = 'MediaOps.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Core')
    GUID                 = 'e309d9b6-21ef-43e5-bb2e-58d77a7242c3'
    Author               = 'MediaOps contributors'
    CompanyName          = 'MediaOps'
    Copyright            = '(c) MediaOps contributors'
    Description          = 'Runs a video pipeline on your own Azure Storage accounts: upload, encode to an adaptive-bitrate ladder with ffmpeg, job notifications through Queue storage, replication to a second account and failover streaming locators.'
    # PowerShell 7.4 and later (tested on 7.6.9). The cmdlet assembly targets net8.0: the module loads Core and the Azure
    # SDK into an AssemblyLoadContext of its own, which needs .NET Core; 7.4 LTS runs on .NET 8, 7.5 on .NET 9, 7.6 on
    # .NET 10. Not Windows PowerShell 5.1 (.NET Framework), not 7.2/7.3 (.NET 6/7). Azure Automation: the PowerShell 7.4
    # runtime, not 5.1 or 7.2.
    PowerShellVersion    = '7.4'

    FormatsToProcess     = @()
    TypesToProcess       = @()

    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Connect-MediaAccount',
        'Get-MediaAccount',
        'Disconnect-MediaAccount',
        'Get-MediaPreset',
        'New-MediaAsset',
        'Get-MediaAsset',
        'Remove-MediaAsset',
        'Submit-MediaJob',
        'Get-MediaJob',
        'Stop-MediaJob',
        'New-MediaNotificationEndpoint',
        'Get-MediaNotificationEndpoint',
        'Remove-MediaNotificationEndpoint',
        'Receive-MediaNotification',
        'Wait-MediaJobNotification',
        'New-MediaLocator',
        'Get-MediaLocator',
        'Remove-MediaLocator',
        'Copy-MediaAsset',
        'New-ReplicatedLocator'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()

    PrivateData          = @{
        PSData = @{
            Tags = @('Azure', 'Storage', 'Video', 'Streaming', 'ffmpeg', 'HLS', 'DASH')
        }
    }
}
