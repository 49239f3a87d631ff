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
    /// of the account, oldest first. A piped asset is read again from its account; a piped job gives its output asset
    /// (registered once the job finished); a piped id string is read by its id. -Name takes PowerShell's wildcards
    /// (WildcardPattern); a plain name that matches nothing is an error.</para>
    /// </summary>
    /// <example>
    /// <code>Get-MediaAsset -Name 'mezz*'</code>
    /// <para>Lists the assets whose names start with mezz (the setup's asset is named after its file, mezzanine.mp4), with primary file, size and account.</para>
    /// </example>
    /// <example>
    /// <code>$job | Get-MediaAsset | Select-Object -ExpandProperty Files</code>
    /// <para>Gets the output asset of the finished job and lists its files (the MP4 and its size).</para>
    /// </example>
    /// <example>
    /// <code>$asset.Id | Get-MediaAsset -Context dca | Format-List</code>
    /// <para>Reads the asset with this id in the connected account named dca.</para>
    /// </example>
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
        private const string JobParameterSet = "Job";

        /// <summary>Ids of the assets (nb:cid:UUID:&lt;guid&gt; or the bare guid); piped id strings bind here.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdParameterSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [MediaIdTransformation]
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

        /// <summary>Jobs whose output assets to get (from Submit-MediaJob, Wait-MediaJobNotification or Get-MediaJob); a piped job binds here.</summary>
        [Parameter(Mandatory = true, ParameterSetName = JobParameterSet, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public MediaJob[] Job { get; set; } = new MediaJob[0];

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectParameterSet)
            {
                WriteEachRead(InputObject, asset => asset.Id, asset => ResolveContext(Context, asset.Context), "asset",
                    (account, id, token) => new MediaAssetClient(account).GetAsync(id, token));
                return;
            }

            if (ParameterSetName == JobParameterSet)
            {
                WriteEachRead(Job, job => job.OutputAssetId, job => ResolveContext(Context, job.Context), "output asset",
                    (account, id, token) => ReadOutputAsync(account, id, token));
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
            WriteListing(token => client.ListAsync(null, token), Name, asset => asset.Name, reportNoMatch: true,
                $"Account '{context.Name}' has no asset named '{Name}'. Run Get-MediaAsset without -Name to list its assets.");
        }

        /// <summary>A job's output asset; one that is not there yet is a not-found error saying why (the job has not finished).</summary>
        private async System.Threading.Tasks.Task<Core.Models.MediaAsset> ReadOutputAsync(Core.Accounts.MediaAccountContext account, string id,
            System.Threading.CancellationToken token)
        {
            try
            {
                return await new MediaAssetClient(account).GetAsync(id, token).ConfigureAwait(false);
            }
            catch (MediaOpsException ex) when (ex.Kind == MediaErrorKind.NotFound)
            {
                var job = System.Linq.Enumerable.FirstOrDefault(Job, j => j.OutputAssetId == id);
                if (job is null || job.State == JobState.Finished) throw;
                throw new MediaOpsException(MediaErrorKind.NotFound,
                    $"Job {job.Id} ('{job.Name}') was {job.State} when it was read, and its output asset {id} is registered only when it finishes. " +
                    "Wait for it with Wait-MediaJobNotification, or pipe the job from Get-MediaJob once it is Finished.", id, ex);
            }
        }
    }
}
