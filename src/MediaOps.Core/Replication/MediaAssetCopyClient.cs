using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MediaOps.Core.Accounts;
using MediaOps.Core.Assets;
using MediaOps.Core.Models;
using MediaOps.Core.Storage;

namespace MediaOps.Core.Replication
{
    /// <summary>
    /// Copies an asset from one account to another: server-side through a short-lived read-only SAS, many blobs at once,
    /// resumable, every destination blob verified against its source, and the destination asset registered (same id)
    /// only when all of them are.
    /// </summary>
    public sealed class MediaAssetCopyClient
    {
        private readonly MediaAccountContext _source;
        private readonly MediaAccountContext _destination;
        private readonly MediaAssetCopyOptions _options;
        private readonly IBlobCopyOperations _copyOperations;

        public MediaAssetCopyClient(MediaAccountContext source, MediaAccountContext destination, MediaAssetCopyOptions? options = null)
            : this(source, destination, options, new SdkBlobCopyOperations())
        {
        }

        internal MediaAssetCopyClient(
            MediaAccountContext source, MediaAccountContext destination, MediaAssetCopyOptions? options, IBlobCopyOperations copyOperations)
        {
            _source = source ?? throw new ArgumentNullException(nameof(source));
            _destination = destination ?? throw new ArgumentNullException(nameof(destination));
            _options = options ?? new MediaAssetCopyOptions();
            _copyOperations = copyOperations ?? throw new ArgumentNullException(nameof(copyOperations));
        }

        /// <summary>
        /// Copies the asset, or resumes an earlier copy of it: blobs already in the destination that verify against the source
        /// are kept, the others are copied, blobs that the source does not have are deleted, and the destination asset is
        /// registered when every blob verifies. When some blobs cannot be copied, the others are still copied and a
        /// <see cref="MediaErrorKind.OperationFailed"/> error lists them; the destination asset is then not registered.
        /// </summary>
        public async Task<MediaAssetCopyResult> CopyAsync(string assetId, IProgress<AssetCopyProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (assetId is null) throw new ArgumentNullException(nameof(assetId));
            var id = MediaIds.Normalize(assetId, MediaIds.AssetPrefix, "asset");
            ValidateOptions();
            EnsureDistinctAccounts();

            var containerName = MediaIds.AssetContainerName(id);
            var sourceContainer = _source.GetContainer(containerName);
            var destinationContainer = _destination.GetContainer(containerName);
            var sourceAsset = await ReadSourceAssetAsync(id, sourceContainer, cancellationToken).ConfigureAwait(false);
            var replicatedFrom = sourceContainer.Uri.GetLeftPart(UriPartial.Path);
            var destinationState = await ReadDestinationStateAsync(id, destinationContainer, replicatedFrom, cancellationToken).ConfigureAwait(false);

            var sourceBlobs = await ListedBlob.ListAsync(_source, sourceContainer, cancellationToken).ConfigureAwait(false);
            var replicas = destinationState == DestinationState.Absent
                ? new Dictionary<string, ListedBlob>()
                : (await ListedBlob.ListAsync(_destination, destinationContainer, cancellationToken).ConfigureAwait(false))
                    .ToDictionary(b => b.Name, StringComparer.Ordinal);
            var sourceNames = new HashSet<string>(sourceBlobs.Select(b => b.Name), StringComparer.Ordinal);
            var toCopy = sourceBlobs
                .Where(b => !(replicas.TryGetValue(b.Name, out var replica) && ReplicaVerification.IsVerifiedCopyOf(replica, b)))
                .ToList();
            var alreadyPresent = sourceBlobs.Count - toCopy.Count;

            var asset = new MediaAsset
            {
                Id = id,
                Name = sourceAsset.Name,
                ContainerName = containerName,
                PrimaryFile = sourceAsset.PrimaryFile,
                Created = sourceAsset.Created,
                ReplicatedFrom = replicatedFrom,
                Context = _destination,
                SourceContext = _source,
            };

            if (destinationState == DestinationState.RegisteredReplica && toCopy.Count == 0 && replicas.Keys.All(sourceNames.Contains))
            {
                // A complete replica stays registered: nothing to copy, nothing to take away from an origin serving it.
                var method = _options.Method ?? AssetCopyMethod.ServerSide;
                progress?.Report(new AssetCopyProgress(method, new TransferProgress(0, 0, 0, 0, null)));
                asset.Files = sourceBlobs.Select(b => replicas[b.Name].ToAssetFile()).ToList();
                return new MediaAssetCopyResult(asset, method, 0, alreadyPresent, 0, 0);
            }

            var totalBytes = toCopy.Sum(b => b.Length);
            await PrepareDestinationAsync(id, sourceAsset.Name, destinationContainer, destinationState, cancellationToken).ConfigureAwait(false);
            var copy = await CopyBlobsAsync(sourceContainer, destinationContainer, toCopy, replicas, progress, cancellationToken).ConfigureAwait(false);

            var copied = new TransferProgress(totalBytes, totalBytes, toCopy.Count, toCopy.Count, null);
            progress?.Report(new AssetCopyProgress(copy.Method, copied, AssetCopyPhase.Verifying));
            var verified = await VerifyAsync(destinationContainer, sourceBlobs, copy.Outcomes, cancellationToken).ConfigureAwait(false);
            var failures = copy.Outcomes.Where(o => !o.Succeeded).ToList();
            var failed = new HashSet<string>(failures.Select(f => f.Name), StringComparer.Ordinal);
            failures.AddRange(verified.Mismatches.Where(m => !failed.Contains(m.Name)));
            if (failures.Count > 0)
            {
                throw CopyFailed(id, sourceBlobs.Count, failures);
            }

            progress?.Report(new AssetCopyProgress(copy.Method, copied, AssetCopyPhase.Registering));
            await StorageErrors.RunAsync(_destination, $"register asset {id} in account '{_destination.Name}'",
                () => destinationContainer.SetMetadataAsync(AssetMetadata.ForRegistration(asset), cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            asset.Files = verified.Files;
            return new MediaAssetCopyResult(asset, copy.Method, toCopy.Count, alreadyPresent, toCopy.Sum(b => b.Length), copy.Retries);
        }

        private void ValidateOptions()
        {
            if (_options.MaxConcurrency < 1)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"MaxConcurrency is {_options.MaxConcurrency}; copy at least one blob at a time (-ThrottleLimit 1 or more).");
            }
            if (_options.MaxAttemptsPerBlob < 1)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"MaxAttemptsPerBlob is {_options.MaxAttemptsPerBlob}; each blob needs at least one attempt.");
            }
            if (_options.SourceSasLifetime <= TimeSpan.Zero || _options.SourceSasLifetime > TimeSpan.FromDays(7))
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"SourceSasLifetime is {_options.SourceSasLifetime}; use a lifetime above zero and at most 7 days (a user delegation key's limit).");
            }
        }

        private void EnsureDistinctAccounts()
        {
            var source = _source.BlobEndpoint.AbsoluteUri.TrimEnd('/');
            var destination = _destination.BlobEndpoint.AbsoluteUri.TrimEnd('/');
            if (string.Equals(source, destination, StringComparison.OrdinalIgnoreCase))
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"The source '{_source.Name}' and the destination '{_destination.Name}' are the same storage account ({source}). " +
                    "Copy-MediaAsset copies an asset to another account: pass the other datacenter's context as -DestinationContext.",
                    source);
            }
        }

        private async Task<MediaAsset> ReadSourceAssetAsync(string id, BlobContainerClient sourceContainer, CancellationToken cancellationToken)
        {
            var properties = await TryGetPropertiesAsync(_source, $"read asset {id} in account '{_source.Name}'", sourceContainer, cancellationToken)
                .ConfigureAwait(false);
            if (properties == null || !AssetMetadata.IsReady(properties.Metadata))
            {
                throw new MediaAssetClient(_source).NotFound(id);
            }
            return AssetMetadata.Read(sourceContainer.Name, properties.Metadata, properties.LastModified);
        }

        private async Task<DestinationState> ReadDestinationStateAsync(
            string id, BlobContainerClient destinationContainer, string replicatedFrom, CancellationToken cancellationToken)
        {
            var properties = await TryGetPropertiesAsync(_destination, $"read asset {id} in account '{_destination.Name}'", destinationContainer, cancellationToken)
                .ConfigureAwait(false);
            if (properties == null) return DestinationState.Absent;
            if (!AssetMetadata.IsReady(properties.Metadata)) return DestinationState.Unregistered;
            var existing = AssetMetadata.Read(destinationContainer.Name, properties.Metadata, properties.LastModified);
            if (!string.Equals(existing.ReplicatedFrom, replicatedFrom, StringComparison.OrdinalIgnoreCase))
            {
                throw new MediaOpsException(MediaErrorKind.Conflict,
                    $"Account '{_destination.Name}' already has an asset {id} ('{existing.Name}') that is not a replica of that asset in account '{_source.Name}'. " +
                    $"If it is not needed, remove it with Remove-MediaAsset -Context <{_destination.Name} context> -AssetId {id}, then copy again.",
                    id);
            }
            return DestinationState.RegisteredReplica;
        }

        private static async Task<BlobContainerProperties?> TryGetPropertiesAsync(
            MediaAccountContext context, string operation, BlobContainerClient container, CancellationToken cancellationToken)
        {
            try
            {
                return (await StorageErrors.RunAsync(context, operation, () => container.GetPropertiesAsync(cancellationToken: cancellationToken))
                    .ConfigureAwait(false)).Value;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return null;
            }
        }

        /// <summary>Creates the destination container, or marks an existing one as being uploaded, so that it is not registered meanwhile.</summary>
        private async Task PrepareDestinationAsync(
            string id, string name, BlobContainerClient destinationContainer, DestinationState state, CancellationToken cancellationToken)
        {
            var metadata = AssetMetadata.ForUpload(id, name);
            if (state == DestinationState.Absent)
            {
                var created = await StorageErrors.RunAsync(_destination, $"create asset {id} in account '{_destination.Name}'",
                    () => destinationContainer.CreateIfNotExistsAsync(metadata: metadata, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (created != null) return;
            }
            await StorageErrors.RunAsync(_destination, $"update asset {id} in account '{_destination.Name}'",
                () => destinationContainer.SetMetadataAsync(metadata, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        private async Task<BlobsCopy> CopyBlobsAsync(
            BlobContainerClient sourceContainer, BlobContainerClient destinationContainer, List<ListedBlob> toCopy,
            IReadOnlyDictionary<string, ListedBlob> replicas, IProgress<AssetCopyProgress>? progress, CancellationToken cancellationToken)
        {
            ServerSideCopier? serverSide = null;
            BlobCopyState? firstStarted = null;
            if (_options.Method != AssetCopyMethod.Streaming && toCopy.Count > 0)
            {
                var sas = await SourceReadSas.TryCreateAsync(_source, sourceContainer, _options.SourceSasLifetime, cancellationToken).ConfigureAwait(false);
                if (sas == null && _options.Method == AssetCopyMethod.ServerSide)
                {
                    throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                        $"A server-side copy needs a read SAS of the source, and context '{_source.Name}' can sign none: connect it with the account key " +
                        "(or an identity allowed to get a user delegation key), or let the copy stream through this machine.",
                        _source.Name);
                }
                if (sas != null)
                {
                    serverSide = new ServerSideCopier(_copyOperations, _destination, destinationContainer, sas, _options);
                    firstStarted = await StartFirstCopyAsync(serverSide, sourceContainer, toCopy[0], cancellationToken).ConfigureAwait(false);
                    if (firstStarted == null) serverSide = null;
                }
            }

            var method = serverSide == null && toCopy.Count > 0 ? AssetCopyMethod.Streaming : _options.Method ?? AssetCopyMethod.ServerSide;
            var tracker = NewTracker(method, toCopy, progress);
            BlobCopyOutcome[] outcomes;
            if (serverSide != null)
            {
                var first = toCopy[0];
                outcomes = await BoundedParallel.RunAsync(toCopy, _options.MaxConcurrency,
                    (blob, ct) => serverSide.CopyAsync(blob, ReferenceEquals(blob, first) ? firstStarted : null, replicas.TryGetValue(blob.Name, out var r) ? r : null, tracker, ct),
                    cancellationToken).ConfigureAwait(false);
                return new BlobsCopy(method, outcomes, serverSide.Retries);
            }

            var streaming = new StreamingCopier(_source, sourceContainer, _destination, destinationContainer, _options.MaxAttemptsPerBlob);
            outcomes = await BoundedParallel.RunAsync(toCopy, _options.MaxConcurrency, (blob, ct) => streaming.CopyAsync(blob, tracker, ct), cancellationToken)
                .ConfigureAwait(false);
            return new BlobsCopy(method, outcomes, streaming.Retries);
        }

        /// <summary>
        /// Starts the first blob's copy alone, to learn whether the destination can read the source at all. Null when it cannot:
        /// it answers CannotVerifyCopySource for a source blob that this machine reads (Azure when a firewall or network rule
        /// keeps the destination out; Azurite for a source in another Azurite instance); then the copy streams instead.
        /// </summary>
        private async Task<BlobCopyState?> StartFirstCopyAsync(
            ServerSideCopier serverSide, BlobContainerClient sourceContainer, ListedBlob first, CancellationToken cancellationToken)
        {
            try
            {
                return await serverSide.StartAsync(first, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == CopyErrors.CannotVerifyCopySource)
            {
                var sourceReadable = await StorageErrors.RunAsync(_source, $"read '{first.Name}' in account '{_source.Name}'",
                    () => sourceContainer.GetBlobClient(first.Name).ExistsAsync(cancellationToken)).ConfigureAwait(false);
                if (!sourceReadable.Value)
                {
                    return new BlobCopyState(CopyStatus.Failed, null, "the source file no longer exists");
                }
                if (_options.Method == AssetCopyMethod.ServerSide)
                {
                    throw new MediaOpsException(MediaErrorKind.OperationFailed,
                        $"Account '{_destination.Name}' cannot read the source in account '{_source.Name}' server-side ({ex.ErrorCode}). " +
                        "Allow the destination through the source account's firewall, or let the copy stream through this machine (do not force the server-side method).",
                        _destination.Name);
                }
                return null;
            }
            catch (RequestFailedException ex) when (CopyErrors.ConcernsTheBlob(ex))
            {
                return new BlobCopyState(CopyStatus.Failed, null, $"storage refused to copy it ({CopyErrors.Describe(ex)})");
            }
            catch (Exception ex) when (CopyErrors.Sanitize(_destination, $"copy '{first.Name}' into account '{_destination.Name}'", ex) is MediaOpsException safe)
            {
                throw safe;
            }
        }

        private static TransferTracker NewTracker(AssetCopyMethod method, IReadOnlyCollection<ListedBlob> toCopy, IProgress<AssetCopyProgress>? progress) =>
            new TransferTracker(toCopy.Sum(b => b.Length), toCopy.Count,
                progress == null ? null : new MethodProgress(method, progress));

        /// <summary>
        /// Lists the destination once and checks every blob against its source; deletes the blobs the source does not have.
        /// </summary>
        private async Task<Verification> VerifyAsync(
            BlobContainerClient destinationContainer, IReadOnlyList<ListedBlob> sourceBlobs, IReadOnlyList<BlobCopyOutcome> outcomes,
            CancellationToken cancellationToken)
        {
            var replicas = (await ListedBlob.ListAsync(_destination, destinationContainer, cancellationToken).ConfigureAwait(false))
                .ToDictionary(b => b.Name, StringComparer.Ordinal);
            var sourceNames = new HashSet<string>(sourceBlobs.Select(b => b.Name), StringComparer.Ordinal);
            var extras = replicas.Keys.Where(name => !sourceNames.Contains(name)).ToList();
            await BoundedParallel.RunAsync(extras, _options.MaxConcurrency, (name, ct) =>
                StorageErrors.RunAsync(_destination, $"delete '{name}', which the source does not have, from account '{_destination.Name}'",
                    () => destinationContainer.DeleteBlobIfExistsAsync(name, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct)),
                cancellationToken).ConfigureAwait(false);

            var mismatches = new List<BlobCopyOutcome>();
            var files = new List<MediaAssetFile>();
            foreach (var source in sourceBlobs)
            {
                var mismatch = replicas.TryGetValue(source.Name, out var replica)
                    ? ReplicaVerification.Mismatch(replica, source)
                    : "it is missing from the destination";
                if (mismatch != null) mismatches.Add(BlobCopyOutcome.Failed(source.Name, "it did not verify: " + mismatch));
                else files.Add(replica!.ToAssetFile());
            }
            return new Verification(files, mismatches);
        }

        private MediaOpsException CopyFailed(string id, int totalFiles, IReadOnlyList<BlobCopyOutcome> failures)
        {
            const int listed = 10;
            var names = string.Join("; ", failures.Take(listed).Select(f => $"'{f.Name}': {f.FailureReason}"));
            var more = failures.Count > listed ? $"; and {failures.Count - listed} more" : "";
            return new MediaOpsException(MediaErrorKind.OperationFailed,
                $"{failures.Count} of {totalFiles} files of asset {id} could not be copied from account '{_source.Name}' to '{_destination.Name}' ({names}{more}). " +
                $"The asset is not registered in '{_destination.Name}'. Run Copy-MediaAsset again to resume: the files already copied are kept, and only the others are copied.",
                id);
        }

        private enum DestinationState
        {
            Absent,
            Unregistered,
            RegisteredReplica,
        }

        private sealed class BlobsCopy
        {
            public BlobsCopy(AssetCopyMethod method, IReadOnlyList<BlobCopyOutcome> outcomes, int retries)
            {
                Method = method;
                Outcomes = outcomes;
                Retries = retries;
            }

            public AssetCopyMethod Method { get; }

            public IReadOnlyList<BlobCopyOutcome> Outcomes { get; }

            public int Retries { get; }
        }

        private sealed class Verification
        {
            public Verification(IReadOnlyList<MediaAssetFile> files, IReadOnlyList<BlobCopyOutcome> mismatches)
            {
                Files = files;
                Mismatches = mismatches;
            }

            public IReadOnlyList<MediaAssetFile> Files { get; }

            public IReadOnlyList<BlobCopyOutcome> Mismatches { get; }
        }

        /// <summary>Adds the copy method to each transfer report.</summary>
        private sealed class MethodProgress : IProgress<TransferProgress>
        {
            private readonly AssetCopyMethod _method;
            private readonly IProgress<AssetCopyProgress> _progress;

            public MethodProgress(AssetCopyMethod method, IProgress<AssetCopyProgress> progress)
            {
                _method = method;
                _progress = progress;
            }

            public void Report(TransferProgress value) => _progress.Report(new AssetCopyProgress(_method, value));
        }
    }
}
