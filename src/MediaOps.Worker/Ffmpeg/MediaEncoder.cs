using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core;
using MediaOps.Core.Encoding;
using MediaOps.Core.Models;
using MediaOps.Worker.Models;

namespace MediaOps.Worker.Ffmpeg
{
    public sealed class MediaEncoderOptions
    {
        public string FfmpegPath { get; set; } = "ffmpeg";

        public string FfprobePath { get; set; } = "ffprobe";

        /// <summary>ffmpeg's <c>-threads</c>; null lets ffmpeg choose (all cores).</summary>
        public int? Threads { get; set; }
    }

    /// <summary>
    /// Encodes a file with a preset using one ffmpeg process per job: the input is decoded once and split into the ladder.
    /// Probes with ffprobe first. Cancellation kills ffmpeg, waits for it to exit and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public sealed class MediaEncoder
    {
        internal static readonly TimeSpan ProbeTimeout = TimeSpan.FromMinutes(2);
        internal static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
        private const int MessageTailLines = 8;

        private readonly MediaEncoderOptions _options;

        public MediaEncoder(MediaEncoderOptions? options = null)
        {
            var given = options ?? new MediaEncoderOptions();
            if (given.Threads is int threads && (threads < 1 || threads > 256))
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument, $"Threads is {threads}; use 1 to 256, or leave it unset to use all cores.");
            }
            _options = new MediaEncoderOptions
            {
                FfmpegPath = string.IsNullOrWhiteSpace(given.FfmpegPath) ? "ffmpeg" : given.FfmpegPath,
                FfprobePath = string.IsNullOrWhiteSpace(given.FfprobePath) ? "ffprobe" : given.FfprobePath,
                Threads = given.Threads,
            };
        }

        /// <summary>Called with the process id of each ffmpeg this encoder starts (tests check it is gone after cancellation).</summary>
        internal Action<int>? FfmpegStarted { get; set; }

        /// <summary>The arguments of the last ffmpeg run (for diagnostics and tests).</summary>
        internal IReadOnlyList<string>? LastArguments { get; private set; }

        public async Task<EncodingResult> EncodeAsync(string inputFile, EncodingPreset preset, string outputDirectory,
            IProgress<EncodingProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (preset is null) throw new MediaOpsException(MediaErrorKind.InvalidArgument, "No preset was given.");
            if (string.IsNullOrWhiteSpace(outputDirectory))
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument, "No output directory was given.");
            }
            PresetJson.Validate(preset, "preset '" + preset.Name + "'");

            var input = await ProbeAsync(inputFile, cancellationToken).ConfigureAwait(false);
            var inputPath = Path.GetFullPath(inputFile);
            if (!input.HasVideo)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"'{inputPath}' has no video stream (ffprobe found format {input.FormatName}{(input.HasAudio ? ", audio only" : string.Empty)}). " +
                    "The presets encode video; give a video file.",
                    inputPath);
            }

            var outputPath = Path.GetFullPath(outputDirectory);
            try
            {
                Directory.CreateDirectory(outputPath);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"The output directory '{outputPath}' cannot be created: {ex.Message}", outputPath, ex);
            }
            var before = Snapshot(outputPath);

            var command = FfmpegCommand.Build(preset, input, inputPath, outputPath, _options.Threads);
            LastArguments = command.Arguments;

            var parser = new FfmpegProgressParser(input.Duration);
            var sinceReport = Stopwatch.StartNew();
            var reported = -1.0;
            void OnLine(string line)
            {
                var snapshot = parser.OnLine(line);
                if (snapshot is null || progress is null) return;
                // Monotonic, below 100 until ffmpeg has succeeded, and at most a few reports per second.
                var percent = Math.Min(99.9, snapshot.Percent);
                if (percent <= reported) return;
                if (reported >= 0 && sinceReport.Elapsed < ProgressInterval) return;
                reported = percent;
                sinceReport.Restart();
                progress.Report(new EncodingProgress(percent, snapshot.Position, snapshot.Speed));
            }

            var run = await ToolProcess.RunAsync(_options.FfmpegPath, command.Arguments, captureOutput: false, OnLine, FfmpegStarted, cancellationToken)
                .ConfigureAwait(false);
            if (run.ExitCode != 0)
            {
                throw new MediaOpsException(MediaErrorKind.OperationFailed,
                    $"ffmpeg failed with exit code {run.ExitCode}: {ToolProcess.Summarize(run.ErrorTail)}", inputPath);
            }
            if (!File.Exists(Path.Combine(outputPath, command.PrimaryFile)))
            {
                throw new MediaOpsException(MediaErrorKind.OperationFailed,
                    $"ffmpeg exited successfully but did not write '{command.PrimaryFile}' in '{outputPath}'. {ToolProcess.Summarize(run.ErrorTail)}",
                    inputPath);
            }

            progress?.Report(new EncodingProgress(100, input.Duration, null));
            var files = WrittenFiles(outputPath, before);
            return new EncodingResult(files, command.PrimaryFile, command.Renditions, input.Duration, run.WallTime);
        }

        /// <summary>
        /// Checks that ffmpeg and ffprobe start, so that a worker without them fails when it starts instead of
        /// failing every job it takes.
        /// </summary>
        public async Task VerifyToolsAsync(CancellationToken cancellationToken = default)
        {
            foreach (var tool in new[] { _options.FfmpegPath, _options.FfprobePath })
            {
                var run = await ToolProcess.RunAsync(tool, new[] { "-hide_banner", "-version" }, captureOutput: true, null, null, cancellationToken)
                    .ConfigureAwait(false);
                if (run.ExitCode != 0)
                {
                    throw new MediaOpsException(MediaErrorKind.OperationFailed,
                        $"'{tool} -version' exited with code {run.ExitCode}: {ToolProcess.Summarize(run.ErrorTail)}. Reinstall ffmpeg.", tool);
                }
            }
        }

        public async Task<MediaInfo> ProbeAsync(string file, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(file)) throw new MediaOpsException(MediaErrorKind.InvalidArgument, "No input file was given.");
            var path = Path.GetFullPath(file);
            if (Directory.Exists(path))
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument, $"'{path}' is a directory, not a media file.", path);
            }
            if (!File.Exists(path))
            {
                throw new MediaOpsException(MediaErrorKind.NotFound, $"The input file '{path}' does not exist.", path);
            }
            if (new FileInfo(path).Length == 0)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"The input file '{path}' is empty (0 bytes), so it holds no media. Check that the upload or copy of the file completed, and give the complete file.",
                    path);
            }

            var args = new[] { "-v", "error", "-print_format", "json", "-show_format", "-show_streams", FfmpegCommand.FileUrl(path) };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            ToolRunResult run;
            try
            {
                run = await ToolProcess.RunAsync(_options.FfprobePath, args, captureOutput: true, null, null, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new MediaOpsException(MediaErrorKind.Timeout,
                    $"ffprobe did not finish reading '{path}' within {ProbeTimeout.TotalSeconds:0} s; the file may be damaged.", path);
            }
            if (run.ExitCode != 0)
            {
                throw new MediaOpsException(MediaErrorKind.OperationFailed,
                    $"'{path}' is not a media file ffprobe can read (exit code {run.ExitCode}): {ToolProcess.Summarize(run.ErrorTail, MessageTailLines)}",
                    path);
            }
            try
            {
                return ProbeParser.Parse(run.StandardOutput);
            }
            catch (JsonException ex)
            {
                throw new MediaOpsException(MediaErrorKind.OperationFailed,
                    $"ffprobe's output for '{path}' could not be read: {ex.Message}", path, ex);
            }
        }

        private static Dictionary<string, (long Length, DateTime Written)> Snapshot(string directory) =>
            Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .ToDictionary(f => f, f => { var info = new FileInfo(f); return (info.Length, info.LastWriteTimeUtc); }, StringComparer.Ordinal);

        /// <summary>The files this run created or changed, relative with '/' separators; leftovers of other runs are not included.</summary>
        private static IReadOnlyList<string> WrittenFiles(string directory, Dictionary<string, (long Length, DateTime Written)> before)
        {
            var prefix = directory.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? directory : directory + Path.DirectorySeparatorChar;
            var result = new List<string>();
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            {
                if (file.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase)) continue;
                var info = new FileInfo(file);
                if (before.TryGetValue(file, out var old) && old.Length == info.Length && old.Written == info.LastWriteTimeUtc) continue;
                result.Add(file.Substring(prefix.Length).Replace(Path.DirectorySeparatorChar, '/'));
            }
            result.Sort(StringComparer.Ordinal);
            return result;
        }
    }
}
