using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MediaOps.Core.Accounts;
using MediaOps.Core.Models;
using MediaOps.Core.Storage;

namespace MediaOps.Core.Replication
{
    /// <summary>One blob as a container listing (with metadata) describes it: all that copying and verifying need.</summary>
    internal sealed class ListedBlob
    {
        private ListedBlob(BlobItem item)
        {
            Name = item.Name;
            Length = item.Properties.ContentLength ?? 0;
            ContentMd5 = item.Properties.ContentHash is { Length: > 0 } hash ? hash : null;
            ETag = item.Properties.ETag ?? default;
            Metadata = item.Metadata ?? new Dictionary<string, string>();
            CopyStatus = item.Properties.CopyStatus;
            CopyId = item.Properties.CopyId;
            Headers = new BlobHttpHeaders
            {
                ContentType = item.Properties.ContentType,
                ContentEncoding = item.Properties.ContentEncoding,
                ContentLanguage = item.Properties.ContentLanguage,
                ContentDisposition = item.Properties.ContentDisposition,
                CacheControl = item.Properties.CacheControl,
            };
        }

        public string Name { get; }

        public long Length { get; }

        public byte[]? ContentMd5 { get; }

        public ETag ETag { get; }

        public IDictionary<string, string> Metadata { get; }

        /// <summary>Set when the blob is, or was, the destination of a server-side copy.</summary>
        public CopyStatus? CopyStatus { get; }

        public string? CopyId { get; }

        /// <summary>The content headers, without the MD5 (which <see cref="ContentMd5"/> holds).</summary>
        public BlobHttpHeaders Headers { get; }

        public MediaAssetFile ToAssetFile() => new MediaAssetFile
        {
            Name = Name,
            Length = Length,
            ContentType = Headers.ContentType,
            ContentMd5 = ContentMd5 == null ? null : Convert.ToBase64String(ContentMd5),
        };

        /// <summary>Every blob of a container, with its metadata, in one listing (pages of up to 5,000 blobs).</summary>
        public static async Task<List<ListedBlob>> ListAsync(MediaAccountContext context, BlobContainerClient container, CancellationToken cancellationToken)
        {
            var blobs = new List<ListedBlob>();
            await StorageErrors.RunAsync(context, $"list the files of {container.Name} in account '{context.Name}'", async () =>
            {
                await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata | BlobTraits.CopyStatus }, cancellationToken)
                    .ConfigureAwait(false))
                {
                    blobs.Add(new ListedBlob(item));
                }
            }).ConfigureAwait(false);
            return blobs;
        }
    }

    /// <summary>
    /// When a destination blob is a finished copy of a source blob: the same length and Content-MD5, and metadata
    /// recording that it was copied from this very version (ETag) of the source.
    /// </summary>
    internal static class ReplicaVerification
    {
        public const string SourceETagMetadata = "mediaopssourceetag";

        /// <summary>The destination blob's metadata: the source's own, plus the source version it comes from.</summary>
        public static Dictionary<string, string> MetadataFor(ListedBlob source)
        {
            var metadata = source.Metadata
                .Where(m => !m.Key.Equals(SourceETagMetadata, StringComparison.OrdinalIgnoreCase))
                .ToDictionary(m => m.Key, m => m.Value, StringComparer.OrdinalIgnoreCase);
            metadata[SourceETagMetadata] = source.ETag.ToString();
            return metadata;
        }

        public static bool IsVerifiedCopyOf(ListedBlob replica, ListedBlob source) => Mismatch(replica, source) == null;

        /// <summary>Why <paramref name="replica"/> is not a finished copy of <paramref name="source"/>, or null when it is.</summary>
        public static string? Mismatch(ListedBlob replica, ListedBlob source)
        {
            if (replica.CopyStatus.HasValue && replica.CopyStatus != CopyStatus.Success)
            {
                return $"its copy is {replica.CopyStatus.Value.ToString().ToLowerInvariant()}";
            }
            if (replica.Length != source.Length)
            {
                return $"it has {replica.Length} bytes instead of {source.Length}";
            }
            if (source.ContentMd5 != null && (replica.ContentMd5 == null || !replica.ContentMd5.SequenceEqual(source.ContentMd5)))
            {
                return "its Content-MD5 differs from the source's";
            }
            var copiedVersion = replica.Metadata
                .FirstOrDefault(m => m.Key.Equals(SourceETagMetadata, StringComparison.OrdinalIgnoreCase)).Value;
            if (copiedVersion != source.ETag.ToString())
            {
                return "it was not copied from the current version of the source file";
            }
            return null;
        }
    }
}
