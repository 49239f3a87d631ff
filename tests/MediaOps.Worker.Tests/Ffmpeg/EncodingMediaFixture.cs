using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core.Models;
using MediaOps.Testing;
using MediaOps.Worker.Ffmpeg;
using Xunit;

namespace MediaOps.Worker.Tests.Ffmpeg
{
    /// <summary>Real mezzanines made once with ffmpeg's test sources and shared by the encoding tests.</summary>
    public sealed class EncodingMediaFixture : IAsyncLifetime
    {
        public string Directory { get; private set; } = string.Empty;

        /// <summary>10 s, 1280x720, 30 fps, H.264 + AAC.</summary>
        public string Hd720 { get; private set; } = string.Empty;

        /// <summary>10 s, 640x360, 30 fps, H.264 + AAC.</summary>
        public string Sd360 { get; private set; } = string.Empty;

        /// <summary>8 s (two 4 s segments), 640x360, 30 fps, H.264 only.</summary>
        public string Sd360Silent { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            Directory = TestMedia.NewTempDirectory("encoding-media");
            var hd = TestMedia.CreateMezzanineAsync(Path.Combine(Directory, "hd720.mp4"), seconds: 10, width: 1280, height: 720);
            var sd = TestMedia.CreateMezzanineAsync(Path.Combine(Directory, "sd360.mp4"), seconds: 10, width: 640, height: 360);
            var silent = TestMedia.CreateMezzanineAsync(Path.Combine(Directory, "silent.mp4"), seconds: 8, width: 640, height: 360, withAudio: false);
            Hd720 = await hd;
            Sd360 = await sd;
            Sd360Silent = await silent;
        }

        public Task DisposeAsync()
        {
            EncodingTestTools.DeleteDirectory(Directory);
            return Task.CompletedTask;
        }
    }

    [CollectionDefinition(Name)]
    public sealed class EncodingCollection : ICollectionFixture<EncodingMediaFixture>
    {
        // One collection: encodes run one after another rather than fighting over 2 cores.
        public const string Name = "Encoding media";
    }

    internal static class EncodingTestTools
    {
        public static readonly TimeSpan DurationTolerance = TimeSpan.FromSeconds(0.2);

        /// <summary>Runs ffprobe (killed after 60 s, so a demuxer that loops cannot hang the run) and parses its JSON.</summary>
        public static async Task<JsonElement> FfprobeAsync(params string[] args)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var all = new List<string> { "-v", "error", "-print_format", "json" };
            all.AddRange(args);
            var run = await ToolProcess.RunAsync("ffprobe", all, captureOutput: true, null, null, timeout.Token);
            Assert.True(run.ExitCode == 0, $"ffprobe {string.Join(" ", args)} failed: {string.Join("\n", run.ErrorTail)}");
            using var document = JsonDocument.Parse(run.StandardOutput);
            return document.RootElement.Clone();
        }

        public static double FormatDuration(JsonElement probe) =>
            double.Parse(probe.GetProperty("format").GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        public static IReadOnlyList<JsonElement> Streams(JsonElement probe, string type) =>
            probe.GetProperty("streams").EnumerateArray().Where(s => s.GetProperty("codec_type").GetString() == type).ToList();

        /// <summary>Video sizes as (width, height), largest first, distinct (HLS lists a stream once per variant).</summary>
        public static IReadOnlyList<(int Width, int Height)> VideoSizes(JsonElement probe) =>
            Streams(probe, "video")
                .Select(s => (s.GetProperty("width").GetInt32(), s.GetProperty("height").GetInt32()))
                .Distinct()
                .OrderByDescending(s => s.Item2)
                .ToList();

        /// <summary>The rule the presets state: rungs not above the input's short side, largest first, at most maxRenditions.</summary>
        public static string NewOutputDirectory(string label) => Path.Combine(TestMedia.NewTempDirectory(label), "out");

        public static void DeleteDirectory(string directory)
        {
            try
            {
                if (System.IO.Directory.Exists(directory)) System.IO.Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        /// <summary>Top-level ISO BMFF boxes of a file: (type, offset, size).</summary>
        public static IReadOnlyList<(string Type, long Offset, long Size)> TopLevelBoxes(string file)
        {
            var boxes = new List<(string, long, long)>();
            using var stream = File.OpenRead(file);
            var header = new byte[16];
            long offset = 0;
            while (offset + 8 <= stream.Length)
            {
                stream.Position = offset;
                stream.ReadExactly(header, 0, 8);
                long size = (uint)(header[0] << 24 | header[1] << 16 | header[2] << 8 | header[3]);
                var type = System.Text.Encoding.ASCII.GetString(header, 4, 4);
                if (size == 1)
                {
                    stream.ReadExactly(header, 8, 8);
                    size = 0;
                    for (var i = 8; i < 16; i++) size = size << 8 | header[i];
                }
                else if (size == 0)
                {
                    size = stream.Length - offset;
                }
                boxes.Add((type, offset, size));
                if (size < 8) break;
                offset += size;
            }
            return boxes;
        }
    }
}
