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
    /// (SourceContext) for New-ReplicatedLocator. Progress shows each step from the start: reading and listing the
    /// asset, files and bytes copied, verification, registration. A copy that fails or is interrupted (Ctrl+C) says
    /// where its unregistered partial copy is: run the same command again to resume it, or remove it with
    /// Remove-MediaAsset -Force in the destination account.</para>
    /// </summary>
    /// <example>
    /// <code>$job | Copy-MediaAsset -DestinationContext $b</code>
    /// <para>Copies the finished job's output asset from dca to dcb server-side, verifies it and writes the destination asset (same id, ReplicatedFrom set).</para>
    /// </example>
    /// <example>
    /// <code>Copy-MediaAsset -AssetId $asset.Id -DestinationContext dcb -ThrottleLimit 4 -Verbose</code>
    /// <para>Copies an asset by its id into the connected account named dcb, four blobs at once; -Verbose tells how many files were copied and how many were already there (run it twice: the second run copies nothing).</para>
    /// </example>
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
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("OutputAssetId")]
        [MediaIdTransformation]
        [ValidateNotNullOrEmpty]
        public string AssetId { get; set; } = "";

        /// <summary>The account to copy into: an object from Connect-MediaAccount or Get-MediaAccount, or the name of a connected account (press Tab for the names).</summary>
        [Parameter(Mandatory = true)]
        [MediaAccountTransformation]
        [ArgumentCompleter(typeof(MediaAccountNameCompleter))]
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
            var activity = string.Format(CultureInfo.CurrentCulture, "Copying media asset {0} from '{1}' to '{2}'", AssetId, source.Name, destination.Name);
            var view = new TransferProgressView(ProgressActivityId, activity);
            WriteVerbose($"Copying asset {AssetId} from account '{source.Name}' to account '{destination.Name}', {ThrottleLimit} blob(s) at once.");
            // Reading the source asset and listing both containers comes first, and takes a while for a large asset.
            WriteProgress(new ProgressRecord(ProgressActivityId, activity, "Reading the asset and listing its files in both accounts") { PercentComplete = 0 });
            var copying = false;
            try
            {
                var result = Run<MediaAssetCopyResult, AssetCopyProgress>(
                    (progress, token) => new MediaAssetCopyClient(source, destination, options).CopyAsync(AssetId, progress, token),
                    report =>
                    {
                        copying = true;
                        WarnOnceIfStreaming(report.Method, source, destination);
                        if (report.Phase == AssetCopyPhase.Verifying || report.Phase == AssetCopyPhase.Registering)
                        {
                            var status = report.Phase == AssetCopyPhase.Verifying
                                ? string.Format(CultureInfo.CurrentCulture, "Verifying every file against its source ({0} copied, {1})",
                                    report.Transfer.FilesCompleted, TransferProgressView.FormatBytes(report.Transfer.BytesTransferred))
                                : "Registering the verified asset";
                            WriteProgress(new ProgressRecord(ProgressActivityId, activity, status) { PercentComplete = 100 });
                            return;
                        }
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
            catch (MediaOpsException ex) when (copying && ex.Kind != MediaErrorKind.StorageUnreachable && ex.Kind != MediaErrorKind.AuthenticationFailed)
            {
                var record = ErrorRecordFor(ex, AssetId);
                record.ErrorDetails = new ErrorDetails(ex.Message + " " + PartialCopy(destination)) { RecommendedAction = PartialCopy(destination) };
                WriteError(record);
            }
            catch (MediaOpsException ex)
            {
                WriteItemError(ex, AssetId);
            }
            catch (PipelineStoppedException) when (copying)
            {
                // Ctrl+C: the pipeline takes no more records, but the user must learn what was left in the destination.
                Host.UI.WriteWarningLine("Copy-MediaAsset was interrupted. " + PartialCopy(destination));
                throw;
            }
            finally
            {
                WriteProgressCompleted(view.Completed());
            }
        }

        /// <summary>Where an unfinished copy is and what to do with it.</summary>
        private string PartialCopy(MediaAccountContext destination)
        {
            var container = MediaIds.AssetContainerName(AssetId);
            return $"The partial copy is the unregistered container '{container}' in account '{destination.Name}' " +
                   $"({destination.BlobEndpoint.GetLeftPart(System.UriPartial.Path).TrimEnd('/')}/{container}). Run the same Copy-MediaAsset again to resume it " +
                   $"(only missing or different files are copied), or remove it with: Remove-MediaAsset -Context {destination.Name} -AssetId {MediaIds.Normalize(AssetId, MediaIds.AssetPrefix, "asset")} -Force";
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
