using System;
using MediaOps.Core.Models;

namespace MediaOps.Core.Models
{
    /// <summary>How <see cref="MediaLocatorClient.CreateAsync"/> creates a locator.</summary>
    public sealed class MediaLocatorCreateOptions
    {
        public MediaLocatorType Type { get; set; } = MediaLocatorType.OnDemandOrigin;

        /// <summary>Sas only: what the SAS allows (Read by default). Origin locators are read-only.</summary>
        public LocatorPermissions Permissions { get; set; } = LocatorPermissions.Read;

        /// <summary>How long after <see cref="StartTime"/> the locator expires; by default 1 hour for Sas, 30 days for OnDemandOrigin.</summary>
        public TimeSpan? Duration { get; set; }

        /// <summary>When access starts; by default a few minutes before now, so that a clock running behind still accepts it.</summary>
        public DateTimeOffset? StartTime { get; set; }
    }
}
