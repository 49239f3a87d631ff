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

        public static IEnumerable<object[]> Inputs() => new[]
        {
            // name, ffmpeg video filter after a testsrc2 of the given size, extra remux arguments, displayed aspect ratio
            new object[] { "scope 1920x816", 1920, 816, "format=yuv420p", "", 1920.0 / 816 },
            new object[] { "scope 1920x800", 1920, 800, "format=yuv420p", "", 1920.0 / 800 },
            new object[] { "852x478", 852, 478, "format=yuv420p", "", 852.0 / 478 },
            new object[] { "odd 853x479 yuv444p", 854, 480, "format=yuv444p,crop=853:479:0:0", "", 853.0 / 479 },
            new object[] { "anamorphic 1440x1080 SAR 4:3", 1440, 1080, "setsar=4/3,format=yuv420p", "", 16.0 / 9 },
            new object[] { "portrait stored landscape, rotate 90", 1280, 720, "format=yuv420p", "rotate=90", 720.0 / 1280 },
        };

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
            var clip = Path.Combine(directory, "input.mp4");
            await TestMedia.RunAsync(TestMedia.Ffmpeg, new[]
            {
                "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate=30:duration={Seconds}",
                "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={Seconds}",
                "-vf", filter, "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", clip,
            });
            if (rotate.Length == 0) return clip;

            // ffmpeg 5.1 has no -display_rotation; a remux with the rotate tag writes the display matrix.
            var rotated = Path.Combine(directory, "rotated.mp4");
            await TestMedia.RunAsync(TestMedia.Ffmpeg, new[]
            {
                "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", clip, "-c", "copy", "-metadata:s:v", rotate, rotated,
            });
            var probe = await EncodingTestTools.FfprobeAsync("-show_streams", rotated);
            Assert.Contains(EncodingTestTools.Streams(probe, "video"), v => Rotation(v) % 180 != 0);
            return rotated;
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
