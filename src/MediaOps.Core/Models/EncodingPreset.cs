using System.Collections.Generic;

namespace MediaOps.Core.Models
{
    /*
     * Preset JSON schema (version 1). Built-in presets are files of this schema in Encoding/Presets; a user's own
     * preset file uses the same schema. Property names are matched case-insensitively; comments and trailing commas
     * are allowed; any other property is an error (so a typo is never silently ignored).
     *
     * {
     *   "schemaVersion": 1,                      // optional; 1 is the only version
     *   "name": "My ladder",                     // optional; a file's name defaults to the file name
     *   "description": "What it is for",         // optional
     *   "packaging": "CmafSingleFile",           // CmafSingleFile (default): one fMP4 per rendition addressed by byte ranges,
     *                                            //   HLS master.m3u8 (primary file) + DASH manifest.mpd over the same media
     *                                            // CmafSegments: the same manifests over one file per segment
     *                                            // Mp4: one progressive MP4 per rung (+faststart), each with the audio
     *   "video": {                               // optional; every field has the default shown
     *     "codec": "h264",                       // h264 (libx264) is the only codec
     *     "profile": "high",                     // baseline | main | high
     *     "speed": "veryfast",                   // x264 preset: ultrafast .. veryslow (slower = smaller files, more CPU)
     *     "keyframeIntervalSeconds": 2,          // constant GOP, aligned across all rungs; 0.5 to 10
     *     "segmentSeconds": 4,                   // CMAF segment length; a whole multiple of the keyframe interval; 1 to 30
     *     "maxRenditions": 4                     // optional; keep at most this many rungs (the largest that fit the input)
     *   },
     *   "audio": {                               // optional; null or absent = the output has no audio
     *     "codec": "aac",                        // aac is the only codec; one audio rendition shared by all rungs
     *     "bitrateKbps": 128,                    // 16 to 512
     *     "channels": 2,                         // 1 to 6
     *     "sampleRate": 48000                    // 22050 | 24000 | 32000 | 44100 | 48000
     *   },
     *   "ladder": [                              // required, 1 to 10 rungs, largest first (sorted on load)
     *     { "name": "720p", "height": 720, "videoBitrateKbps": 3000 }
     *   ]
     * }
     *
     * A rung's "height" is its size on the short side of the picture (the height of landscape video, the width of
     * portrait video): an even number from 16 to 4320, unique within the ladder. The other side follows the input's
     * displayed aspect ratio, rounded to an even number. Rungs larger than the input are dropped (never upscaled);
     * when no rung fits, one rendition is made at the input's own size (even dimensions) with the smallest rung's
     * bitrate scaled by pixel count. "name" defaults to "<height>p". "videoBitrateKbps" is the average bitrate,
     * 50 to 100000; the peak is 1.5 times it over a 2-second buffer.
     */

    /// <summary>How the encoded renditions are packaged.</summary>
    public enum EncodingPackaging
    {
        /// <summary>CMAF: one fMP4 file per rendition addressed by byte ranges, with an HLS master playlist and a DASH manifest.</summary>
        CmafSingleFile,

        /// <summary>CMAF: one file per segment, with an HLS master playlist and a DASH manifest.</summary>
        CmafSegments,

        /// <summary>One progressive MP4 per rung (moov before mdat).</summary>
        Mp4,
    }

    /// <summary>An encoding preset: data (see the schema above), not a code path. Validated by <see cref="PresetCatalog"/>.</summary>
    public sealed class EncodingPreset
    {
        public string Name { get; set; } = string.Empty;

        public string Description { get; set; } = string.Empty;

        public EncodingPackaging Packaging { get; set; } = EncodingPackaging.CmafSingleFile;

        public PresetVideoSettings Video { get; set; } = new PresetVideoSettings();

        /// <summary>The shared audio rendition; null for output without audio.</summary>
        public PresetAudioSettings? Audio { get; set; } = new PresetAudioSettings();

        /// <summary>The candidate rungs, largest first.</summary>
        public List<PresetRung> Ladder { get; set; } = new List<PresetRung>();

        public override string ToString() => Name;
    }

    public sealed class PresetVideoSettings
    {
        public string Codec { get; set; } = "h264";

        public string Profile { get; set; } = "high";

        /// <summary>The x264 preset (ultrafast .. veryslow).</summary>
        public string Speed { get; set; } = "veryfast";

        public double KeyframeIntervalSeconds { get; set; } = 2;

        public double SegmentSeconds { get; set; } = 4;

        public int? MaxRenditions { get; set; }
    }

    public sealed class PresetAudioSettings
    {
        public string Codec { get; set; } = "aac";

        public int BitrateKbps { get; set; } = 128;

        public int Channels { get; set; } = 2;

        public int SampleRate { get; set; } = 48000;
    }

    /// <summary>One candidate rung of a ladder.</summary>
    public sealed class PresetRung
    {
        /// <summary>Defaults to "&lt;height&gt;p".</summary>
        public string? Name { get; set; }

        /// <summary>Size on the short side of the picture; even.</summary>
        public int Height { get; set; }

        public int VideoBitrateKbps { get; set; }
    }
}
