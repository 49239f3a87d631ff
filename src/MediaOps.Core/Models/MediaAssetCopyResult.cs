using System.Collections.Generic;
using MediaOps.Core.Models;

namespace MediaOps.Core.Models
{
    /// <summary>What a copy did: the registered destination asset and how it got there.</summary>
    public sealed class MediaAssetCopyResult
    {
        public MediaAssetCopyResult(MediaAsset asset, AssetCopyMethod method, int filesCopied, int filesAlreadyPresent, long bytesCopied, int retries)
        {
            Asset = asset;
            Method = method;
            FilesCopied = filesCopied;
            FilesAlreadyPresent = filesAlreadyPresent;
            BytesCopied = bytesCopied;
            Retries = retries;
        }

        /// <summary>The destination asset (same id as the source), registered, with its <see cref="MediaAsset.SourceContext"/> set.</summary>
        public MediaAsset Asset { get; }

        public AssetCopyMethod Method { get; }

        public int FilesCopied { get; }

        /// <summary>Files that a previous run had already copied and that verified, so they were not copied again.</summary>
        public int FilesAlreadyPresent { get; }

        public long BytesCopied { get; }

        /// <summary>Blob copies that ended Failed or Aborted and were started again.</summary>
        public int Retries { get; }
    }
}
