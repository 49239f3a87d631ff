using System;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MediaOps.Core.Accounts;
using MediaOps.Core.Assets;
using MediaOps.Core.Models;

namespace MediaOps.Core.Replication
{
    /// <summary>
    /// Copies blobs server-side: the destination account reads each source blob through the read SAS. A copy that
    /// storage reports as pending is polled, backing off, until it ends; one that ends failed or aborted is started again.
    /// </summary>
    internal sealed class ServerSideCopier
    {
        private readonly IBlobCopyOperations _operations;
        private readonly MediaAccountContext _destination;
        private readonly BlobContainerClient _destinationContainer;
        private readonly SourceReadSas _sourceSas;
        private readonly MediaAssetCopyOptions _options;
        private int _retries;

        public ServerSideCopier(
            IBlobCopyOperations operations, MediaAccountContext destination, BlobContainerClient destinationContainer, SourceReadSas sourceSas,
            MediaAssetCopyOptions options)
        {
            _operations = operations;
            _destination = destination;
            _destinationContainer = destinationContainer;
            _sourceSas = sourceSas;
            _options = options;
        }

        /// <summary>Copies started again after ending failed or aborted.</summary>
        public int Retries => Volatile.Read(ref _retries);

        /// <summary>Starts one copy; the SDK's exception is let through for the caller to classify (it is not safe to show).</summary>
        public Task<BlobCopyState> StartAsync(ListedBlob source, CancellationToken cancellationToken) =>
            _operations.StartCopyAsync(
                _destinationContainer.GetBlobClient(source.Name), _sourceSas.BlobUri(source.Name), source.ETag,
                ReplicaVerification.MetadataFor(source), cancellationToken);

        /// <summary>
        /// Copies one blob, starting with <paramref name="firstAttempt"/> when its copy was already started, and aborting
        /// first a copy left pending by an earlier run (<paramref name="previousReplica"/>).
        /// </summary>
        public async Task<BlobCopyOutcome> CopyAsync(
            ListedBlob source, BlobCopyState? firstAttempt, ListedBlob? previousReplica, TransferTracker tracker, CancellationToken cancellationToken)
        {
            var destination = _destinationContainer.GetBlobClient(source.Name);
            if (previousReplica?.CopyStatus == CopyStatus.Pending && previousReplica.CopyId != null)
            {
                await AbortAsync(destination, previousReplica.CopyId).ConfigureAwait(false);
            }

            var reason = "";
            for (var attempt = 1; attempt <= _options.MaxAttemptsPerBlob; attempt++)
            {
                if (attempt > 1) Interlocked.Increment(ref _retries);
                BlobCopyState state;
                if (attempt == 1 && firstAttempt != null)
                {
                    state = firstAttempt;
                }
                else
                {
                    try
                    {
                        state = await StartAsync(source, cancellationToken).ConfigureAwait(false);
                    }
                    catch (RequestFailedException ex) when (CopyErrors.SourceChanged(ex))
                    {
                        return BlobCopyOutcome.Failed(source.Name, "the source file changed while it was being copied");
                    }
                    catch (RequestFailedException ex) when (ex.ErrorCode == CopyErrors.CannotVerifyCopySource || CopyErrors.ConcernsTheBlob(ex))
                    {
                        reason = $"storage refused to copy it ({CopyErrors.Describe(ex)})";
                        continue;
                    }
                    catch (Exception ex) when (CopyErrors.Sanitize(_destination, $"copy '{source.Name}' into account '{_destination.Name}'", ex) is MediaOpsException safe)
                    {
                        throw safe;
                    }
                }

                var reported = 0L;
                state = await WaitWhilePendingAsync(destination, state, source.Name, copied =>
                {
                    tracker.AddBytes(copied - reported, source.Name);
                    reported = copied;
                }, cancellationToken).ConfigureAwait(false);
                if (state.Status == CopyStatus.Success)
                {
                    tracker.CompleteFile(source.Length - reported, source.Name);
                    return BlobCopyOutcome.Copied(source.Name);
                }
                tracker.AddBytes(-reported, source.Name);
                var description = CopyErrors.SafeDescription(state.StatusDescription);
                reason = $"its copy ended {state.Status.ToString().ToLowerInvariant()}" + (description == null ? "" : $" ({description})");
            }
            return BlobCopyOutcome.Failed(source.Name, $"{reason}, {_options.MaxAttemptsPerBlob} attempt(s)");
        }

        private async Task<BlobCopyState> WaitWhilePendingAsync(
            BlobClient destination, BlobCopyState state, string name, Action<long> reportCopied, CancellationToken cancellationToken)
        {
            var delay = _options.FirstPollDelay;
            try
            {
                while (state.Status == CopyStatus.Pending)
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxPollDelay.Ticks));
                    var started = state;
                    try
                    {
                        state = await _operations.GetCopyStateAsync(destination, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (CopyErrors.Sanitize(_destination, $"read the copy state of '{name}' in account '{_destination.Name}'", ex) is MediaOpsException safe)
                    {
                        throw safe;
                    }
                    state = new BlobCopyState(state.Status, state.CopyId ?? started.CopyId, state.StatusDescription, state.BytesCopied);
                    if (state.BytesCopied is long copied) reportCopied(copied);
                }
                return state;
            }
            catch (OperationCanceledException) when (state.CopyId != null)
            {
                await AbortAsync(destination, state.CopyId).ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>
        /// Aborts a pending copy, so that the destination does not keep writing a blob nobody waits for. Best effort: a copy
        /// that ended meanwhile needs nothing more, and one still pending makes the next start of that blob fail, which
        /// is then retried and reported.
        /// </summary>
        private async Task AbortAsync(BlobClient destination, string copyId)
        {
            try
            {
                await _operations.AbortCopyAsync(destination, copyId, CancellationToken.None).ConfigureAwait(false);
            }
            catch (RequestFailedException)
            {
            }
        }
    }
}
