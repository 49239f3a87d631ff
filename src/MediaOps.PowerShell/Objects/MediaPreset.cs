using System.Collections.Generic;
using System.Linq;
using CorePreset = MediaOps.Core.Models.EncodingPreset;

namespace MediaOps.PowerShell
{
    /// <summary>A built-in encoding preset (Get-MediaPreset): what Submit-MediaJob -Preset takes by its name.</summary>
    public sealed class MediaPreset
    {
        internal MediaPreset(string name, CorePreset model, string definition)
        {
            Name = name;
            Description = model.Description;
            Packaging = model.Packaging.ToString();
            VideoCodec = model.Video.Codec;
            AudioCodec = model.Audio?.Codec;
            Renditions = model.Ladder.Select(r => new MediaPresetRendition(r.Name, r.Height, r.VideoBitrateKbps)).ToArray();
            Definition = definition;
        }

        /// <summary>The name Submit-MediaJob -Preset takes.</summary>
        public string Name { get; }

        public string Description { get; }

        /// <summary>How the output is laid out (one file per rendition for HLS and DASH, or a progressive MP4, ...).</summary>
        public string Packaging { get; }

        public string VideoCodec { get; }

        public string? AudioCodec { get; }

        /// <summary>The ladder's rungs, highest first; an adaptive preset drops the ones above the input's height.</summary>
        public IReadOnlyList<MediaPresetRendition> Renditions { get; }

        /// <summary>The preset as JSON: a starting point for a preset file of your own (Submit-MediaJob -PresetFile).</summary>
        public string Definition { get; }

        public override string ToString() => Name;
    }

    /// <summary>One rung of a preset's ladder.</summary>
    public sealed class MediaPresetRendition
    {
        internal MediaPresetRendition(string? name, int height, int videoBitrateKbps)
        {
            Name = name ?? height + "p";
            Height = height;
            VideoBitrateKbps = videoBitrateKbps;
        }

        public string Name { get; }

        public int Height { get; }

        public int VideoBitrateKbps { get; }

        public override string ToString() => $"{Name} ({VideoBitrateKbps} kb/s)";
    }
}
