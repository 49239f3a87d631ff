using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using System.Xml.Linq;
using MediaOps.Core.Encoding;
using MediaOps.Core.Models;
using MediaOps.Core.Tests;
using MediaOps.Worker.Ffmpeg;
using MediaOps.Worker.Models;
using MediaOps.Testing;
using Xunit;

namespace MediaOps.Worker.Tests.Ffmpeg
{
    [Collection(EncodingCollection.Name)]
    public sealed class AdaptiveStreamingTests
    {
        private static readonly XNamespace Mpd = "urn:mpeg:dash:schema:mpd:2011";
        private readonly EncodingMediaFixture _media;

        public AdaptiveStreamingTests(EncodingMediaFixture media) => _media = media;

        [Fact]
        public async Task Adaptive_Streaming_of_720p_input_gives_CMAF_that_ffprobe_reads_as_HLS_and_DASH_with_the_ladder_of_the_input()
        {
            var output = EncodingTestTools.NewOutputDirectory("adaptive720");
            try
            {
                var preset = PresetCatalog.GetBuiltIn("Adaptive Streaming");
                var result = await new MediaEncoder().EncodeAsync(_media.Hd720, preset, output);

                // The rule, derived from the input: rungs not above 720, at most 4, largest first.
                var expected = LadderExpectations.ExpectedHeights(preset, 1280, 720);
                Assert.Equal(new[] { 720, 540, 360, 270 }, expected);
                Assert.Equal(expected, result.Renditions.Select(r => r.Height));
                Assert.All(result.Renditions, r => Assert.Equal(0, r.Width % 2));
                Assert.All(result.Renditions, r => Assert.Equal(16.0 / 9, (double)r.Width / r.Height, 2));
                Assert.All(result.Renditions, r => Assert.Equal(128, r.AudioBitrateKbps));

                Assert.Equal("master.m3u8", result.PrimaryFile);
                // One fMP4 per video rendition plus one shared audio rendition, each with its HLS media playlist.
                var streams = expected.Count + 1;
                var expectedFiles = new[] { "manifest.mpd", "master.m3u8" }
                    .Concat(Enumerable.Range(0, streams).SelectMany(i => new[] { $"media_{i}.m3u8", $"media_{i}.mp4" }))
                    .OrderBy(f => f, StringComparer.Ordinal);
                Assert.Equal(expectedFiles, result.Files);
                Assert.Equal(10, result.InputDuration.TotalSeconds, 1);
                Assert.True(result.FfmpegWallTime > TimeSpan.Zero);

                var expectedSizes = expected.Select(h => (h * 16 / 9 + (h * 16 / 9) % 2, h)).ToList();

                // HLS: ffprobe reads the master playlist and, through the byte ranges, every frame of every rendition.
                var hls = await EncodingTestTools.FfprobeAsync("-count_packets", "-show_format", "-show_streams", Path.Combine(output, "master.m3u8"));
                Assert.Equal(expectedSizes, EncodingTestTools.VideoSizes(hls));
                Assert.Single(EncodingTestTools.Streams(hls, "audio"));
                Assert.InRange(EncodingTestTools.FormatDuration(hls), 10 - 0.2, 10 + 0.2);
                Assert.All(EncodingTestTools.Streams(hls, "video"),
                    s => Assert.Equal(300, int.Parse(s.GetProperty("nb_read_packets").GetString()!, CultureInfo.InvariantCulture)));

                // DASH: ffprobe reads the manifest (header and first segment; see ByteRangeDash below for why not more).
                var dash = await EncodingTestTools.FfprobeAsync("-show_format", "-show_streams", Path.Combine(output, "manifest.mpd"));
                Assert.Equal(expectedSizes, EncodingTestTools.VideoSizes(dash));
                Assert.Single(EncodingTestTools.Streams(dash, "audio"));
                Assert.InRange(EncodingTestTools.FormatDuration(dash), 10 - 0.2, 10 + 0.2);

                ByteRangeDash.AssertAddressesWholeFiles(output, expectedVideo: expected.Count, expectedDuration: 10);

                // Constant, aligned GOPs: every video rendition is cut into the same segments (4 + 4 + 2 s), so players switch cleanly.
                var segmentDurations = Enumerable.Range(0, expected.Count)
                    .Select(i => string.Join(",", File.ReadAllLines(Path.Combine(output, $"media_{i}.m3u8")).Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal))))
                    .ToList();
                Assert.Equal("#EXTINF:4.000000,,#EXTINF:4.000000,,#EXTINF:2.000000,", segmentDurations[0]);
                Assert.All(segmentDurations, d => Assert.Equal(segmentDurations[0], d));
            }
            finally
            {
                EncodingTestTools.DeleteDirectory(Path.GetDirectoryName(output)!);
            }
        }

        [Fact]
        public async Task Adaptive_Streaming_never_upscales_a_640x360_input()
        {
            var output = EncodingTestTools.NewOutputDirectory("adaptive360");
            try
            {
                var preset = PresetCatalog.GetBuiltIn(PresetCatalog.DefaultPresetName);
                var result = await new MediaEncoder().EncodeAsync(_media.Sd360, preset, output);

                var expected = LadderExpectations.ExpectedHeights(preset, 640, 360);
                Assert.Equal(new[] { 360, 270 }, expected);
                Assert.Equal(expected, result.Renditions.Select(r => r.Height));
                Assert.All(result.Renditions, r => Assert.True(r.Width <= 640 && r.Height <= 360, $"{r} is larger than the 640x360 input"));

                foreach (var manifest in new[] { "master.m3u8", "manifest.mpd" })
                {
                    var probe = await EncodingTestTools.FfprobeAsync("-show_format", "-show_streams", Path.Combine(output, manifest));
                    Assert.Equal(new[] { (640, 360), (480, 270) }, EncodingTestTools.VideoSizes(probe));
                    Assert.InRange(EncodingTestTools.FormatDuration(probe), 10 - 0.2, 10 + 0.2);
                }
            }
            finally
            {
                EncodingTestTools.DeleteDirectory(Path.GetDirectoryName(output)!);
            }
        }

        [Fact]
        public async Task CmafSegments_packaging_writes_one_file_per_segment_that_ffprobe_reads_completely_as_HLS_and_DASH()
        {
            var output = EncodingTestTools.NewOutputDirectory("segments");
            try
            {
                var preset = PresetCatalog.GetBuiltIn("Adaptive Streaming");
                preset.Packaging = EncodingPackaging.CmafSegments;
                var result = await new MediaEncoder().EncodeAsync(_media.Sd360, preset, output);

                Assert.Equal("master.m3u8", result.PrimaryFile);
                Assert.Contains("manifest.mpd", result.Files);
                // 2 video rungs + audio; 10 s in 4 s segments = 3 segments each, and an init segment each.
                Assert.Equal(3, result.Files.Count(f => f.StartsWith("init_", StringComparison.Ordinal)));
                Assert.Equal(9, result.Files.Count(f => f.StartsWith("chunk_", StringComparison.Ordinal) && f.EndsWith(".m4s", StringComparison.Ordinal)));

                foreach (var manifest in new[] { "master.m3u8", "manifest.mpd" })
                {
                    // Segment-per-file DASH is fully readable by ffprobe 5.1: every frame of every rendition.
                    var probe = await EncodingTestTools.FfprobeAsync("-count_packets", "-show_format", "-show_streams", Path.Combine(output, manifest));
                    Assert.Equal(new[] { (640, 360), (480, 270) }, EncodingTestTools.VideoSizes(probe));
                    Assert.InRange(EncodingTestTools.FormatDuration(probe), 10 - 0.2, 10 + 0.2);
                    Assert.All(EncodingTestTools.Streams(probe, "video"),
                        s => Assert.Equal(300, int.Parse(s.GetProperty("nb_read_packets").GetString()!, CultureInfo.InvariantCulture)));
                }
            }
            finally
            {
                EncodingTestTools.DeleteDirectory(Path.GetDirectoryName(output)!);
            }
        }

        [Fact]
        public async Task An_input_without_audio_encodes_with_no_audio_rendition()
        {
            var output = EncodingTestTools.NewOutputDirectory("silent");
            try
            {
                var result = await new MediaEncoder().EncodeAsync(_media.Sd360Silent, PresetCatalog.GetBuiltIn("Adaptive Streaming"), output);

                Assert.All(result.Renditions, r => Assert.Null(r.AudioBitrateKbps));
                // Two video renditions, no audio stream: media_0 and media_1 only.
                Assert.Equal(new[] { "manifest.mpd", "master.m3u8", "media_0.m3u8", "media_0.mp4", "media_1.m3u8", "media_1.mp4" }, result.Files);
                foreach (var manifest in new[] { "master.m3u8", "manifest.mpd" })
                {
                    var probe = await EncodingTestTools.FfprobeAsync("-show_format", "-show_streams", Path.Combine(output, manifest));
                    Assert.Empty(EncodingTestTools.Streams(probe, "audio"));
                    Assert.Equal(2, EncodingTestTools.VideoSizes(probe).Count);
                    Assert.InRange(EncodingTestTools.FormatDuration(probe), 8 - 0.2, 8 + 0.2);
                }
                Assert.DoesNotContain("AUDIO=", File.ReadAllText(Path.Combine(output, "master.m3u8")));
                ByteRangeDash.AssertAddressesWholeFiles(output, expectedVideo: 2, expectedDuration: 8);
            }
            finally
            {
                EncodingTestTools.DeleteDirectory(Path.GetDirectoryName(output)!);
            }
        }

        [Fact]
        public async Task Progress_is_reported_monotonic_and_ends_at_100()
        {
            var output = EncodingTestTools.NewOutputDirectory("progress");
            try
            {
                var reports = new List<EncodingProgress>();
                var progress = new SynchronousProgress<EncodingProgress>(reports.Add);
                await new MediaEncoder().EncodeAsync(_media.Sd360, PresetCatalog.GetBuiltIn("H264 Multiple Bitrate 720p"), output, progress);

                Assert.True(reports.Count >= 2, $"only {reports.Count} progress reports");
                Assert.All(reports, r => Assert.InRange(r.Percent, 0, 100));
                for (var i = 1; i < reports.Count; i++)
                {
                    Assert.True(reports[i].Percent > reports[i - 1].Percent, $"report {i} ({reports[i].Percent}) is not above report {i - 1} ({reports[i - 1].Percent})");
                }
                Assert.Equal(100, reports[reports.Count - 1].Percent);
                Assert.All(reports.Take(reports.Count - 1), r => Assert.True(r.Percent < 100));
                Assert.Contains(reports, r => r.Position > TimeSpan.Zero && r.Position <= TimeSpan.FromSeconds(10.2));
            }
            finally
            {
                EncodingTestTools.DeleteDirectory(Path.GetDirectoryName(output)!);
            }
        }

        /// <summary>
        /// ffmpeg 5.1's dash muxer with -single_file writes a SegmentList of byte ranges (Initialization range + SegmentURL
        /// mediaRange), not SegmentBase. ffprobe 5.1 reads such a manifest's header (streams, sizes, duration) when it has
        /// two or more segments, but its DASH demuxer cannot read the media: it takes startNumber="1" as an index into the
        /// SegmentURL list (so a one-segment manifest fails with "Cannot get fragment, missing template URL") and, asked for
        /// packets, reports "Invalid NAL unit size" after the first segment and then loops. The very same files read
        /// completely through the HLS byte-range playlists. So the DASH byte ranges are checked here directly: they must
        /// cover each file exactly, with every segment starting at a movie fragment, as DASH players (dash.js, Shaka)
        /// fetch them with HTTP Range requests.
        /// </summary>
        internal static class ByteRangeDash
        {
            public static void AssertAddressesWholeFiles(string directory, int expectedVideo, double expectedDuration)
            {
                var mpd = XDocument.Load(Path.Combine(directory, "manifest.mpd"));
                var representations = mpd.Descendants(Mpd + "Representation").ToList();
                Assert.Equal(expectedVideo, representations.Count(r => ((string?)r.Attribute("mimeType"))?.StartsWith("video/", StringComparison.Ordinal) == true));
                foreach (var representation in representations)
                {
                    var file = Path.Combine(directory, representation.Element(Mpd + "BaseURL")!.Value);
                    Assert.True(File.Exists(file), $"BaseURL {file} is missing");
                    var boxes = EncodingTestTools.TopLevelBoxes(file);
                    var list = representation.Element(Mpd + "SegmentList")!;
                    var timescale = double.Parse((string)list.Attribute("timescale")!, CultureInfo.InvariantCulture);
                    var duration = double.Parse((string)list.Attribute("duration")!, CultureInfo.InvariantCulture);

                    var init = Range((string)list.Element(Mpd + "Initialization")!.Attribute("range")!);
                    Assert.Equal(0, init.Start);
                    Assert.Contains(boxes, b => b.Type == "moov" && b.Offset + b.Size - 1 <= init.End);

                    var next = init.End + 1;
                    var segments = list.Elements(Mpd + "SegmentURL").Select(s => Range((string)s.Attribute("mediaRange")!)).ToList();
                    foreach (var segment in segments)
                    {
                        Assert.Equal(next, segment.Start);
                        var first = boxes.Single(b => b.Offset == segment.Start).Type;
                        Assert.Contains(first, new[] { "moof", "sidx", "styp" });
                        next = segment.End + 1;
                    }
                    Assert.Equal(new FileInfo(file).Length, next);
                    // Segments of the nominal duration cover the presentation.
                    Assert.Equal(Math.Ceiling(expectedDuration / (duration / timescale) - 0.05), segments.Count);
                }
            }

            private static (long Start, long End) Range(string range)
            {
                var parts = range.Split('-');
                return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
            }
        }
    }
}
