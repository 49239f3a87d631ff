using MediaOps.Core.Models;

namespace MediaOps.Core.Models
{
    /// <summary>What an asset copy is doing.</summary>
    public enum AssetCopyPhase
    {
        /// <summary>Reading the source asset and listing the source and destination blobs.</summary>
        Listing,

        /// <summary>Copying the blobs that are missing or different; the destination asset is not registered yet.</summary>
        Copying,

        /// <summary>Checking every destination blob against its source.</summary>
        Verifying,

        /// <summary>Registering the verified destination asset.</summary>
        Registering,
    }

    /// <summary>
    /// A progress report of an asset copy: the phase, bytes and files, and the method in use (reported before the first
    /// byte moves). The first report comes before anything is read.
    /// </summary>
    public sealed class AssetCopyProgress
    {
        public AssetCopyProgress(AssetCopyMethod method, TransferProgress transfer, AssetCopyPhase phase = AssetCopyPhase.Copying)
        {
            Method = method;
            Transfer = transfer;
            Phase = phase;
        }

        public AssetCopyMethod Method { get; }

        public TransferProgress Transfer { get; }

        public AssetCopyPhase Phase { get; }
    }
}
