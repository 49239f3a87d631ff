using System.CommandLine;

namespace MediaOps.Host
{
    /// <summary>The options both commands take.</summary>
    internal static class CommonOptions
    {
        public const string ConnectionStringHint =
            "The environment variable keeps the account key out of the process list.";

        public static Option<string> ConnectionString() => new("--connection-string")
        {
            Description = "The storage account's connection string (or MEDIAOPS_CONNECTION_STRING, which keeps the key out of the process list).",
            HelpName = "cs",
        };

        public static Option<string> Name() => new("--name")
        {
            Description = "A display name for the account, used in logs and notifications.",
            HelpName = "display name",
        };
    }
}
