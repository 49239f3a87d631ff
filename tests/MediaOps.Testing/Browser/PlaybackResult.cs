using System.Collections.Generic;
using System.Linq;

namespace MediaOps.Testing.Browser
{
    /// <summary>What the player page saw: the renditions the player found, one pass per rendition, and every error.</summary>
    public sealed record PlaybackResult(
        string Player,
        string Source,
        double Duration,
        IReadOnlyList<Rendition> Renditions,
        IReadOnlyList<RenditionPass> Passes,
        IReadOnlyList<PlayerError> Errors,
        IReadOnlyList<string> FailedRequests,
        IReadOnlyList<string> ConsoleErrors)
    {
        /// <summary>The JSON that play.mjs printed, for assertion messages.</summary>
        public string Json { get; init; } = "";

        public IEnumerable<PlayerError> FatalErrors => Errors.Where(e => e.Fatal);

        /// <summary>
        /// Every error but hls.js's reports that the buffer ran dry for a moment, which a slow machine causes and hls.js
        /// recovers from (a pass that does not recover does not reach the end). A non-fatal one such as
        /// <c>fragParsingError</c> is a broken stream all the same: hls.js skips the segment.
        /// </summary>
        public IEnumerable<PlayerError> Problems => Errors.Where(e => !(e.Source == "hls.js" && !e.Fatal && HlsStallDetails.Any(e.Detail.EndsWith)));

        private static readonly string[] HlsStallDetails = { "bufferStalledError", "bufferNudgeOnStall" };
    }

    /// <summary>A rendition (hls.js level, dash.js video representation) as the manifest declares it.</summary>
    public sealed record Rendition(int Width, int Height, long Bandwidth);

    /// <summary>
    /// One play from the start with rendition <see cref="Index"/> locked: whether it reached the end or stalled (the playhead
    /// stood still for 10 s), how far it got, how many frames were decoded, and the frame sizes shown (<c>videoWidth</c> x <c>videoHeight</c>: the displayed
    /// size, with the pixel aspect ratio and rotation applied).
    /// </summary>
    public sealed record RenditionPass(
        int Index,
        int Width,
        int Height,
        bool Ended,
        bool Stalled,
        double PlayedTo,
        int FramesDecoded,
        IReadOnlyList<VideoSize> VideoSizes,
        VideoSize LastVideoSize);

    public sealed record VideoSize(int Width, int Height)
    {
        public double Aspect => Height == 0 ? 0 : (double)Width / Height;

        public override string ToString() => $"{Width}x{Height}";
    }

    /// <summary>An hls.js ERROR event, a dash.js error event, or the video element's error.</summary>
    public sealed record PlayerError(string Source, bool Fatal, string Detail);
}
