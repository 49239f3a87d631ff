namespace MediaOps.PowerShell
{
    /// <summary>How a connected media account signs its requests.</summary>
    public enum MediaAccountAuthentication
    {
        /// <summary>An account key or SAS from a connection string.</summary>
        ConnectionString,

        /// <summary>Microsoft Entra ID: a managed identity or DefaultAzureCredential.</summary>
        TokenCredential,

        /// <summary>An Azurite account on this machine.</summary>
        Local,
    }
}
