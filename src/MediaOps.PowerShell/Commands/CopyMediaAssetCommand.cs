using System.Globalization;
using System.Management.Automation;
using MediaOps.Core;
using MediaOps.Core.Accounts;
using MediaOps.Core.Models;
using MediaOps.Core.Replication;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Copies a media asset to another account, keeping its id.</para>
    /// <para type="description">The asset comes from -AssetId or from the pipeline: an asset, a finished job from
    /// Wait-MediaJobNotification (its output asset) or a locator (its asset); the source account is the piped object's
    /// (or -Context). The destination account reads the blobs server-side through a short-lived read-only SAS, many at
    /// once (-ThrottleLimit), so the data does not pass through this machine; when the two accounts cannot copy
    /// server-side, the blobs are streamed through this machine instead, with a warning. A rerun copies only what is
    /// missing or different. Every destination blob is verified against its source, and the destination asset is
    /// registered only when all are. Writes the destination asset, which remembers its source account
    /// (SourceContext) for New-ReplicatedLocator.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "MediaAsset", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(MediaAsset))]
    public sealed class CopyMediaAssetCommand : MediaAccountCmdlet
    {
        private const int ProgressActivityId = 1;

        private bool _warnedAboutStreaming;

        /// <summary>
        /// Id of the asset to copy (nb:cid:UUID:&lt;guid&gt; or the bare guid). A piped job binds its OutputAssetId and a
        /// piped locator its AssetId; Id is deliberately not an alias, since a job's or a locator's Id is not an asset id.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("OutputAssetId")]
        [ValidateNotNullOrEmpty]
        public string AssetId { get; set; } = "";

        /// <summary>The account to copy into (from Connect-MediaAccount).</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNull]
        public MediaAccount? DestinationContext { get; set; }

        /// <summary>Blobs copied at once (default 16).</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = new MediaAssetCopyOptions().MaxConcurrency;

        protected override void ProcessRecord()
        {
            var source = ResolveContext(Context);
            var destination = DestinationContext!.Core;
            if (!ShouldProcess(AssetId, $"Copy the media asset from account '{source.Name}' to account '{destination.Name}'")) return;

            var options = new MediaAssetCopyOptions { MaxConcurrency = ThrottleLimit };
            var view = new TransferProgressView(ProgressActivityId,
                string.Format(CultureInfo.CurrentCulture, "Copying media asset {0} from '{1}' to '{2}'", AssetId, source.Name, destination.Name));
            WriteVerbose($"Copying asset {AssetId} from account '{source.Name}' to account '{destination.Name}', {ThrottleLimit} blob(s) at once.");
            try
            {
                var result = Run<MediaAssetCopyResult, AssetCopyProgress>(
                    (progress, token) => new MediaAssetCopyClient(source, destination, options).CopyAsync(AssetId, progress, token),
                    report =>
                    {
                        WarnOnceIfStreaming(report.Method, source, destination);
                        var record = view.Update(report.Transfer);
                        if (record != null) WriteProgress(record);
                    });
                WarnOnceIfStreaming(result.Method, source, destination);
                WriteVerbose(string.Format(CultureInfo.CurrentCulture,
                    "Copied asset {0} ({1}): {2} file(s) copied ({3}), {4} already present, {5} retried copy(ies).",
                    result.Asset.Id, result.Method, result.FilesCopied, TransferProgressView.FormatBytes(result.BytesCopied),
                    result.FilesAlreadyPresent, result.Retries));
                var asset = result.Asset;
                asset.Context ??= destination;
                asset.SourceContext ??= source;
                WriteResult(asset);
            }
            catch (MediaOpsException ex)
            {
                WriteItemError(ex, AssetId);
            }
            finally
            {
                WriteProgressCompleted(view.Completed());
            }
        }

        private void WarnOnceIfStreaming(AssetCopyMethod method, MediaAccountContext source, MediaAccountContext destination)
        {
            if (method != AssetCopyMethod.Streaming || _warnedAboutStreaming) return;
            _warnedAboutStreaming = true;
            WriteWarning($"Accounts '{source.Name}' and '{destination.Name}' cannot copy server-side, so the blobs are streamed " +
                         "through this machine: the copy is slower and uses this machine's bandwidth.");
        }
    }
}
