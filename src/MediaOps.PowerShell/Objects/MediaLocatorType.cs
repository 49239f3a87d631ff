namespace MediaOps.PowerShell
{
    /// <summary>The kind of a locator (New-MediaLocator -Type).</summary>
    public enum MediaLocatorType
    {
        /// <summary>A container SAS URL for direct blob access.</summary>
        Sas,

        /// <summary>Streaming URLs served by a <c>mediaops origin</c>.</summary>
        OnDemandOrigin,
    }
}
