using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MediaOps.Core.Encoding;
using MediaOps.Testing;
using MediaOps.Worker.Ffmpeg;
using Xunit;

namespace MediaOps.Worker.Tests.Ffmpeg
{
    [Collection(EncodingCollection.Name)]
    public sealed class ProgressiveAndFixedLadderTests
    {
        private readonly EncodingMediaFixture _media;

        public ProgressiveAndFixedLadderTests(EncodingMediaFixture media) => _media = media;

        [Fact]
        public async Task H264_Single_Bitrate_720p_writes_one_faststart_mp4_of_the_input_duration_even_where_paths_have_spaces_and_quotes()
        {
            var root = TestMedia.NewTempDirectory("single");
            try
            {
                // Paths with spaces, quotes, $ and % reach ffmpeg unchanged.
                var awkward = Path.Combine(root, "my \"best\" clip's $HOME %d");
                Directory.CreateDirectory(awkward);
                var input = Path.Combine(awkward, "Big Buck \"Bunny\".mp4");
                File.Copy(_media.Hd720, input);
                var output = Path.Combine(awkward, "out put");

                var result = await new MediaEncoder().EncodeAsync(input, PresetCatalog.GetBuiltIn("h264 single bitrate 720p"), output);

                var mp4 = Assert.Single(result.Files);
                Assert.Equal(mp4, result.PrimaryFile);
                Assert.Equal("Big_Buck__Bunny__720p.mp4", mp4);
                var rendition = Assert.Single(result.Renditions);
                Assert.Equal((1280, 720), (rendition.Width, rendition.Height));

                var boxes = EncodingTestTools.TopLevelBoxes(Path.Combine(output, mp4)).Select(b => b.Type).ToList();
                Assert.True(boxes.IndexOf("moov") >= 0 && boxes.IndexOf("moov") < boxes.IndexOf("mdat"), "moov must precede mdat (faststart): " + string.Join(",", boxes));

                var probe = await EncodingTestTools.FfprobeAsync("-show_format", "-show_streams", Path.Combine(output, mp4));
                Assert.Equal(new[] { (1280, 720) }, EncodingTestTools.VideoSizes(probe));
                Assert.Single(EncodingTestTools.Streams(probe, "audio"));
                Assert.InRange(EncodingTestTools.FormatDuration(probe), 10 - 0.2, 10 + 0.2);
            }
            finally
            {
                EncodingTestTools.DeleteDirectory(root);
            }
        }

        [Fact]
        public async Task H264_Multiple_Bitrate_720p_on_a_640x360_input_has_no_rung_above_360p()
        {
            var output = EncodingTestTools.NewOutputDirectory("mbr360");
            try
            {
                var preset = PresetCatalog.GetBuiltIn("H264 Multiple Bitrate 720p");
                Assert.Equal(new[] { 720, 540, 360 }, preset.Ladder.Select(r => r.Height));

                var result = await new MediaEncoder().EncodeAsync(_media.Sd360, preset, output);

                var rendition = Assert.Single(result.Renditions);
                Assert.Equal(("360p", 640, 360), (rendition.Name, rendition.Width, rendition.Height));
                var probe = await EncodingTestTools.FfprobeAsync("-show_format", "-show_streams", Path.Combine(output, result.PrimaryFile));
                Assert.Equal(new[] { (640, 360) }, EncodingTestTools.VideoSizes(probe));
                Assert.InRange(EncodingTestTools.FormatDuration(probe), 10 - 0.2, 10 + 0.2);
            }
            finally
            {
                EncodingTestTools.DeleteDirectory(Path.GetDirectoryName(output)!);
            }
        }
    }
}
