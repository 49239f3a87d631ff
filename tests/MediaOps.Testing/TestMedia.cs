using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MediaOps.Testing
{
    /// <summary>Makes real media files with ffmpeg's test sources, for tests, the demo and benchmarks.</summary>
    public static class TestMedia
    {
        public static string Ffmpeg => Environment.GetEnvironmentVariable("MEDIAOPS_FFMPEG") is { Length: > 0 } path ? path : "ffmpeg";

        /// <summary>An H.264/AAC MP4 of a moving test pattern with a tone.</summary>
        public static async Task<string> CreateMezzanineAsync(
            string path, double seconds = 10, int width = 1280, int height = 720, int frameRate = 30, bool withAudio = true,
            CancellationToken cancellationToken = default)
        {
            var args = new System.Collections.Generic.List<string>
            {
                "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate={frameRate}:duration={seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            };
            if (withAudio)
            {
                args.AddRange(new[] { "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}" });
            }
            args.AddRange(new[] { "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", (frameRate * 2).ToString() });
            if (withAudio) args.AddRange(new[] { "-c:a", "aac", "-b:a", "128k" });
            args.AddRange(new[] { "-movflags", "+faststart", path });
            await RunAsync(Ffmpeg, args, cancellationToken);
            return path;
        }

        /// <summary>
        /// A clip of an awkward shape: a testsrc2 of <paramref name="width"/>x<paramref name="height"/> through the ffmpeg video
        /// filter <paramref name="filter"/> (e.g. <c>setsar=4/3</c>), with a tone; a <paramref name="rotateTag"/> such as
        /// <c>rotate=90</c> is written as the display matrix by a remux (ffmpeg 5.1 has no -display_rotation).
        /// </summary>
        public static async Task<string> CreateShapedClipAsync(
            string directory, int width, int height, string filter, string rotateTag, int seconds, CancellationToken cancellationToken = default)
        {
            var clip = Path.Combine(directory, "input.mp4");
            await RunAsync(Ffmpeg, new[]
            {
                "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate=30:duration={seconds}",
                "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={seconds}",
                "-vf", filter, "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", clip,
            }, cancellationToken);
            if (rotateTag.Length == 0) return clip;

            var rotated = Path.Combine(directory, "rotated.mp4");
            await RunAsync(Ffmpeg, new[]
            {
                "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", clip, "-c", "copy", "-metadata:s:v", rotateTag, rotated,
            }, cancellationToken);
            return rotated;
        }

        /// <summary>
        /// Runs a tool to completion and returns its standard output; throws with the tail of its error output when it
        /// fails. Cancelling kills the tool and its children. <paramref name="onStarted"/> sees the process once it runs.
        /// </summary>
        public static async Task<string> RunAsync(
            string fileName, System.Collections.Generic.IEnumerable<string> args, CancellationToken cancellationToken = default,
            Action<Process>? onStarted = null)
        {
            var start = new ProcessStartInfo(fileName)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in args) start.ArgumentList.Add(arg);
            using var process = Process.Start(start) ?? throw new InvalidOperationException(fileName + " did not start.");
            onStarted?.Invoke(process);
            try
            {
                var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
                await process.WaitForExitAsync(cancellationToken);
                if (process.ExitCode != 0)
                {
                    var tail = string.Join("\n", (await stderr).Split('\n').TakeLast(15));
                    throw new InvalidOperationException($"{Path.GetFileName(fileName)} exited with {process.ExitCode}:\n{tail}");
                }
                return await stdout;
            }
            finally
            {
                Kill(process);
            }
        }

        private static void Kill(Process process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
            }
        }

        /// <summary>
        /// What ffprobe reads from a media file or manifest: its streams and duration. Killed after
        /// <paramref name="timeout"/> (default one minute), since ffmpeg 5.1 can hang on some byte-range DASH reads.
        /// </summary>
        public static async Task<ProbeResult> ProbeAsync(string path, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout ?? TimeSpan.FromMinutes(1));
            var json = await RunAsync("ffprobe", new[] { "-v", "error", "-print_format", "json", "-show_format", "-show_streams", path }, deadline.Token);
            using var document = System.Text.Json.JsonDocument.Parse(json);
            var streams = document.RootElement.GetProperty("streams").EnumerateArray().Select(s => new ProbeStream(
                s.GetProperty("codec_type").GetString() ?? "",
                s.TryGetProperty("height", out var h) ? h.GetInt32() : 0)).ToList();
            var duration = double.Parse(document.RootElement.GetProperty("format").GetProperty("duration").GetString()!,
                System.Globalization.CultureInfo.InvariantCulture);
            return new ProbeResult(streams, duration);
        }

        public static string NewTempDirectory(string label)
        {
            var dir = Path.Combine(Path.GetTempPath(), "mediaops-" + label + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public sealed record ProbeStream(string CodecType, int Height);

    /// <summary>Streams and duration (seconds) as ffprobe reported them.</summary>
    public sealed record ProbeResult(System.Collections.Generic.IReadOnlyList<ProbeStream> Streams, double Duration)
    {
        /// <summary>Heights of the distinct video renditions, largest first.</summary>
        public IReadOnlyList<int> VideoHeights =>
            Streams.Where(s => s.CodecType == "video").Select(s => s.Height).Distinct().OrderByDescending(h => h).ToList();
    }
}
