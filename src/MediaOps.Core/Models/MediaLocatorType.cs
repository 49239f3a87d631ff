namespace MediaOps.Core.Models
{
    /// <summary>The kinds of locator of Media Services v2 that MediaOps re-creates.</summary>
    public enum MediaLocatorType
    {
        /// <summary>A container SAS URL: direct, time-limited access to an asset's blobs.</summary>
        Sas,

        /// <summary>A record that lets a streaming origin serve the asset at <c>&lt;StreamingEndpoint&gt;/&lt;locator guid&gt;/&lt;file&gt;</c>.</summary>
        OnDemandOrigin,
    }
}
