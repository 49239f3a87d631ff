namespace MediaOps.Core.Replication
{
    /// <summary>How one blob's copy ended.</summary>
    internal sealed class BlobCopyOutcome
    {
        private BlobCopyOutcome(string name, string? failureReason)
        {
            Name = name;
            FailureReason = failureReason;
        }

        public string Name { get; }

        /// <summary>Why the blob could not be copied, or null when it was.</summary>
        public string? FailureReason { get; }

        public bool Succeeded => FailureReason == null;

        public static BlobCopyOutcome Copied(string name) => new BlobCopyOutcome(name, null);

        public static BlobCopyOutcome Failed(string name, string reason) => new BlobCopyOutcome(name, reason);
    }
}
