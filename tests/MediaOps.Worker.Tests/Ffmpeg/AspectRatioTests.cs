using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using MediaOps.Core.Encoding;
using MediaOps.Worker.Ffmpeg;
using MediaOps.Testing;
using Xunit;

namespace MediaOps.Worker.Tests.Ffmpeg
{
    /// <summary>
    /// Awkward real-world shapes through the whole Adaptive Streaming encode: the DASH muxer accepts the ladder only when
    /// every rung has the same display aspect ratio, and players show each rung as the input looked.
    /// </summary>
    [Collection(EncodingCollection.Name)]
    public sealed class AspectRatioTests
    {
        // Two segments (4 s + 2 s): ffprobe 5.1 cannot read a byte-range DASH manifest of one segment, and hangs on some of 4 s + 1 s.
        private const int Seconds = 6;

        public static IEnumerable<object[]> Inputs() => AwkwardShapes.TheoryRows();

        [Theory]
        [MemberData(nameof(Inputs))]
        public async Task Every_rendition_keeps_the_inputs_display_aspect_ratio_and_both_manifests_read(
            string name, int width, int height, string filter, string rotate, double displayAspect)
        {
            var directory = TestMedia.NewTempDirectory("aspect");
            try
            {
                var input = await CreateClipAsync(directory, width, height, filter, rotate);
                var output = Path.Combine(directory, "out");

                var result = await new MediaEncoder().EncodeAsync(input, PresetCatalog.GetBuiltIn("Adaptive Streaming"), output);

                Assert.True(result.Renditions.Count >= 2, $"{name}: only {result.Renditions.Count} rendition(s), nothing to compare");
                foreach (var manifest in new[] { "master.m3u8", "manifest.mpd" })
                {
                    var probe = await EncodingTestTools.FfprobeAsync("-show_format", "-show_streams", Path.Combine(output, manifest));
                    var videos = EncodingTestTools.Streams(probe, "video");
                    Assert.Equal(result.Renditions.Count, videos.Select(v => (Int(v, "width"), Int(v, "height"))).Distinct().Count());
                    Assert.All(videos, v => Assert.True(Math.Abs(DisplayAspect(v) / displayAspect - 1) <= 0.01,
                        $"{name}: {manifest} has a {Int(v, "width")}x{Int(v, "height")} rendition shown at {DisplayAspect(v):0.####}, input {displayAspect:0.####}"));
                    Assert.InRange(EncodingTestTools.FormatDuration(probe), Seconds - 0.2, Seconds + 0.2);
                }
            }
            finally
            {
                EncodingTestTools.DeleteDirectory(directory);
            }
        }

        private static async Task<string> CreateClipAsync(string directory, int width, int height, string filter, string rotate)
        {
            var clip = await TestMedia.CreateShapedClipAsync(directory, width, height, filter, rotate, Seconds);
            if (rotate.Length == 0) return clip;
            var probe = await EncodingTestTools.FfprobeAsync("-show_streams", clip);
            Assert.Contains(EncodingTestTools.Streams(probe, "video"), v => Rotation(v) % 180 != 0);
            return clip;
        }

        /// <summary>Width over height as a player shows the stream: pixel aspect and rotation applied.</summary>
        private static double DisplayAspect(JsonElement stream)
        {
            var sar = stream.TryGetProperty("sample_aspect_ratio", out var s) ? s.GetString()!.Split(':') : new[] { "1", "1" };
            var pixel = double.Parse(sar[0], CultureInfo.InvariantCulture) / double.Parse(sar[1], CultureInfo.InvariantCulture);
            if (pixel <= 0) pixel = 1;
            var aspect = Int(stream, "width") * pixel / Int(stream, "height");
            return Rotation(stream) % 180 != 0 ? 1 / aspect : aspect;
        }

        private static int Rotation(JsonElement stream)
        {
            if (!stream.TryGetProperty("side_data_list", out var list)) return 0;
            foreach (var item in list.EnumerateArray())
            {
                if (item.TryGetProperty("rotation", out var r)) return Math.Abs((int)Math.Round(r.GetDouble()));
            }
            return 0;
        }

        private static int Int(JsonElement element, string name) => element.GetProperty(name).GetInt32();
    }
}
