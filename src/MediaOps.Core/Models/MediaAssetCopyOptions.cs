using System;

namespace MediaOps.Core.Models
{
    /// <summary>How <see cref="MediaAssetCopyClient"/> copies.</summary>
    public sealed class MediaAssetCopyOptions
    {
        /// <summary>Blobs copied at once.</summary>
        public int MaxConcurrency { get; set; } = 16;

        /// <summary>Attempts of one blob's copy that ends Failed or Aborted before the blob is reported as failed.</summary>
        public int MaxAttemptsPerBlob { get; set; } = 3;

        /// <summary>Lifetime of the read-only SAS through which the destination reads the source.</summary>
        public TimeSpan SourceSasLifetime { get; set; } = TimeSpan.FromHours(1);

        /// <summary>When set, forces one method; by default server-side, falling back to streaming when the accounts cannot copy server-side.</summary>
        public AssetCopyMethod? Method { get; set; }

        /// <summary>Wait before the first look at a pending copy; doubled at each look up to <see cref="MaxPollDelay"/>.</summary>
        internal TimeSpan FirstPollDelay { get; set; } = TimeSpan.FromMilliseconds(500);

        internal TimeSpan MaxPollDelay { get; set; } = TimeSpan.FromSeconds(15);
    }
}
