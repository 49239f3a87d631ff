using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using MediaOps.Core.Assets;
using MediaOps.Core.Locators;
using MediaOps.Core.Models;
using MediaOps.Testing;

namespace MediaOps.Bench
{
    /// <summary>
    /// Ranged media GETs through a real <c>mediaops origin</c> process against the same ranges read straight from Azurite
    /// with a read SAS URL: one HttpClient, the same concurrency, interleaved rounds in one run.
    /// </summary>
    internal static class OriginBenchmark
    {
        public const string Name = "origin";
        private const int MediaSize = 4 * 1024 * 1024;
        private const int RangeSize = 64 * 1024;
        private const int Concurrency = 8;

        public static async Task<BenchResult> RunAsync(BenchHost host, CancellationToken token)
        {
            var quick = host.Quick ? "QUICK SMOKE RUN, NOT THE REAL FIGURE: " : "";
            // With a baseline, twice the rounds: the two builds differ by less than the round-to-round spread.
            var rounds = host.Quick ? 1 : host.BaselineHost is null ? 3 : 6;
            var roundLength = TimeSpan.FromSeconds(host.Quick ? 2 : 6);
            var warmUpLength = TimeSpan.FromSeconds(host.Quick ? 1 : 10);

            using var lab = await Lab.StartAsync(host, Name, token).ConfigureAwait(false);
            var dca = lab.Dca();
            var file = Path.Combine(lab.Directory, "media_0.mp4");
            var bytes = new byte[MediaSize];
            new Random(7).NextBytes(bytes);
            await File.WriteAllBytesAsync(file, bytes, token).ConfigureAwait(false);
            var asset = await new MediaAssetClient(dca).CreateAsync(new[] { file }, new MediaAssetCreateOptions { Name = "bench-origin" }, null, token).ConfigureAwait(false);
            var locator = await new MediaLocatorClient(dca).CreateAsync(asset.Id, new MediaLocatorCreateOptions { Type = MediaLocatorType.OnDemandOrigin }, token)
                .ConfigureAwait(false);

            BenchHost.Log($"origin: starting a mediaops origin ({RepositoryPaths.HostAssembly})");
            using var origin = host.Track(await OriginProcess.StartAsync(lab.ConnectionString).ConfigureAwait(false));
            var originUrl = new Uri(origin.BaseUri, locator.Guid.ToString("D") + "/media_0.mp4");
            OriginProcess? baseline = null;
            if (host.BaselineHost != null)
            {
                BenchHost.Log($"origin: starting the baseline build's origin ({host.BaselineHost})");
                baseline = host.Track(await OriginProcess.StartBuildAsync(host.BaselineHost, lab.ConnectionString, TimeSpan.FromSeconds(30)).ConfigureAwait(false));
            }
            using var baselineOwner = baseline;
            var baselineUrl = baseline is null ? null : new Uri(baseline.BaseUri, locator.Guid.ToString("D") + "/media_0.mp4");

            var directUrl = new BlobClient(lab.ConnectionString, asset.ContainerName, "media_0.mp4")
                .GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddHours(2));

            using var handler = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = 64,
                UseProxy = false,
                AutomaticDecompression = DecompressionMethods.None,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };

            // The sides measured in each round: this build's origin, Azurite directly and, with --baseline, the other build's origin.
            var sides = new List<(string Label, Uri Url)> { ("origin", originUrl), ("direct", directUrl) };
            if (baselineUrl != null) sides.Add(("baseline", baselineUrl));

            // All answer the same bytes for the same range.
            foreach (var url in sides.Select(side => side.Url))
            {
                var probe = await GetRangeAsync(http, url, 1000, token).ConfigureAwait(false);
                if (!probe.AsSpan().SequenceEqual(bytes.AsSpan(1000, RangeSize))) throw new InvalidOperationException($"{url.GetLeftPart(UriPartial.Path)} did not return the expected bytes");
            }

            BenchHost.Log($"origin: warm-up, {warmUpLength.TotalSeconds:0} s each way, {Concurrency} at once");
            foreach (var side in sides) await LoadAsync(http, side.Url, warmUpLength, token).ConfigureAwait(false);

            var measured = sides.ToDictionary(side => side.Label, _ => new List<Round>());
            for (var round = 0; round < rounds; round++)
            {
                // Rotate which side goes first.
                foreach (var (label, url) in sides.Skip(round % sides.Count).Concat(sides.Take(round % sides.Count)))
                {
                    var r = await LoadAsync(http, url, roundLength, token).ConfigureAwait(false);
                    measured[label].Add(r);
                    var serving = label == "baseline" ? baseline!.Id : origin.Id;
                    BenchHost.Log($"  round {round + 1} {label}: {Stats.F(r.RequestsPerSecond, "0")} req/s, p50 {Stats.F(Stats.Median(r.LatenciesMs), "0.0")} ms, " +
                                  $"p99 {Stats.F(Stats.Percentile(r.LatenciesMs, 99), "0.0")} ms, errors {r.Errors}; CPU: {(label == "direct" ? "origin" : label)} {Stats.F(r.OriginCpu(serving), "0.0")} s, " +
                                  $"Azurite {Stats.F(r.AzuriteCpu, "0.0")} s, client {Stats.F(r.ClientCpu, "0.0")} s in {Stats.F(r.Wall.TotalSeconds, "0.0")} s");
                }
            }

            var originRounds = measured["origin"];
            var directRounds = measured["direct"];
            var o = Round.Combine(originRounds);
            var d = Round.Combine(directRounds);
            var ratio = o.RequestsPerSecond / d.RequestsPerSecond;
            var result = new BenchResult
            {
                Name = Name,
                What = quick + $"GET Range: bytes=a-(a+64 KiB-1) at random offsets of a 4 MiB media_0.mp4, {Concurrency} at once, requests/s; {rounds} interleaved rounds of {roundLength.TotalSeconds:0} s",
                Ours = $"{Stats.F(o.RequestsPerSecond, "0")} req/s, p50 {Stats.F(Stats.Median(o.LatenciesMs), "0.0")} ms, p99 {Stats.F(Stats.Percentile(o.LatenciesMs, 99), "0.0")} ms (through the origin)",
                Naive = $"{Stats.F(d.RequestsPerSecond, "0")} req/s, p50 {Stats.F(Stats.Median(d.LatenciesMs), "0.0")} ms, p99 {Stats.F(Stats.Percentile(d.LatenciesMs, 99), "0.0")} ms (Azurite directly, read SAS URL)",
                Ratio = $"{Stats.F(ratio, "0.00")}x of direct",
                Bar = "origin >= 0.8x of direct (requests/s)",
                Pass = ratio >= 0.8 && o.Errors == 0 && d.Errors == 0,
            };
            if (host.Quick) result.Details.Add("QUICK: shorter rounds, one round; the real figure needs the full run (no --quick).");
            result.Details.Add($"client: one HttpClient (SocketsHttpHandler, keep-alive, no proxy) for both; {Concurrency} tasks each sending its next request when the last");
            result.Details.Add("      response's body has been read whole; each response checked: 206 and 64 KiB. Direct requests go to Azurite's blob URL with a");
            result.Details.Add("      read SAS in the query (no SharedKey signing on the client); origin requests to http://127.0.0.1:<port>/<locator guid>/media_0.mp4.");
            result.Details.Add($"the origin: a real `mediaops origin` process (Release build), one OnDemandOrigin locator, reading Azurite over loopback: one storage");
            result.Details.Add("      GET with the range per request (the locator is cached), and one JSON log line per request on its stdout, read by this process.");
            result.Details.Add($"order: warm-up {warmUpLength.TotalSeconds:0} s each way (the origin starts on tier-0 JIT code; with 3 s its first round still took ~30% more CPU");
            result.Details.Add("      per request than the later ones), then rounds alternating which side goes first.");
            result.Details.Add("per round, origin req/s: " + string.Join(" ", originRounds.Select(r => Stats.F(r.RequestsPerSecond, "0"))) +
                               "; direct: " + string.Join(" ", directRounds.Select(r => Stats.F(r.RequestsPerSecond, "0"))));
            result.Details.Add($"CPU per request (ms): through the origin: origin process {Stats.F(o.OriginCpu(origin.Id) * 1000 / o.Requests, "0.00")}, Azurite {Stats.F(o.AzuriteCpu * 1000 / o.Requests, "0.00")}, " +
                               $"client {Stats.F(o.ClientCpu * 1000 / o.Requests, "0.00")}; direct: Azurite {Stats.F(d.AzuriteCpu * 1000 / d.Requests, "0.00")}, client {Stats.F(d.ClientCpu * 1000 / d.Requests, "0.00")}.");
            result.Details.Add($"CPU share of the wall time: through the origin: origin {Stats.F(o.OriginCpu(origin.Id) / o.Wall.TotalSeconds * 100, "0")}%, Azurite {Stats.F(o.AzuriteCpu / o.Wall.TotalSeconds * 100, "0")}%, " +
                               $"client {Stats.F(o.ClientCpu / o.Wall.TotalSeconds * 100, "0")}%; direct: Azurite {Stats.F(d.AzuriteCpu / d.Wall.TotalSeconds * 100, "0")}%, client {Stats.F(d.ClientCpu / d.Wall.TotalSeconds * 100, "0")}% " +
                               $"(of one core; the machine has {Environment.ProcessorCount}).");
            if (baseline != null)
            {
                var b = Round.Combine(measured["baseline"]);
                result.Details.Add($"baseline ({host.BaselineHost}): {Stats.F(b.RequestsPerSecond, "0")} req/s, p50 {Stats.F(Stats.Median(b.LatenciesMs), "0.0")} ms, " +
                                   $"p99 {Stats.F(Stats.Percentile(b.LatenciesMs, 99), "0.0")} ms, {Stats.F(b.RequestsPerSecond / d.RequestsPerSecond, "0.00")}x of direct; per round " +
                                   string.Join(" ", measured["baseline"].Select(r => Stats.F(r.RequestsPerSecond, "0"))) +
                                   $"; its process {Stats.F(b.OriginCpu(baseline.Id) * 1000 / b.Requests, "0.00")} ms CPU per request, errors {b.Errors}");
                result.Details.Add($"this build against the baseline, in the same run: {Stats.F(o.RequestsPerSecond / b.RequestsPerSecond, "0.00")}x the requests/s, " +
                                   $"{Stats.F(o.OriginCpu(origin.Id) / o.Requests / (b.OriginCpu(baseline.Id) / b.Requests), "0.00")}x the origin CPU per request");
                result.Pass = result.Pass == true && b.Errors == 0;
            }
            if (o.Errors + d.Errors > 0) result.Details.Add($"errors: origin {o.Errors}, direct {d.Errors}");
            return result;
        }

        private static async Task<byte[]> GetRangeAsync(HttpClient http, Uri url, long offset, CancellationToken token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Range = new RangeHeaderValue(offset, offset + RangeSize - 1);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.PartialContent || body.Length != RangeSize)
            {
                throw new InvalidOperationException($"{url.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} with {body.Length} bytes to a 64 KiB range");
            }
            return body;
        }

        private static async Task<Round> LoadAsync(HttpClient http, Uri url, TimeSpan length, CancellationToken token)
        {
            var latencies = new ConcurrentBag<double>();
            var errors = 0;
            var cpu = ProcessCpu.Take();
            var watch = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, Concurrency).Select(worker => Task.Run(async () =>
            {
                var random = new Random(worker * 7919 + (int)(watch.ElapsedTicks & 0xffff));
                while (watch.Elapsed < length)
                {
                    token.ThrowIfCancellationRequested();
                    var offset = random.NextInt64(0, MediaSize - RangeSize + 1);
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        await GetRangeAsync(http, url, offset, token).ConfigureAwait(false);
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    catch (Exception ex) when (ex is HttpRequestException || ex is InvalidOperationException || (ex is TaskCanceledException && !token.IsCancellationRequested))
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            }, token)).ToArray();
            await Task.WhenAll(workers).ConfigureAwait(false);
            var wall = watch.Elapsed;
            var after = ProcessCpu.Take();
            return new Round(latencies.ToList(), errors, wall, cpu, after);
        }

        private sealed class Round
        {
            private readonly List<(ProcessCpu Before, ProcessCpu After)> _cpu;

            public Round(List<double> latencies, int errors, TimeSpan wall, ProcessCpu before, ProcessCpu after)
                : this(latencies, errors, wall, new List<(ProcessCpu, ProcessCpu)> { (before, after) })
            {
            }

            private Round(List<double> latencies, int errors, TimeSpan wall, List<(ProcessCpu Before, ProcessCpu After)> cpu)
            {
                LatenciesMs = latencies;
                Errors = errors;
                Wall = wall;
                _cpu = cpu;
            }

            public List<double> LatenciesMs { get; }

            public int Requests => LatenciesMs.Count;

            public int Errors { get; }

            public TimeSpan Wall { get; }

            public double RequestsPerSecond => Requests / Wall.TotalSeconds;

            public double AzuriteCpu => _cpu.Sum(c => c.After.NamedSince(c.Before, "node"));

            public double ClientCpu => _cpu.Sum(c => c.After.SelfSince(c.Before));

            public double OriginCpu(int processId) => _cpu.Sum(c => c.After.PidSince(c.Before, processId));

            public static Round Combine(IReadOnlyList<Round> rounds) => new Round(
                rounds.SelectMany(r => r.LatenciesMs).ToList(), rounds.Sum(r => r.Errors),
                TimeSpan.FromTicks(rounds.Sum(r => r.Wall.Ticks)), rounds.SelectMany(r => r._cpu).ToList());
        }
    }
}
