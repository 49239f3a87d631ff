using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure.Storage.Blobs;
using MediaOps.Core;
using MediaOps.Core.Encoding;
using MediaOps.Core.Jobs;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;
using MediaOps.Worker;
using MediaOps.Worker.Ffmpeg;
using MediaOps.Worker.Models;
using Microsoft.Extensions.Logging.Testing;

namespace MediaOps.Bench
{
    /// <summary>
    /// Worker overhead: (job wall time - ffmpeg wall time) / ffmpeg wall time for a 30 s 1080p Adaptive Streaming job
    /// through a real (in-process) MediaWorker over Azurite, against a naive script that does the same storage and
    /// encoding steps with no job machinery: download the blob, encode, upload the files one by one.
    /// </summary>
    internal static class OverheadBenchmark
    {
        public const string Name = "overhead";
        private const string Preset = "Adaptive Streaming";

        public static async Task<BenchResult> RunAsync(BenchHost host, CancellationToken token)
        {
            var seconds = host.Quick ? 6 : 30;
            var what = (host.Quick ? "QUICK SMOKE RUN, NOT THE REAL FIGURE: " : "") +
                       $"(job wall - ffmpeg wall) / ffmpeg wall, {seconds} s 1920x1080 30 fps mezzanine, '{Preset}', in-process MediaWorker over Azurite";
            using var lab = await Lab.StartAsync(host, Name, token).ConfigureAwait(false);
            var context = lab.Dca();
            var mezzanine = await lab.MezzanineAsync("mezzanine-1080p.mp4", seconds, 1920, 1080, 30, token).ConfigureAwait(false);
            var endpoint = await new NotificationEndpointClient(context).CreateAsync("bench-overhead-" + Guid.NewGuid().ToString("N").Substring(0, 8), cancellationToken: token)
                .ConfigureAwait(false);
            var jobClient = new MediaJobClient(context);

            // --- ours: a real worker takes the job from the queue and runs it end to end.
            var log = new FakeLogger<MediaWorker>();
            var worker = new MediaWorker(context, new MediaWorkerOptions { WorkDirectory = Path.Combine(lab.Directory, "work") }, log);
            BenchHost.Log($"overhead: ours — submitting the job (upload not timed) and running it with an in-process MediaWorker");
            var job = await jobClient.SubmitAsync(new MediaJobSubmission { InputFiles = new[] { mezzanine }, Preset = Preset, NotificationEndpoints = new[] { endpoint } },
                null, token).ConfigureAwait(false);
            var submitted = Stopwatch.StartNew();
            using var stopWorker = CancellationTokenSource.CreateLinkedTokenSource(token);
            var running = Task.Run(() => worker.RunAsync(stopWorker.Token));
            MediaJob done;
            FakeLogRecord finished;
            TimeSpan submitToWait;
            try
            {
                done = (await new JobNotificationWaiter(context).WaitAsync(new[] { job.Id }, endpoint.QueueName, TimeSpan.FromMinutes(30), null, token).ConfigureAwait(false)).Single();
                submitToWait = submitted.Elapsed;
                if (done.State != JobState.Finished) throw new InvalidOperationException($"the job ended {done.State}: {done.ErrorMessage}");
                finished = await BenchLog.WaitForAsync(log, WorkerLog.JobFinishedId, TimeSpan.FromSeconds(30), token).ConfigureAwait(false);
            }
            finally
            {
                stopWorker.Cancel();
                try
                {
                    await running.ConfigureAwait(false);
                }
                catch (Exception)
                {
                }
            }
            var totalMs = Number(finished, "totalMs");
            var ffmpegMs = Number(finished, "ffmpegMs");
            var downloadMs = Number(finished, "downloadMs");
            var uploadMs = Number(finished, "uploadMs");
            var files = Number(finished, "files");
            var ours = (totalMs - ffmpegMs) / ffmpegMs;

            // --- naive: the same steps as a plain script would do them, with the same encoder call.
            BenchHost.Log("overhead: naive — download the input blob, encode (same MediaEncoder call), upload the files one at a time");
            var naiveDirectory = Path.Combine(lab.Directory, "naive");
            Directory.CreateDirectory(naiveDirectory);
            var blobs = context.BlobService;
            var inputContainer = blobs.GetBlobContainerClient(MediaIds.AssetContainerName(done.InputAssetId));
            var inputName = Path.GetFileName(mezzanine);
            var outputContainer = blobs.GetBlobContainerClient("naive-" + Guid.NewGuid().ToString("N"));
            await outputContainer.CreateAsync(cancellationToken: token).ConfigureAwait(false);

            var script = Stopwatch.StartNew();
            var local = Path.Combine(naiveDirectory, inputName);
            var naiveDownload = Stopwatch.StartNew();
            await inputContainer.GetBlobClient(inputName).DownloadToAsync(local, token).ConfigureAwait(false);
            naiveDownload.Stop();
            var output = Path.Combine(naiveDirectory, "output");
            var encoded = await new MediaEncoder(new MediaEncoderOptions()).EncodeAsync(local, PresetCatalog.GetBuiltIn(Preset), output, null, token).ConfigureAwait(false);
            var naiveUpload = Stopwatch.StartNew();
            foreach (var file in Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories))
            {
                var name = Path.GetRelativePath(output, file).Replace(Path.DirectorySeparatorChar, '/');
                await outputContainer.GetBlobClient(name).UploadAsync(file, overwrite: true, cancellationToken: token).ConfigureAwait(false);
            }
            naiveUpload.Stop();
            script.Stop();
            var naiveFfmpegMs = encoded.FfmpegWallTime.TotalMilliseconds;
            var naive = (script.Elapsed.TotalMilliseconds - naiveFfmpegMs) / naiveFfmpegMs;

            var other = totalMs - ffmpegMs - downloadMs - uploadMs;
            var result = new BenchResult
            {
                Name = Name,
                What = what,
                Ours = $"{Pct(ours)} ({Stats.Seconds(totalMs / 1000)} job, {Stats.Seconds(ffmpegMs / 1000)} ffmpeg)",
                Naive = $"{Pct(naive)} ({Stats.Seconds(script.Elapsed.TotalSeconds)} script, {Stats.Seconds(naiveFfmpegMs / 1000)} ffmpeg)",
                Ratio = $"{Stats.F((totalMs - ffmpegMs) / Math.Max(1, script.Elapsed.TotalMilliseconds - naiveFfmpegMs), "0.00")}x the script's non-ffmpeg time",
                Bar = "<= 10%",
                Pass = ours <= 0.10,
            };
            if (host.Quick) result.Details.Add("QUICK: a shorter input; the real figure needs the full run (no --quick).");
            result.Details.Add("job wall time = the worker's JobFinished totalMs: from the start of the job's encode step (the job already Processing: after the");
            result.Details.Add("  receive and the Scheduled/Processing writes and notifications) through input lookup + download, preset parse, the encoder");
            result.Details.Add("  (ffprobe, ffmpeg, manifests), output upload and asset registration, the Finished write + its notification, to the work message delete.");
            result.Details.Add("ffmpeg wall time = the worker's ffmpegMs = EncodingResult.FfmpegWallTime (the one ffmpeg process, start to exit).");
            result.Details.Add($"ours breakdown: download {Stats.Ms(downloadMs)}, ffmpeg {Stats.Ms(ffmpegMs)}, upload {Stats.Ms(uploadMs)} ({files:0} files), everything else {Stats.Ms(other)}");
            result.Details.Add($"naive breakdown: download {Stats.Ms(naiveDownload.Elapsed.TotalMilliseconds)}, encoder call {Stats.Ms(script.Elapsed.TotalMilliseconds - naiveDownload.Elapsed.TotalMilliseconds - naiveUpload.Elapsed.TotalMilliseconds)} " +
                               $"(ffmpeg {Stats.Ms(naiveFfmpegMs)}), upload one by one {Stats.Ms(naiveUpload.Elapsed.TotalMilliseconds)}; no records, notifications, lease or queue");
            if (done.StartTime.HasValue && done.EndTime.HasValue)
            {
                result.Details.Add($"wider spans of ours: record Processing (StartTime) -> Finished (EndTime) {Stats.Seconds((done.EndTime.Value - done.StartTime.Value).TotalSeconds)}; " +
                                   $"submit returned -> wait returned {Stats.Seconds(submitToWait.TotalSeconds)} (adds the worker's queue pickup and the notification latency; " +
                                   $"overhead on that span {Pct((submitToWait.TotalMilliseconds - ffmpegMs) / ffmpegMs)})");
            }
            var problems = BenchLog.Problems(log);
            if (problems.Count > 0) result.Details.Add("worker warnings: " + string.Join(" | ", problems.Take(5)));
            return result;
        }

        private static double Number(FakeLogRecord e, string key) =>
            e.GetStructuredStateValue(key) is string value
                ? double.Parse(value, CultureInfo.InvariantCulture)
                : throw new InvalidOperationException($"the JobFinished event has no {key}");

        private static string Pct(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
    }
}
