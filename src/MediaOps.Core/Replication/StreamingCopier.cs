using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using MediaOps.Core.Accounts;
using MediaOps.Core.Assets;
using MediaOps.Core.Storage;

namespace MediaOps.Core.Replication
{
    /// <summary>
    /// Copies blobs through this machine, for accounts that cannot copy server-side: each blob is downloaded from the
    /// source and uploaded to the destination block by block (memory per blob is bounded by the block size), its MD5
    /// computed on the way and checked against the source's before the blob is committed with it.
    /// </summary>
    internal sealed class StreamingCopier
    {
        private const int BlockSize = 4 * 1024 * 1024;

        private readonly MediaAccountContext _source;
        private readonly BlobContainerClient _sourceContainer;
        private readonly MediaAccountContext _destination;
        private readonly BlobContainerClient _destinationContainer;
        private readonly int _maxAttempts;
        private int _retries;

        public StreamingCopier(
            MediaAccountContext source, BlobContainerClient sourceContainer, MediaAccountContext destination, BlobContainerClient destinationContainer,
            int maxAttempts)
        {
            _source = source;
            _sourceContainer = sourceContainer;
            _destination = destination;
            _destinationContainer = destinationContainer;
            _maxAttempts = maxAttempts;
        }

        /// <summary>Blob transfers started again after a failed attempt.</summary>
        public int Retries => Volatile.Read(ref _retries);

        public async Task<BlobCopyOutcome> CopyAsync(ListedBlob source, TransferTracker tracker, CancellationToken cancellationToken)
        {
            var reason = "";
            for (var attempt = 1; attempt <= _maxAttempts; attempt++)
            {
                if (attempt > 1) Interlocked.Increment(ref _retries);
                var reported = 0L;
                void ReportBytes(long bytes)
                {
                    reported += bytes;
                    tracker.AddBytes(bytes, source.Name);
                }

                try
                {
                    if (await TransferAsync(source, ReportBytes, cancellationToken).ConfigureAwait(false))
                    {
                        tracker.CompleteFile(source.Length - reported, source.Name);
                        return BlobCopyOutcome.Copied(source.Name);
                    }
                    reason = "the downloaded content did not match the source's Content-MD5";
                }
                catch (RequestFailedException ex) when (CopyErrors.SourceChanged(ex))
                {
                    tracker.AddBytes(-reported, source.Name);
                    return BlobCopyOutcome.Failed(source.Name, "the source file changed while it was being copied");
                }
                catch (RequestFailedException ex) when (CopyErrors.ConcernsTheBlob(ex))
                {
                    reason = $"storage refused to transfer it ({CopyErrors.Describe(ex)})";
                }
                tracker.AddBytes(-reported, source.Name);
            }
            return BlobCopyOutcome.Failed(source.Name, $"{reason}, {_maxAttempts} attempt(s)");
        }

        /// <summary>Downloads and uploads one blob; false when its content did not match the source's MD5 (nothing is committed then).</summary>
        private async Task<bool> TransferAsync(ListedBlob source, Action<long> reportBytes, CancellationToken cancellationToken)
        {
            var download = await StorageErrors.RunAsync(_source, $"read '{source.Name}' in account '{_source.Name}'",
                () => _sourceContainer.GetBlobClient(source.Name).DownloadStreamingAsync(
                    new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = source.ETag } }, cancellationToken))
                .ConfigureAwait(false);
            using var content = download.Value.Content;
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            var destination = _destinationContainer.GetBlockBlobClient(source.Name);
            var writing = $"write '{source.Name}' into account '{_destination.Name}'";

            // One byte more than a small blob's length, so that a blob that fits is read whole and sent in a single request.
            var buffer = new byte[(int)Math.Min(BlockSize, source.Length + 1)];
            var blockIds = new List<string>();
            while (true)
            {
                var filled = await ReadFullyAsync(content, buffer, cancellationToken).ConfigureAwait(false);
                md5.AppendData(buffer, 0, filled);
                if (blockIds.Count == 0 && filled < buffer.Length)
                {
                    var hash = md5.GetHashAndReset();
                    if (!MatchesSource(hash, source)) return false;
                    var options = new BlobUploadOptions { HttpHeaders = HeadersOf(source, hash), Metadata = ReplicaVerification.MetadataFor(source) };
                    await StorageErrors.RunAsync(_destination, writing,
                        () => destination.UploadAsync(new MemoryStream(buffer, 0, filled, writable: false), options, cancellationToken))
                        .ConfigureAwait(false);
                    reportBytes(filled);
                    return true;
                }
                if (filled == 0) break;
                var blockId = BlockId(blockIds.Count);
                await StorageErrors.RunAsync(_destination, writing,
                    () => destination.StageBlockAsync(blockId, new MemoryStream(buffer, 0, filled, writable: false), cancellationToken: cancellationToken))
                    .ConfigureAwait(false);
                blockIds.Add(blockId);
                reportBytes(filled);
                if (filled < buffer.Length) break;
            }

            var contentMd5 = md5.GetHashAndReset();
            if (!MatchesSource(contentMd5, source)) return false;
            var commit = new CommitBlockListOptions { HttpHeaders = HeadersOf(source, contentMd5), Metadata = ReplicaVerification.MetadataFor(source) };
            await StorageErrors.RunAsync(_destination, writing, () => destination.CommitBlockListAsync(blockIds, commit, cancellationToken))
                .ConfigureAwait(false);
            return true;
        }

        private static bool MatchesSource(byte[] contentMd5, ListedBlob source) =>
            source.ContentMd5 == null || source.ContentMd5.SequenceEqual(contentMd5);

        private static BlobHttpHeaders HeadersOf(ListedBlob source, byte[] contentMd5) => new BlobHttpHeaders
        {
            ContentType = source.Headers.ContentType,
            ContentEncoding = source.Headers.ContentEncoding,
            ContentLanguage = source.Headers.ContentLanguage,
            ContentDisposition = source.Headers.ContentDisposition,
            CacheControl = source.Headers.CacheControl,
            ContentHash = contentMd5,
        };

        /// <summary>Block ids of one blob must all have the same length.</summary>
        private static string BlockId(int index) =>
            Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(index.ToString("D8", CultureInfo.InvariantCulture)));

        private static async Task<int> ReadFullyAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
        {
            var filled = 0;
            while (filled < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer, filled, buffer.Length - filled, cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                filled += read;
            }
            return filled;
        }
    }
}
