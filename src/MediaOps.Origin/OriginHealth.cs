using System;

namespace MediaOps.Origin
{
    /// <summary>Whether an origin's storage answered its last probe.</summary>
    public sealed class OriginHealth
    {
        public OriginHealth(bool isHealthy, string? problem, DateTimeOffset checkedAt)
        {
            IsHealthy = isHealthy;
            Problem = problem;
            CheckedAt = checkedAt;
        }

        public bool IsHealthy { get; }

        /// <summary>What failed, without any secret: the storage endpoint is named without its query string.</summary>
        public string? Problem { get; }

        public DateTimeOffset CheckedAt { get; }
    }
}
