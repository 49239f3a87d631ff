using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core.Jobs;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;
using MediaOps.Worker;
using MediaOps.Worker.Models;
using Microsoft.Extensions.Logging.Testing;

namespace MediaOps.Bench
{
    /// <summary>
    /// Notification latency: from the worker's Finished record write to the waiter returning the finished job, over many
    /// tiny jobs, for JobNotificationWaiter (default options) and for the seed's 10-second polling loop.
    /// </summary>
    internal static class LatencyBenchmark
    {
        public const string Name = "latency";
        private const string Preset = "H264 Single Bitrate 720p";

        public static async Task<BenchResult> RunAsync(BenchHost host, CancellationToken token)
        {
            var jobs = host.Quick ? 5 : 20;
            var what = $"Finished record write -> wait returns; {jobs} jobs per side, 1 s 320x180 input, '{Preset}', NotifyOn FinalStatesOnly";
            using var lab = await Lab.StartAsync(host, Name, token).ConfigureAwait(false);
            var context = lab.Dca();
            var mezzanine = await lab.MezzanineAsync("tiny.mp4", 1, 320, 180, 30, token).ConfigureAwait(false);
            var endpoints = new NotificationEndpointClient(context);
            var ourEndpoint = await endpoints.CreateAsync("bench-ours-" + Guid.NewGuid().ToString("N").Substring(0, 8), cancellationToken: token).ConfigureAwait(false);
            var seedEndpoint = await endpoints.CreateAsync("bench-seed-" + Guid.NewGuid().ToString("N").Substring(0, 8), cancellationToken: token).ConfigureAwait(false);
            var jobClient = new MediaJobClient(context);

            // One in-process worker with its default options (polling, progress) takes every job.
            var log = new FakeLogger<MediaWorker>();
            var worker = new MediaWorker(context, new MediaWorkerOptions { WorkDirectory = lab.Directory + "/work" }, log);
            using var stopWorker = CancellationTokenSource.CreateLinkedTokenSource(token);
            var running = Task.Run(() => worker.RunAsync(stopWorker.Token));
            try
            {
                // The input is uploaded once; every job encodes that asset.
                var first = await jobClient.SubmitAsync(new MediaJobSubmission { InputFiles = new[] { mezzanine }, Preset = Preset, NotificationEndpoints = new[] { ourEndpoint } },
                    null, token).ConfigureAwait(false);
                var inputAssetId = first.InputAssetId;

                var ours = new List<Sample>();
                BenchHost.Log($"latency: ours — {jobs} jobs, each awaited with JobNotificationWaiter (default options) from right after submission");
                for (var i = 0; i < jobs; i++)
                {
                    var job = i == 0 ? first : await jobClient.SubmitAsync(
                        new MediaJobSubmission { InputAssetId = inputAssetId, Preset = Preset, NotificationEndpoints = new[] { ourEndpoint } }, null, token).ConfigureAwait(false);
                    var waiter = new JobNotificationWaiter(context);
                    var done = await waiter.WaitAsync(new[] { job.Id }, ourEndpoint.QueueName, TimeSpan.FromMinutes(3), null, token).ConfigureAwait(false);
                    var returned = DateTimeOffset.UtcNow;
                    var finished = done.Single();
                    if (finished.State != JobState.Finished) throw new InvalidOperationException($"job {job.Id} ended {finished.State}: {finished.ErrorMessage}");
                    ours.Add(new Sample(finished, returned, waiter.RequestCount));
                    BenchHost.Log($"  ours  {i + 1,2}/{jobs}: {(returned - finished.LastModified).TotalMilliseconds,6:0} ms");
                }

                var seed = new List<Sample>();
                BenchHost.Log($"latency: naive — {jobs} jobs, each awaited with the seed's loop (Thread.Sleep(10 s), GetMessages(10), delete) from right after submission");
                for (var i = 0; i < jobs; i++)
                {
                    var job = await jobClient.SubmitAsync(
                        new MediaJobSubmission { InputAssetId = inputAssetId, Preset = Preset, NotificationEndpoints = new[] { seedEndpoint } }, null, token).ConfigureAwait(false);
                    var loop = new SeedLoop(lab.ConnectionString, seedEndpoint.QueueName);
                    var requests = 0;
                    loop.OnRequest = _ => Interlocked.Increment(ref requests);
                    // The seed blocks its thread (Thread.Sleep); it gets a thread of its own, as its Main had.
                    await Task.Factory.StartNew(() => loop.WaitForJobToReachedFinishedState(job.Id, token), token,
                        TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
                    var returned = DateTimeOffset.UtcNow;
                    var finished = await jobClient.GetAsync(job.Id, token).ConfigureAwait(false);
                    seed.Add(new Sample(finished, returned, requests));
                    BenchHost.Log($"  naive {i + 1,2}/{jobs}: {(returned - finished.LastModified).TotalMilliseconds,6:0} ms");
                }

                // The worker logs JobFinished after the notification and the message delete, possibly after the wait returned.
                await Task.Delay(500, token).ConfigureAwait(false);
                var finishedEvents = log.Collector.GetSnapshot().Where(r => r.Id.Id == WorkerLog.JobFinishedId)
                    .ToDictionary(r => r.GetStructuredStateValue("jobId")!, r => r.Timestamp, StringComparer.OrdinalIgnoreCase);
                double? FromEvent(Sample s) => finishedEvents.TryGetValue(s.JobId, out var at) ? (s.Returned - at).TotalMilliseconds : (double?)null;
                var ourFromEvent = ours.Select(FromEvent).Where(v => v.HasValue).Select(v => v!.Value).ToList();
                var seedFromEvent = seed.Select(FromEvent).Where(v => v.HasValue).Select(v => v!.Value).ToList();
                var ourMs = ours.Select(s => s.LatencyMs).ToList();
                var seedMs = seed.Select(s => s.LatencyMs).ToList();
                var ourMedian = Stats.Median(ourMs);
                var seedMedian = Stats.Median(seedMs);
                var result = new BenchResult
                {
                    Name = Name,
                    What = what,
                    Ours = $"median {Stats.Ms(ourMedian)}, p90 {Stats.Ms(Stats.Percentile(ourMs, 90))} (min {Stats.Ms(ourMs.Min())}, max {Stats.Ms(ourMs.Max())})",
                    Naive = $"median {Stats.Ms(seedMedian)}, p90 {Stats.Ms(Stats.Percentile(seedMs, 90))} (min {Stats.Ms(seedMs.Min())}, max {Stats.Ms(seedMs.Max())})",
                    Ratio = $"{Stats.F(seedMedian / ourMedian, "0.0")}x lower median",
                    Bar = "our median <= 1 s",
                    Pass = ourMedian <= 1000,
                };
                result.Details.Add("span: from the Finished record's LastModified (stamped by the worker in the conditional write that makes the job Finished,");
                result.Details.Add("      just before the request goes out; same clock, same process) to the moment the wait call returns the finished job.");
                result.Details.Add("      It covers the record write, the notification send, the reader's polling delay, and the reader's own receive/delete/record read.");
                result.Details.Add("both sides start waiting right after Submit returns, as the seed does; the job itself (worker pickup, ffmpeg, upload) is not in the span.");
                result.Details.Add($"from the worker's JobFinished event instead (after the Finished write, the notification and the work message delete): ours median {Stats.Ms(Stats.Median(ourFromEvent))}, " +
                    $"naive median {Stats.Ms(Stats.Median(seedFromEvent))}" +
                    (ourFromEvent.Concat(seedFromEvent).Any(v => v < 0) ? " (negative: the wait returned before the worker logged it)" : ""));
                result.Details.Add($"storage requests per wait (whole wait, median): ours {Stats.F(Stats.Median(ours.Select(s => (double)s.Requests).ToList()), "0")} (waiter's request-counting hook), naive {Stats.F(Stats.Median(seed.Select(s => (double)s.Requests).ToList()), "0")}");
                result.Details.Add("the seed sleeps 10 s before its first receive; for a job as short as these, that first look comes a fixed ~10 s after submission,");
                result.Details.Add("so its latency is ~10 s minus the job's duration (for long jobs it would spread over 0-10 s, ~5 s on average); the job's duration here");
                result.Details.Add("varies with the idle worker's polling back-off (200 ms doubling to 5 s), hence the naive figures' sawtooth.");
                result.Details.Add("ours per job (ms): " + string.Join(" ", ourMs.Select(v => Stats.F(v, "0"))));
                result.Details.Add("naive per job (ms): " + string.Join(" ", seedMs.Select(v => Stats.F(v, "0"))));
                var failures = BenchLog.Problems(log);
                if (failures.Count > 0) result.Details.Add("worker warnings: " + string.Join(" | ", failures.Take(5)));
                return result;
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
        }

        private sealed class Sample
        {
            public Sample(MediaJob finished, DateTimeOffset returned, long requests)
            {
                JobId = finished.Id;
                Returned = returned;
                LatencyMs = (returned - finished.LastModified).TotalMilliseconds;
                Requests = requests;
            }

            public string JobId { get; }

            public DateTimeOffset Returned { get; }

            public double LatencyMs { get; }

            public long Requests { get; }
        }
    }
}
