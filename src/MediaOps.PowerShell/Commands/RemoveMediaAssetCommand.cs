using System.Management.Automation;
using MediaOps.Core;
using MediaOps.Core.Assets;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Deletes media assets with all their files and locators.</para>
    /// <para type="description">Removes each asset's locators first (an origin stops serving it, a SAS locator's SAS is
    /// revoked), then its container with every file. The assets come from -AssetId, from piped assets (or anything
    /// with an AssetId) or from piped id strings. Asks for confirmation for each asset (ConfirmImpact High); in a
    /// script, pass -Force. A session that cannot ask (pwsh -NonInteractive, a scheduled task) gets the error
    /// RemoveMediaAssetConfirmationRequired instead of a prompt. With -PassThru, writes $true for each asset removed.</para>
    /// </summary>
    /// <example>
    /// <code>Get-MediaAsset -Name 'mezz*' | Remove-MediaAsset -WhatIf</code>
    /// <para>Says which assets whose names start with mezz would be deleted, and deletes nothing.</para>
    /// </example>
    /// <example>
    /// <code>$asset.Id | Remove-MediaAsset -Force -PassThru</code>
    /// <para>Deletes the asset whose id is piped, without asking, and writes True.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Remove, "MediaAsset", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(bool))]
    public sealed class RemoveMediaAssetCommand : MediaAccountCmdlet
    {
        /// <summary>Ids of the assets (nb:cid:UUID:&lt;guid&gt; or the bare guid); piped id strings and assets bind here.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [MediaIdTransformation]
        [ValidateNotNullOrEmpty]
        public string[] AssetId { get; set; } = new string[0];

        /// <summary>Delete without asking for confirmation (-WhatIf still only says what would be deleted).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write $true for each asset removed.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var context = ResolveContext(Context);
            var client = new MediaAssetClient(context);
            ForEachItem(AssetId, id =>
            {
                var assetId = MediaIds.Normalize(id, MediaIds.AssetPrefix, "asset");
                if (!ShouldProcessItem(assetId, $"Delete the media asset, all its files and its locators from account '{context.Name}'", Force.IsPresent)) return;
                WriteVerbose($"Deleting asset {assetId} of account '{context.Name}'.");
                Run(token => client.DeleteAsync(assetId, token));
                if (PassThru.IsPresent) WriteObject(true);
            });
        }
    }
}
