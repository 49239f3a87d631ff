using System;
using System.Collections.Generic;
using MediaOps.Core.Models;

namespace MediaOps.Worker.Models
{
    /// <summary>What an encode wrote.</summary>
    public sealed class EncodingResult
    {
        public EncodingResult(IReadOnlyList<string> files, string primaryFile, IReadOnlyList<Rendition> renditions,
            TimeSpan inputDuration, TimeSpan ffmpegWallTime)
        {
            Files = files;
            PrimaryFile = primaryFile;
            Renditions = renditions;
            InputDuration = inputDuration;
            FfmpegWallTime = ffmpegWallTime;
        }

        /// <summary>Every file the encode wrote, relative to the output directory, with '/' separators, sorted.</summary>
        public IReadOnlyList<string> Files { get; }

        /// <summary>The file a player opens: <c>master.m3u8</c> for adaptive output, the MP4 for progressive output.</summary>
        public string PrimaryFile { get; }

        /// <summary>The video rungs produced, largest first.</summary>
        public IReadOnlyList<Rendition> Renditions { get; }

        public TimeSpan InputDuration { get; }

        /// <summary>Wall time of the ffmpeg process.</summary>
        public TimeSpan FfmpegWallTime { get; }
    }
}
