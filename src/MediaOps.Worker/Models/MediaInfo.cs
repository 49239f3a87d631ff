using System;

namespace MediaOps.Worker.Models
{
    /// <summary>What ffprobe found in a media file. Width and height are the displayed size (rotation and pixel aspect applied).</summary>
    public sealed class MediaInfo
    {
        public MediaInfo(TimeSpan duration, bool hasVideo, bool hasAudio, int width, int height, double frameRate,
            string? videoCodec, string? audioCodec, string formatName)
        {
            Duration = duration;
            HasVideo = hasVideo;
            HasAudio = hasAudio;
            Width = width;
            Height = height;
            FrameRate = frameRate;
            VideoCodec = videoCodec;
            AudioCodec = audioCodec;
            FormatName = formatName ?? string.Empty;
        }

        public TimeSpan Duration { get; }

        public bool HasVideo { get; }

        public bool HasAudio { get; }

        /// <summary>Displayed width in pixels (0 without video).</summary>
        public int Width { get; }

        /// <summary>Displayed height in pixels (0 without video).</summary>
        public int Height { get; }

        /// <summary>Frames per second (0 when unknown).</summary>
        public double FrameRate { get; }

        public string? VideoCodec { get; }

        public string? AudioCodec { get; }

        /// <summary>ffprobe's format name, for example <c>mov,mp4,m4a,3gp,3g2,mj2</c>.</summary>
        public string FormatName { get; }

        // Internal details the encoder needs to map streams; not part of the public shape.
        internal int VideoStreamIndex { get; set; } = -1;

        internal int AudioStreamIndex { get; set; } = -1;

        public override string ToString() =>
            HasVideo ? $"{Width}x{Height} {VideoCodec} {FrameRate:0.###} fps, {Duration.TotalSeconds:0.###} s{(HasAudio ? ", " + AudioCodec : ", no audio")}"
                     : $"no video, {Duration.TotalSeconds:0.###} s";
    }
}
