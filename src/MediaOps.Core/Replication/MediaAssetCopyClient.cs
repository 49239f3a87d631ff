using System;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core.Accounts;

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

        public MediaAssetCopyClient(MediaAccountContext source, MediaAccountContext destination, MediaAssetCopyOptions? options = null)
        {
            _source = source ?? throw new ArgumentNullException(nameof(source));
            _destination = destination ?? throw new ArgumentNullException(nameof(destination));
            _options = options ?? new MediaAssetCopyOptions();
        }

        public Task<MediaAssetCopyResult> CopyAsync(string assetId, IProgress<AssetCopyProgress>? progress = null, CancellationToken cancellationToken = default) =>
            throw new NotImplementedException();
    }
}
