using System.Management.Automation;
using MediaOps.Core.Assets;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Deletes media assets with all their files and locators.</para>
    /// <para type="description">Asks for confirmation for each asset (ConfirmImpact High); pass -Confirm:$false in
    /// scripts. With -PassThru, writes $true for each asset removed.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "MediaAsset", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(bool))]
    public sealed class RemoveMediaAssetCommand : MediaAccountCmdlet
    {
        /// <summary>Ids of the assets (nb:cid:UUID:&lt;guid&gt; or the bare guid).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] AssetId { get; set; } = new string[0];

        /// <summary>Write $true for each asset removed.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var context = ResolveContext(Context);
            var client = new MediaAssetClient(context);
            ForEachItem(AssetId, id =>
            {
                if (!ShouldProcess(id, $"Delete the media asset, all its files and its locators from account '{context.Name}'")) return;
                WriteVerbose($"Deleting asset {id} of account '{context.Name}'.");
                Run(token => client.DeleteAsync(id, token));
                if (PassThru.IsPresent) WriteObject(true);
            });
        }
    }
}
