namespace MediaOps.Core.Storage
{
    /// <summary>Names of the containers, blob prefixes and metadata keys that make up the data layout on storage.</summary>
    internal static class StorageNames
    {
        public const string SystemContainer = "mediaops";
        public const string JobsPrefix = "jobs/";
        public const string EndpointsPrefix = "endpoints/";
        public const string LocatorsPrefix = "locators/";
        public const string AssetContainerPrefix = "asset-";
        public const string PoisonQueueSuffix = "-poison";

        public static string JobRecord(System.Guid id) => JobsPrefix + id.ToString("D") + ".json";
        public static string EndpointRecord(System.Guid id) => EndpointsPrefix + id.ToString("D") + ".json";
        public static string LocatorRecord(System.Guid id) => LocatorsPrefix + id.ToString("D") + ".json";
    }
}
