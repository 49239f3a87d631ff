using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core.Encoding;
using MediaOps.Core.Models;
using MediaOps.Testing;
using MediaOps.Worker.Ffmpeg;
using MediaOps.Worker.Models;

namespace MediaOps.Bench
{
    /// <summary>
    /// The single-process ladder (MediaEncoder, 'Adaptive Streaming': the input decoded once and split into every
    /// rendition) against one ffmpeg process per rendition, each decoding the input itself, with the same renditions and
    /// codec settings: run one after another (as a naive script would), and all at once.
    /// </summary>
    internal static class EncodeBenchmark
    {
        public const string Name = "encode";
        private const string Preset = "Adaptive Streaming";

        public static async Task<BenchResult> RunAsync(BenchHost host, CancellationToken token)
        {
            var seconds = host.Quick ? 5 : 20;
            var rounds = host.Quick ? 1 : 3;
            var quick = host.Quick ? "QUICK SMOKE RUN, NOT THE REAL FIGURE: " : "";
            var directory = host.NewDirectory(Name);
            try
            {
                BenchHost.Log($"making a {seconds} s 1920x1080 30 fps mezzanine with TestMedia (testsrc2 + sine; x264 ultrafast, AAC)");
                var input = await TestMedia.CreateMezzanineAsync(Path.Combine(directory, "mezzanine-1080p.mp4"), seconds, 1920, 1080, 30, true, token).ConfigureAwait(false);
                var bench = await CompareAsync(host, directory, "testmedia", input, rounds,
                    quick + $"'{Preset}' ladder of a {seconds} s 1920x1080 30 fps TestMedia mezzanine (x264 ultrafast), wall time", token).ConfigureAwait(false);
                if (host.Quick) bench.Details.Add("QUICK: a shorter input and one round; the real figure needs the full run (no --quick).");
                File.Delete(input);

                // The same picture as a mezzanine-grade file: what decoding it once instead of once per rendition saves
                // depends on what decoding costs, and TestMedia's ultrafast file (no CABAC, no B-frames) is the cheapest
                // there is. Reported next to the verdict, never instead of it.
                BenchHost.Log($"making a {seconds} s 1920x1080 30 fps mezzanine-grade file (testsrc2 + sine; H.264 High 40 Mb/s, x264 fast, B-frames, 1 s GOP; AAC 192k)");
                var mezzanine = Path.Combine(directory, "mezzanine-40mbps.mp4");
                var s = seconds.ToString(CultureInfo.InvariantCulture);
                await ToolProcess.RunAsync(host, TestMedia.Ffmpeg, new[]
                {
                    "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", $"testsrc2=size=1920x1080:rate=30:duration={s}",
                    "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={s}",
                    "-c:v", "libx264", "-preset", "fast", "-profile:v", "high", "-pix_fmt", "yuv420p",
                    "-b:v", "40M", "-maxrate", "50M", "-bufsize", "80M", "-g", "30", "-bf", "2",
                    "-c:a", "aac", "-b:a", "192k", "-movflags", "+faststart", mezzanine,
                }, token).ConfigureAwait(false);
                var variant = await CompareAsync(host, directory, "mezzanine40", mezzanine, rounds,
                    quick + $"the same with a mezzanine-grade input ({seconds} s 1080p30 H.264 High 40 Mb/s, B-frames): informational", token).ConfigureAwait(false);
                variant.Name = Name + " (40 Mb/s input)";
                variant.Informational = true;
                if (host.Quick) variant.Details.Add("QUICK: a shorter input and one round; the real figure needs the full run (no --quick).");
                variant.Bar = "(same bar; informational: the verdict is the row above)";
                bench.Variants.Add(variant);
                return bench;
            }
            finally
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }

        private static async Task<BenchResult> CompareAsync(BenchHost host, string directory, string label, string input, int rounds, string what, CancellationToken token)
        {
            var preset = PresetCatalog.GetBuiltIn(Preset);
            var info = await new MediaEncoder().ProbeAsync(input, token).ConfigureAwait(false);

            // Ours. ffmpeg is reached through a one-line shell wrapper that records its arguments (for the report) and
            // execs the real ffmpeg: a few milliseconds in a run of many seconds.
            var argsFile = Path.Combine(directory, label + "-ours-ffmpeg-args");
            var wrapper = WriteWrapper(directory, label, argsFile);
            var oursOutput = Path.Combine(directory, label + "-ours");
            var naiveOutput = Path.Combine(directory, label + "-naive");
            Directory.CreateDirectory(naiveOutput);

            var ours = new List<TimeSpan>();
            var oursFfmpeg = new List<TimeSpan>();
            var sequential = new List<TimeSpan>();
            var parallel = new List<TimeSpan>();
            var perProcess = new List<List<TimeSpan>>();
            EncodingResult? result = null;
            NaiveLadder? ladder = null;

            async Task RunOursAsync(int round)
            {
                BenchHost.Log($"encode {label} round {round}: ours — MediaEncoder.EncodeAsync('{Preset}'), one ffmpeg process for the whole ladder");
                Reset(oursOutput);
                var watch = Stopwatch.StartNew();
                result = await new MediaEncoder(new MediaEncoderOptions { FfmpegPath = wrapper })
                    .EncodeAsync(input, preset, oursOutput, null, token).ConfigureAwait(false);
                watch.Stop();
                ours.Add(watch.Elapsed);
                oursFfmpeg.Add(result.FfmpegWallTime);
                BenchHost.Log($"  ours {Stats.Seconds(watch.Elapsed.TotalSeconds)}");
            }

            async Task RunNaiveAsync(int round)
            {
                BenchHost.Log($"encode {label} round {round}: naive — {ladder!.Commands.Count} ffmpeg processes (one per rendition), one after another");
                Reset(naiveOutput);
                var watch = Stopwatch.StartNew();
                var each = new List<TimeSpan>();
                foreach (var command in ladder.Commands)
                {
                    var (elapsed, _) = await ToolProcess.RunAsync(host, TestMedia.Ffmpeg, command.Args, token).ConfigureAwait(false);
                    each.Add(elapsed);
                }
                watch.Stop();
                sequential.Add(watch.Elapsed);
                perProcess.Add(each);
                BenchHost.Log($"  one after another {Stats.Seconds(watch.Elapsed.TotalSeconds)}");

                BenchHost.Log($"encode {label} round {round}: naive — the same {ladder.Commands.Count} processes all at once");
                Reset(naiveOutput);
                watch.Restart();
                await Task.WhenAll(ladder.Commands.Select(c => ToolProcess.RunAsync(host, TestMedia.Ffmpeg, c.Args, token))).ConfigureAwait(false);
                watch.Stop();
                parallel.Add(watch.Elapsed);
                BenchHost.Log($"  all at once {Stats.Seconds(watch.Elapsed.TotalSeconds)}");
            }

            // Rounds alternate which way goes first, so that neither always runs on a cooler (or busier) machine.
            // The naive ladder is built from our first result's renditions, so round 1 runs ours first.
            for (var round = 1; round <= rounds; round++)
            {
                if (round % 2 == 1)
                {
                    await RunOursAsync(round).ConfigureAwait(false);
                    ladder ??= NaiveLadder.From(preset, result!, info, input, naiveOutput);
                    await RunNaiveAsync(round).ConfigureAwait(false);
                }
                else
                {
                    await RunNaiveAsync(round).ConfigureAwait(false);
                    await RunOursAsync(round).ConfigureAwait(false);
                }
            }
            var oursArgs = File.Exists(argsFile) ? File.ReadAllText(argsFile).Split('\0', StringSplitOptions.RemoveEmptyEntries) : Array.Empty<string>();

            double Median(List<TimeSpan> values) => Stats.Median(values.Select(v => v.TotalSeconds).ToList());
            string All(List<TimeSpan> values) => string.Join(" / ", values.Select(v => Stats.Seconds(v.TotalSeconds)));
            var oursMedian = Median(ours);
            var sequentialMedian = Median(sequential);
            var parallelMedian = Median(parallel);
            var speedup = sequentialMedian / oursMedian;
            var speedupParallel = parallelMedian / oursMedian;
            var median = rounds > 1 ? $"median of {rounds}: " : "";
            var bench = new BenchResult
            {
                Name = Name,
                What = what,
                Ours = $"{median}{Stats.Seconds(oursMedian)} (ffmpeg {Stats.Seconds(Median(oursFfmpeg))})",
                Naive = $"{median}{Stats.Seconds(sequentialMedian)} one after another; {Stats.Seconds(parallelMedian)} all at once",
                Ratio = $"{Stats.F(speedup)}x faster than one after another; {Stats.F(speedupParallel)}x than all at once",
                Bar = ">= 1.25x faster than one after another",
                Pass = speedup >= 1.25,
            };
            bench.Details.Add($"every round: ours {All(ours)}; one after another {All(sequential)}; all at once {All(parallel)}");
            bench.Details.Add($"renditions: {result!.Renditions.Count} video (" + string.Join(", ", result.Renditions.Select(Describe)) + ")" +
                              (preset.Audio != null && info.HasAudio ? $" + 1 shared audio ({preset.Audio.BitrateKbps} kb/s AAC)" : "") + $"; input {info}");
            bench.Details.Add("ours spans the whole EncodeAsync call (probe of the input, the one ffmpeg process, manifests); naive spans the ffmpeg processes only.");
            bench.Details.Add("naive, one after another, per process (median): " + string.Join(", ", ladder!.Commands.Select((c, i) => $"{c.Label} {Stats.Seconds(Median(perProcess.Select(p => p[i]).ToList()))}")));
            bench.Details.Add("naive codec settings, read from the preset: " + ladder.SettingsSummary);
            bench.Details.Add("naive command (first rendition): ffmpeg " + string.Join(" ", ladder.Commands[0].Args.Select(Quote)));
            if (oursArgs.Length > 0) bench.Details.Add("ours, as run: ffmpeg " + string.Join(" ", oursArgs.Select(Quote)));
            return bench;
        }

        private static string Describe(Rendition r) => $"{r.Name} {r.Width}x{r.Height} {r.VideoBitrateKbps} kb/s";

        private static string WriteWrapper(string directory, string label, string argsFile)
        {
            if (OperatingSystem.IsWindows()) return TestMedia.Ffmpeg;
            var path = Path.Combine(directory, label + "-ffmpeg-recording-wrapper.sh");
            File.WriteAllText(path,
                "#!/bin/sh\n" +
                $"printf '%s\\0' \"$@\" > '{argsFile}'\n" +
                $"exec '{TestMedia.Ffmpeg.Replace("'", "'\\''", StringComparison.Ordinal)}' \"$@\"\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return path;
        }

        private static void Reset(string directory)
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            Directory.CreateDirectory(directory);
        }

        private static string Quote(string arg) =>
            arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_:./=+,[]".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
