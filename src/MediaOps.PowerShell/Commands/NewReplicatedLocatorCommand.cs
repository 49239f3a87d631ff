using System.Collections.Generic;
using System.Management.Automation;
using MediaOps.Core;
using MediaOps.Core.Accounts;
using MediaOps.Core.Locators;
using MediaOps.Core.Models;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Publishes a copied asset under the same origin locators as its source.</para>
    /// <para type="description">Creates, in the destination account, each origin locator of the source asset with the
    /// same id, start and expiry, so that the streaming URLs of the two accounts differ only in their base URL and a
    /// CDN or traffic manager can fail over between the two origins. Pipe the asset from Copy-MediaAsset (it brings the
    /// destination account as Context and the source account as SourceContext), or give -SourceLocator with -Asset for
    /// one locator. Creating a locator that already exists for the asset returns it; an id already used for another
    /// asset is the error NewReplicatedLocatorIdConflict. Writes the destination locators.</para>
    /// </summary>
    /// <example>
    /// <code>$job | Copy-MediaAsset -DestinationContext $b | New-ReplicatedLocator</code>
    /// <para>Copies the job's output asset to dcb and creates there its origin locator (the setup's $locator) with the same id: the two accounts' streaming URLs differ only in their base URL.</para>
    /// </example>
    /// <example>
    /// <code>
    /// $copy = Copy-MediaAsset -AssetId $job.OutputAssetId -DestinationContext dcb
    /// New-ReplicatedLocator -Context dcb -SourceLocator $locator -Asset $copy
    /// </code>
    /// <para>Replicates one given origin locator onto the copied asset in the connected account named dcb.</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "ReplicatedLocator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low,
        DefaultParameterSetName = ReplicaParameterSet)]
    [OutputType(typeof(MediaLocator))]
    public sealed class NewReplicatedLocatorCommand : MediaAccountCmdlet
    {
        /// <summary>The error id when the locator id is already used in the destination account for another asset.</summary>
        internal const string IdConflictErrorId = "NewReplicatedLocatorIdConflict";

        /// <summary>The error id when a piped asset does not say which account it was copied from.</summary>
        internal const string NoSourceContextErrorId = "NewReplicatedLocatorNoSourceContext";

        private const string ReplicaParameterSet = "Replica";
        private const string SourceLocatorParameterSet = "SourceLocator";

        /// <summary>Id of the destination asset, which has the id of its source (a piped asset binds its AssetId).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ReplicaParameterSet, ValueFromPipelineByPropertyName = true)]
        [MediaIdTransformation]
        [ValidateNotNullOrEmpty]
        public string AssetId { get; set; } = "";

        /// <summary>The account the asset was copied from (the object or a connected account's name); Copy-MediaAsset's output brings it.</summary>
        [Parameter(ParameterSetName = ReplicaParameterSet, ValueFromPipelineByPropertyName = true)]
        [MediaAccountTransformation]
        [ArgumentCompleter(typeof(MediaAccountNameCompleter))]
        public MediaAccount? SourceContext { get; set; }

        /// <summary>One origin locator of the source account (from Get-MediaLocator or New-MediaLocator) to replicate.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SourceLocatorParameterSet)]
        [ValidateNotNull]
        public MediaLocator? SourceLocator { get; set; }

        /// <summary>The destination asset, for -SourceLocator; may come from the pipeline.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SourceLocatorParameterSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public MediaAsset? Asset { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == SourceLocatorParameterSet)
            {
                ReplicateOne(SourceLocator!, Asset!);
                return;
            }

            var destination = ResolveContext(Context);
            if (SourceContext is null)
            {
                WriteError(new ErrorRecord(new MediaOpsException(MediaErrorKind.InvalidArgument,
                        $"The account that asset {AssetId} was copied from is not known, so its origin locators cannot be read. " +
                        "Pipe the asset from Copy-MediaAsset, or pass -SourceContext with the source account (from Connect-MediaAccount).",
                        AssetId),
                    NoSourceContextErrorId, ErrorCategory.InvalidArgument, AssetId));
                return;
            }

            var source = SourceContext.Core;
            if (!ShouldProcess(AssetId,
                    $"Create in account '{destination.Name}' the origin locators that the asset has in account '{source.Name}', with the same ids"))
            {
                return;
            }
            WriteVerbose($"Replicating the origin locators of asset {AssetId} from account '{source.Name}' to account '{destination.Name}'.");
            try
            {
                var locators = Run<IReadOnlyList<Core.Models.MediaLocator>>(token =>
                    new MediaLocatorClient(destination).ReplicateOriginLocatorsAsync(source, AssetId, AssetId, token));
                foreach (var locator in locators)
                {
                    Emit(locator, destination);
                }
            }
            catch (MediaOpsException ex)
            {
                WriteReplicationError(ex, AssetId);
            }
        }

        private void ReplicateOne(MediaLocator sourceLocator, MediaAsset asset)
        {
            var destination = ResolveContext(Context, asset.Context);
            var sourceName = sourceLocator.Context?.Name ?? "its account";
            if (!ShouldProcess(sourceLocator.Id,
                    $"Create the locator of account '{sourceName}' with the same id in account '{destination.Name}' for asset {asset.Id}"))
            {
                return;
            }
            WriteVerbose($"Replicating locator {sourceLocator.Id} to asset {asset.Id} of account '{destination.Name}'.");
            try
            {
                Emit(Run(token => new MediaLocatorClient(destination).ReplicateAsync(sourceLocator.Model, asset.Id, token)), destination);
            }
            catch (MediaOpsException ex)
            {
                WriteReplicationError(ex, sourceLocator.Id);
            }
        }

        private void Emit(Core.Models.MediaLocator locator, MediaAccountContext destination)
        {
            locator.Context ??= destination;
            WriteVerbose($"Locator {locator} is in account '{destination.Name}'.");
            WriteResult(locator);
        }

        /// <summary>An id used for another asset gets its own error id; everything else the usual one.</summary>
        private void WriteReplicationError(MediaOpsException exception, string target)
        {
            if (exception.Kind == MediaErrorKind.Conflict)
            {
                WriteError(new ErrorRecord(exception, IdConflictErrorId, ErrorMapping.CategoryOf(exception.Kind), target));
                return;
            }
            WriteItemError(exception, target);
        }
    }
}
