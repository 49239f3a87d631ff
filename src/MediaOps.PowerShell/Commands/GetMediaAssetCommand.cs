using System.Collections.Generic;
using System.Management.Automation;
using MediaOps.Core;
using MediaOps.Core.Assets;
using MediaOps.Core.Models;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets media assets with their files.</para>
    /// <para type="description">By id (-AssetId, also from piped objects), by name with wildcards (-Name), or all assets
    /// of the account, oldest first. A piped asset is read again from its account.</para>
    /// </summary>
    /// <remarks>
    /// PowerShell binds -Context (in every set) from a piped object's Context property in the default set first, which
    /// fixes the default set: a piped asset would list every asset instead of being read by its AssetId. Binding by value
    /// comes before binding by property name, so the InputObject set takes a piped asset first, as in Get-MediaLocator.
    /// </remarks>
    [Cmdlet(VerbsCommon.Get, "MediaAsset", DefaultParameterSetName = ListParameterSet)]
    [OutputType(typeof(MediaAsset))]
    public sealed class GetMediaAssetCommand : MediaAccountCmdlet
    {
        private const string ListParameterSet = "List";
        private const string IdParameterSet = "Id";
        private const string InputObjectParameterSet = "InputObject";

        /// <summary>Ids of the assets (nb:cid:UUID:&lt;guid&gt; or the bare guid).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdParameterSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] AssetId { get; set; } = new string[0];

        /// <summary>Name of the assets; wildcards allowed. Without it, all assets.</summary>
        [Parameter(Position = 0, ParameterSetName = ListParameterSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>Assets to read again (from New-MediaAsset, Get-MediaAsset or Copy-MediaAsset).</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectParameterSet, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public MediaAsset[] InputObject { get; set; } = new MediaAsset[0];

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectParameterSet)
            {
                WriteEachRead(InputObject, asset => asset.Id, asset => ResolveContext(Context, asset.Context), "asset",
                    (account, id, token) => new MediaAssetClient(account).GetAsync(id, token));
                return;
            }

            var context = ResolveContext(Context);
            var client = new MediaAssetClient(context);
            if (ParameterSetName == IdParameterSet)
            {
                WriteEachRead(AssetId, id => id, _ => context, "asset", (_, id, token) => client.GetAsync(id, token));
                return;
            }

            WriteVerbose(Name is null ? $"Listing the assets of account '{context.Name}'." : $"Listing the assets of account '{context.Name}' named '{Name}'.");
            WriteListing(token => client.ListAsync(Name, token), Name, reportNoMatch: true,
                $"Account '{context.Name}' has no asset named '{Name}'. Run Get-MediaAsset without -Name to list its assets.");
        }
    }
}
