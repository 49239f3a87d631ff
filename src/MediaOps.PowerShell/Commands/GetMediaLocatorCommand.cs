using System.Management.Automation;
using MediaOps.Core.Locators;
using MediaOps.Core.Models;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets locators.</para>
    /// <para type="description">By id (-LocatorId), the locators of one asset (-AssetId; a piped asset, or a piped
    /// finished job's output asset), or all locators of the account, oldest first. A piped locator is read again from
    /// its account; a piped id string is read as a locator id.</para>
    /// </summary>
    /// <example>
    /// <code>$job | Get-MediaLocator</code>
    /// <para>Lists the locators of the job's output asset, with type, expiry (UTC) and HLS URL.</para>
    /// </example>
    /// <example>
    /// <code>Get-MediaLocator -LocatorId $locator.Id | Format-List</code>
    /// <para>Shows one locator in detail: its streaming paths and URLs, start and expiry. A SAS locator's Path (its SAS URL) is not shown; read $sasLocator.Path to use it.</para>
    /// </example>
    /// <remarks>
    /// PowerShell binds piped objects by value before it binds by property name, and by property name it tries the
    /// default set first, where -Context (in every set) always binds. So the default set takes what most objects bring
    /// (an asset's AssetId, a job's OutputAssetId), and a locator, which has an AssetId too, is taken earlier by value
    /// into its own set; otherwise a piped locator would list its asset's locators instead of itself.
    /// </remarks>
    [Cmdlet(VerbsCommon.Get, "MediaLocator", DefaultParameterSetName = AssetParameterSet)]
    [OutputType(typeof(MediaLocator))]
    public sealed class GetMediaLocatorCommand : MediaAccountCmdlet
    {
        private const string AssetParameterSet = "Asset";
        private const string IdParameterSet = "Id";
        private const string InputObjectParameterSet = "InputObject";

        /// <summary>Ids of the locators (nb:lid:UUID:&lt;guid&gt; or the bare guid); piped id strings bind here.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdParameterSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [MediaIdTransformation]
        [ValidateNotNullOrEmpty]
        public string[] LocatorId { get; set; } = new string[0];

        /// <summary>Only the locators of this asset; a piped job gives its output asset. Without it, all locators.</summary>
        [Parameter(ParameterSetName = AssetParameterSet, ValueFromPipelineByPropertyName = true)]
        [Alias("OutputAssetId")]
        [MediaIdTransformation]
        [ValidateNotNullOrEmpty]
        public string? AssetId { get; set; }

        /// <summary>Locators to read again (from New-MediaLocator, Get-MediaLocator or New-ReplicatedLocator).</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectParameterSet, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public MediaLocator[] InputObject { get; set; } = new MediaLocator[0];

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectParameterSet)
            {
                WriteEachRead(InputObject, locator => locator.Id, locator => ResolveContext(Context, locator.Context), "locator",
                    (account, id, token) => new MediaLocatorClient(account).GetAsync(id, token));
                return;
            }

            var context = ResolveContext(Context);
            var client = new MediaLocatorClient(context);
            if (ParameterSetName == IdParameterSet)
            {
                WriteEachRead(LocatorId, id => id, _ => context, "locator", (_, id, token) => client.GetAsync(id, token));
                return;
            }

            WriteVerbose(AssetId is null
                ? $"Listing the locators of account '{context.Name}'."
                : $"Listing the locators of asset {AssetId} in account '{context.Name}'.");
            WriteListing(token => client.ListAsync(AssetId, token), AssetId, reportNoMatch: false, "");
        }
    }
}
