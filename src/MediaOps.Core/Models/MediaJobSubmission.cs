using System.Collections.Generic;
using MediaOps.Core.Models;

namespace MediaOps.Core.Models
{
    /// <summary>What to encode, how, and whom to tell. Give either <see cref="InputAssetId"/> or <see cref="InputFiles"/>.</summary>
    public sealed class MediaJobSubmission
    {
        public string? Name { get; set; }

        /// <summary>An existing asset to encode.</summary>
        public string? InputAssetId { get; set; }

        /// <summary>Local files uploaded into a new input asset first (the first one is the primary file).</summary>
        public IReadOnlyList<string>? InputFiles { get; set; }

        /// <summary>A built-in preset name; <c>Adaptive Streaming</c> when neither this nor <see cref="PresetFile"/> is set.</summary>
        public string? Preset { get; set; }

        /// <summary>A preset file of the user's own, in the JSON schema of the built-in presets.</summary>
        public string? PresetFile { get; set; }

        public int Priority { get; set; }

        public IReadOnlyList<NotificationEndpoint> NotificationEndpoints { get; set; } = new List<NotificationEndpoint>();

        public NotifyOn NotifyOn { get; set; } = NotifyOn.FinalStatesOnly;
    }
}
