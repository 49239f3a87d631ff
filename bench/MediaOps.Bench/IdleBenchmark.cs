using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core;
using MediaOps.Core.Jobs;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;

namespace MediaOps.Bench
{
    /// <summary>
    /// Idle cost: storage requests a minute made by a waiter whose job has not moved for five minutes (a Queued job and no
    /// worker), counted by the waiter's own request hook and, independently, on the wire by counting relays; next to the
    /// seed's loop waiting the same way at the same time on a queue of its own.
    /// </summary>
    internal static class IdleBenchmark
    {
        public const string Name = "idle";

        public static async Task<BenchResult> RunAsync(BenchHost host, CancellationToken token)
        {
            // Real: 7 minutes, the minutes 5-6 and 6-7 counted. Quick: 2 minutes, the last 30 s counted (a just-submitted job
            // keeps the waiter active for its first minute; the back-off then reaches its maximum within ~12 s).
            var total = host.Quick ? TimeSpan.FromSeconds(120) : TimeSpan.FromMinutes(7);
            var countFrom = host.Quick ? TimeSpan.FromSeconds(90) : TimeSpan.FromMinutes(5);
            var window = host.Quick ? TimeSpan.FromSeconds(30) : TimeSpan.FromMinutes(1);
            var what = host.Quick
                ? "QUICK SMOKE RUN, NOT THE REAL FIGURE: requests/min in the 30 s after 90 s of a wait on a job that never moves"
                : $"requests/min while the awaited job has not moved for 5+ min (Queued, no worker); minutes 5-7 of a {total.TotalMinutes:0}-min wait";

            using var lab = await Lab.StartAsync(host, Name, token).ConfigureAwait(false);
            var setup = lab.Dca();
            var mezzanine = await lab.MezzanineAsync("tiny.mp4", 1, 320, 180, 30, token).ConfigureAwait(false);
            var endpoints = new NotificationEndpointClient(setup);
            var ourEndpoint = await endpoints.CreateAsync("bench-idle-ours-" + Guid.NewGuid().ToString("N").Substring(0, 8), cancellationToken: token).ConfigureAwait(false);
            var seedEndpoint = await endpoints.CreateAsync("bench-idle-seed-" + Guid.NewGuid().ToString("N").Substring(0, 8), cancellationToken: token).ConfigureAwait(false);
            var jobs = new MediaJobClient(setup);
            // No worker runs: both jobs stay Queued for the whole benchmark.
            var ourJob = await jobs.SubmitAsync(new MediaJobSubmission { InputFiles = new[] { mezzanine }, Preset = "H264 Single Bitrate 720p", NotificationEndpoints = new[] { ourEndpoint } },
                null, token).ConfigureAwait(false);
            var seedJob = await jobs.SubmitAsync(new MediaJobSubmission { InputAssetId = ourJob.InputAssetId, Preset = "H264 Single Bitrate 720p", NotificationEndpoints = new[] { seedEndpoint } },
                null, token).ConfigureAwait(false);

            var clock = Stopwatch.StartNew();
            // Each reader talks to Azurite only through its own pair of counting relays: the wire count is its requests alone.
            using var ourWire = host.Track(new CountingEndpoints(lab.Azurite, clock));
            using var seedWire = host.Track(new CountingEndpoints(lab.Azurite, clock));
            var hook = new ConcurrentQueue<(TimeSpan At, string Operation)>();
            var seedHook = new ConcurrentQueue<(TimeSpan At, string Operation)>();

            var waiterContext = lab.Dca(ourWire.ConnectionString(lab.Azurite, "dca"));
            var waiter = new JobNotificationWaiter(waiterContext, new JobWaitOptions { OnStorageRequest = op => hook.Enqueue((clock.Elapsed, op)) });
            var seedLoop = new SeedLoop(seedWire.ConnectionString(lab.Azurite, "dca"), seedEndpoint.QueueName)
            {
                OnRequest = op => seedHook.Enqueue((clock.Elapsed, op)),
            };

            using var end = CancellationTokenSource.CreateLinkedTokenSource(token);
            end.CancelAfter(total);
            BenchHost.Log($"idle: waiting on a Queued job with no worker for {total.TotalMinutes:0.#} min (ours: default JobWaitOptions; naive: the seed's loop, at the same time)");
            var started = clock.Elapsed;
            var ours = Task.Run(async () =>
            {
                try
                {
                    await waiter.WaitAsync(new[] { ourJob.Id }, ourEndpoint.QueueName, total + TimeSpan.FromMinutes(1), null, end.Token).ConfigureAwait(false);
                    return "the wait ended before the window (the job moved?)";
                }
                catch (OperationCanceledException) when (end.IsCancellationRequested)
                {
                    return null;
                }
            });
            var naive = Task.Factory.StartNew(() =>
            {
                try
                {
                    seedLoop.WaitForJobToReachedFinishedState(seedJob.Id, end.Token);
                    return "the seed loop ended before the window";
                }
                catch (OperationCanceledException) when (end.IsCancellationRequested)
                {
                    return (string?)null;
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

            var progress = Task.Run(async () =>
            {
                while (!end.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(host.Quick ? 15 : 60), end.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                    BenchHost.Log($"  idle {(clock.Elapsed - started).TotalMinutes:0.0} min: ours {hook.Count} requests (hook), {ourWire.All().Count()} (wire); naive {seedWire.All().Count()} (wire)");
                }
            });
            var ourProblem = await ours.ConfigureAwait(false);
            var naiveProblem = await naive.ConfigureAwait(false);
            await progress.ConfigureAwait(false);
            token.ThrowIfCancellationRequested();

            // Per-minute series relative to the start of the wait.
            var windows = new List<(TimeSpan From, TimeSpan To)>();
            for (var from = countFrom; from + window <= total + TimeSpan.FromMilliseconds(1); from += window) windows.Add((from, from + window));
            double PerMinute(IEnumerable<TimeSpan> times, (TimeSpan From, TimeSpan To) w) =>
                times.Count(t => t - started >= w.From && t - started < w.To) / (w.To - w.From).TotalMinutes;

            var hookTimes = hook.Select(h => h.At).ToList();
            var wireTimes = ourWire.All().Select(r => r.At).ToList();
            var seedTimes = seedWire.All().Select(r => r.At).ToList();
            var hookRates = windows.Select(w => PerMinute(hookTimes, w)).ToList();
            var wireRates = windows.Select(w => PerMinute(wireTimes, w)).ToList();
            var seedRates = windows.Select(w => PerMinute(seedTimes, w)).ToList();
            var ourWorst = Math.Max(hookRates.Max(), wireRates.Max());
            var ourAverage = hookRates.Average();
            var seedAverage = seedRates.Average();

            string Series(List<double> rates) => string.Join(", ", windows.Select((w, i) => $"{Label(w.From)}-{Label(w.To)}: {Stats.F(rates[i], "0.#")}"));
            var inWindow = new Func<TimeSpan, bool>(t => t - started >= countFrom && t - started < total);
            var breakdown = hook.Where(h => inWindow(h.At)).GroupBy(h => h.Operation).Select(g => $"{g.Key} {g.Count()}");
            var wireBreakdown = ourWire.All().Where(r => inWindow(r.At)).GroupBy(r => r.Service + " " + r.Line.Split(' ')[0]).Select(g => $"{g.Key} {g.Count()}");
            var seedBreakdown = seedHook.Where(h => inWindow(h.At)).GroupBy(h => h.Operation).Select(g => $"{g.Key} {g.Count()}");

            var result = new BenchResult
            {
                Name = Name,
                What = what,
                Ours = $"{Stats.F(ourAverage, "0.#")} req/min (hook; worst window {Stats.F(hookRates.Max(), "0.#")}); wire {Stats.F(wireRates.Average(), "0.#")} req/min",
                Naive = $"{Stats.F(seedAverage, "0.#")} req/min (wire)",
                Ratio = ourAverage > 0 ? $"{Stats.F(ourAverage / seedAverage, "0.00")}x the seed's requests" : "-",
                Bar = "<= 12 requests/min",
                Pass = ourWorst <= 12 && ourProblem == null,
            };
            if (host.Quick) result.Details.Add("QUICK: shortened window; the real figure needs the full run (no --quick).");
            result.Details.Add($"span: requests sent in the window(s) {Label(countFrom)}-{Label(total)} after WaitAsync was called (the job was submitted just before and never moved).");
            result.Details.Add($"ours per window, hook: {Series(hookRates)}; wire: {Series(wireRates)}");
            result.Details.Add($"naive per window, wire: {Series(seedRates)}");
            result.Details.Add($"ours by operation in the windows (hook): {string.Join(", ", breakdown)}; on the wire: {string.Join(", ", wireBreakdown)}");
            result.Details.Add($"naive by operation in the windows: {string.Join(", ", seedBreakdown)}");
            result.Details.Add($"whole wait: ours {hook.Count} requests (hook) / {wireTimes.Count} (wire) in {Label(total)}; naive {seedTimes.Count} (wire).");
            result.Details.Add("PASS needs the worst window <= 12/min by the hook and by the wire count alike.");
            result.Details.Add("the seed's loop is cheaper idle (one receive every 10 s) but answers up to 10 s late: see 'latency'.");
            if (ourProblem != null) result.Details.Add("ours: " + ourProblem);
            if (naiveProblem != null) result.Details.Add("naive: " + naiveProblem);
            return result;
        }

        private static string Label(TimeSpan t) => t.TotalSeconds % 60 == 0 ? $"{t.TotalMinutes:0}m" : $"{t.TotalSeconds:0}s";
    }
}
