using MediaOps.Core.Models;

namespace MediaOps.Core.Models
{
    /// <summary>A progress report of an asset copy: bytes and files, and the method in use (reported before the first byte moves).</summary>
    public sealed class AssetCopyProgress
    {
        public AssetCopyProgress(AssetCopyMethod method, TransferProgress transfer)
        {
            Method = method;
            Transfer = transfer;
        }

        public AssetCopyMethod Method { get; }

        public TransferProgress Transfer { get; }
    }
}
