namespace MediaOps.Core.Models
{
    /// <summary>How the blobs of an asset travel to the destination account.</summary>
    public enum AssetCopyMethod
    {
        /// <summary>The destination account reads the source through a short-lived read-only SAS; no data passes through the client.</summary>
        ServerSide,

        /// <summary>The client downloads from the source and uploads to the destination, for accounts that cannot copy server-side.</summary>
        Streaming,
    }
}
