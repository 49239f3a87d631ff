using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace MediaOps.Core.Replication
{
    /// <summary>
    /// The server-side copy operations of one destination blob. Storage decides when a copy ends (Azurite ends every
    /// copy at once), so tests substitute copies that stay Pending, fail or are aborted.
    /// </summary>
    internal interface IBlobCopyOperations
    {
        /// <summary>Starts copying <paramref name="source"/> (a URL with a read SAS) into <paramref name="destination"/>,
        /// only if the source still has <paramref name="sourceETag"/>; throws <see cref="RequestFailedException"/> as the SDK does.</summary>
        Task<BlobCopyState> StartCopyAsync(
            BlobClient destination, Uri source, ETag sourceETag, IDictionary<string, string> metadata, CancellationToken cancellationToken);

        Task<BlobCopyState> GetCopyStateAsync(BlobClient destination, CancellationToken cancellationToken);

        Task AbortCopyAsync(BlobClient destination, string copyId, CancellationToken cancellationToken);
    }

    /// <summary>Where one blob's server-side copy stands.</summary>
    internal sealed class BlobCopyState
    {
        public BlobCopyState(CopyStatus status, string? copyId, string? statusDescription = null, long? bytesCopied = null)
        {
            Status = status;
            CopyId = copyId;
            StatusDescription = statusDescription;
            BytesCopied = bytesCopied;
        }

        public CopyStatus Status { get; }

        public string? CopyId { get; }

        public string? StatusDescription { get; }

        public long? BytesCopied { get; }
    }
}
