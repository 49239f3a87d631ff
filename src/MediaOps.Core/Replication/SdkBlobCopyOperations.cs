using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace MediaOps.Core.Replication
{
    /// <summary>Server-side copies as Blob storage runs them (Copy Blob, Get Blob Properties, Abort Copy Blob).</summary>
    internal sealed class SdkBlobCopyOperations : IBlobCopyOperations
    {
        public async Task<BlobCopyState> StartCopyAsync(
            BlobClient destination, Uri source, ETag sourceETag, IDictionary<string, string> metadata, CancellationToken cancellationToken)
        {
            var options = new BlobCopyFromUriOptions
            {
                Metadata = metadata,
                SourceConditions = new BlobRequestConditions { IfMatch = sourceETag },
            };
            var operation = await destination.StartCopyFromUriAsync(source, options, cancellationToken).ConfigureAwait(false);
            var status = operation.GetRawResponse().Headers.TryGetValue("x-ms-copy-status", out var text) ? ParseStatus(text) : CopyStatus.Pending;
            return new BlobCopyState(status, operation.Id);
        }

        public async Task<BlobCopyState> GetCopyStateAsync(BlobClient destination, CancellationToken cancellationToken)
        {
            var response = await destination.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var properties = response.Value;
            // BlobProperties.CopyStatus is not nullable: a blob with no copy (overwritten after the copy started) reads as
            // Pending (0) and would be polled forever. No copy status means the copy waited for is gone: it failed.
            if (!response.GetRawResponse().Headers.TryGetValue("x-ms-copy-status", out _))
            {
                return new BlobCopyState(CopyStatus.Failed, null, "the destination file was replaced while it was being copied");
            }
            return new BlobCopyState(properties.CopyStatus, properties.CopyId, properties.CopyStatusDescription, BytesCopied(properties.CopyProgress));
        }

        public Task AbortCopyAsync(BlobClient destination, string copyId, CancellationToken cancellationToken) =>
            destination.AbortCopyFromUriAsync(copyId, cancellationToken: cancellationToken);

        private static CopyStatus ParseStatus(string? text) =>
            Enum.TryParse<CopyStatus>(text, ignoreCase: true, out var status) ? status : CopyStatus.Pending;

        /// <summary>The copied part of a copy progress "&lt;bytes copied&gt;/&lt;total bytes&gt;".</summary>
        private static long? BytesCopied(string? copyProgress)
        {
            if (string.IsNullOrEmpty(copyProgress)) return null;
            var slash = copyProgress!.IndexOf('/');
            var copied = slash < 0 ? copyProgress : copyProgress.Substring(0, slash);
            return long.TryParse(copied, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : (long?)null;
        }
    }
}
