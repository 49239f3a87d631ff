using System;
using System.Collections.Generic;
using System.Linq;
using MediaOps.Core.Encoding;
using MediaOps.Testing;
using Xunit;

namespace MediaOps.Core.Tests.Encoding
{
    public sealed class LadderPlannerTests
    {
        [Theory]
        [InlineData(1920, 1080, "1920x1080,1280x720,960x540,640x360")]            // at most 4 rungs, the largest
        [InlineData(1280, 720, "1280x720,960x540,640x360,480x270")]
        [InlineData(1000, 600, "900x540,600x360,450x270")]                        // 5:3, rungs above 600 dropped
        [InlineData(640, 360, "640x360,480x270")]
        [InlineData(320, 180, "320x180")]                                       // smaller than every rung: its own size
        [InlineData(321, 181, "320x180")]                                       // ... made even
        [InlineData(720, 1280, "720x1280,540x960,360x640,270x480")]            // portrait: rungs on the short side
        [InlineData(1024, 576, "960x540,640x360,480x270")]                       // anamorphic PAL as displayed
        [InlineData(1920, 800, "1728x720,1296x540,864x360,648x270")]             // 2.4:1 scope
        [InlineData(1920, 816, "1696x720,1272x540,848x360,636x270")]             // 40:17 scope: all 106:45, 0.11% wider
        [InlineData(852, 478, "640x360,480x270")]                                // 16:9 is 0.26% narrower
        [InlineData(1080, 1920, "1080x1920,720x1280,540x960,360x640")]           // portrait phone video as displayed
        public void Adaptive_Streaming_ladder_follows_the_input_and_never_upscales(int width, int height, string expected)
        {
            var renditions = LadderPlanner.Plan(PresetCatalog.GetBuiltIn("Adaptive Streaming"), width, height, withAudio: true);

            Assert.Equal(expected, string.Join(",", renditions.Select(r => $"{r.Width}x{r.Height}")));
            Assert.All(renditions, r => Assert.True(r.Width <= width && r.Height <= height, $"{r} upscales {width}x{height}"));
            Assert.All(renditions, r => Assert.True(r.Width % 2 == 0 && r.Height % 2 == 0, $"{r} has odd dimensions"));
        }

        public static IEnumerable<object[]> AwkwardSizes()
        {
            var sizes = new List<(int, int)> { (1920, 816), (1920, 800), (852, 478), (853, 479), (1920, 1080), (1998, 1080), (2048, 858),
                (1440, 1080), (720, 576), (1080, 1920), (479, 853), (3840, 1606), (1280, 534), (999, 555), (1000, 1000), (1366, 768) };
            var random = new Random(9);
            while (sizes.Count < 200) sizes.Add((random.Next(280, 4096), random.Next(280, 2160)));
            return sizes.Select(s => new object[] { s.Item1, s.Item2 });
        }

        [Theory]
        [MemberData(nameof(AwkwardSizes))]
        public void Every_rung_has_exactly_one_aspect_ratio_within_0_8_percent_of_the_inputs(int width, int height)
        {
            var preset = PresetCatalog.GetBuiltIn("Adaptive Streaming");
            var renditions = LadderPlanner.Plan(preset, width, height, withAudio: true);

            var first = renditions[0];
            Assert.All(renditions, r => Assert.True((long)r.Width * first.Height == (long)first.Width * r.Height,
                $"{r.Width}x{r.Height} and {first.Width}x{first.Height} differ in aspect ratio"));
            var inputAspect = (double)width / height;
            Assert.All(renditions, r => Assert.InRange((double)r.Width / r.Height, inputAspect * (1 - 0.008), inputAspect * (1 + 0.008)));
            Assert.All(renditions, r => Assert.True(r.Width % 2 == 0 && r.Height % 2 == 0, $"{r} has odd dimensions"));
            Assert.All(renditions, r => Assert.True(r.Width <= width && r.Height <= height, $"{r} upscales {width}x{height}"));
            Assert.Equal(renditions.Count, renditions.Select(r => (r.Width, r.Height)).Distinct().Count());

            // Each rung stays near the short side it is named after (near-square inputs need the most room: 10%).
            var wanted = LadderExpectations.ExpectedHeights(preset, width, height);
            Assert.All(renditions, r => Assert.Contains(r.Name, wanted.Select(h => h + "p")));
            Assert.All(renditions, r => Assert.InRange(Math.Min(r.Width, r.Height), int.Parse(r.Name.TrimEnd('p')) * 0.9, int.Parse(r.Name.TrimEnd('p')) * 1.1));
        }

        [Theory]
        [InlineData(1920, 1080, "720p:1280x720,540p:960x540,360p:640x360")]
        [InlineData(1280, 720, "720p:1280x720,540p:960x540,360p:640x360")]
        [InlineData(640, 360, "360p:640x360")]
        [InlineData(426, 240, "240p:426x240")]
        public void H264_Multiple_Bitrate_720p_drops_rungs_above_the_input_and_keeps_at_least_one(int width, int height, string expected)
        {
            var renditions = LadderPlanner.Plan(PresetCatalog.GetBuiltIn("H264 Multiple Bitrate 720p"), width, height, withAudio: false);

            Assert.Equal(expected, string.Join(",", renditions.Select(r => $"{r.Name}:{r.Width}x{r.Height}")));
            Assert.All(renditions, r => Assert.Null(r.AudioBitrateKbps));
        }

        [Fact]
        public void A_rung_at_the_inputs_own_size_gets_the_smallest_rungs_bitrate_scaled_by_area()
        {
            var single = Assert.Single(LadderPlanner.Plan(PresetCatalog.GetBuiltIn("H264 Single Bitrate 720p"), 640, 360, withAudio: true));

            Assert.Equal((640, 360), (single.Width, single.Height));
            Assert.Equal(4500 / 4, single.VideoBitrateKbps);
            Assert.Equal(128, single.AudioBitrateKbps);
        }
    }
}
