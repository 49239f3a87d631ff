using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core;
using MediaOps.Core.Accounts;
using MediaOps.Core.Jobs;
using MediaOps.Core.Locators;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;
using MediaOps.Core.Replication;
using MediaOps.Origin;
using MediaOps.Testing;

namespace MediaOps.Demo
{
    /// <summary>
    /// Failover streaming, the README's main job, on local Azurite: two accounts (dca, dcb) stand for two datacenters, a
    /// real worker encodes in dca and a real origin serves each account. The seed's scenario runs (endpoint, submit, wait
    /// for the notification, origin locator, copy, replicated locator), ffmpeg proves that both origins play the stream,
    /// then origin A is stopped and the same relative path plays through origin B. Everything it starts is stopped.
    /// With --powershell (what ./build.sh demo and ./build.ps1 demo pass) the scenario runs as examples/Failover.ps1 with
    /// the staged module in the repository's pwsh; without it, through MediaOps.Core (./build.sh demo --core).
    /// </summary>
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            var usePowerShell = args.Contains("--powershell");
            var unknown = args.Where(a => a != "--powershell").ToList();
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"unknown argument '{unknown[0]}'. usage: MediaOps.Demo [--powershell]");
                return 2;
            }

            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
            var temp = TestMedia.NewTempDirectory("demo");
            AzuriteInstance? azurite = null;
            WorkerProcess? worker = null;
            OriginProcess? originA = null;
            OriginProcess? originB = null;
            try
            {
                Step("Starting Azurite with two accounts, dca and dcb (the two datacenters), on free 127.0.0.1 ports");
                azurite = await AzuriteInstance.StartAsync(new[] { "dca", "dcb" }, cancel.Token);
                Info($"blob http://127.0.0.1:{azurite.BlobPort}/dca and /dcb   queue http://127.0.0.1:{azurite.QueuePort}/dca");

                Step("Starting an encoding worker on dca: mediaops worker");
                worker = WorkerProcess.Start(azurite.ConnectionString("dca"));
                await worker.WaitUntilStartedAsync(TimeSpan.FromSeconds(30));
                Info($"worker pid {worker.Id}");

                Step("Starting two origins: mediaops origin over dca (origin A) and over dcb (origin B)");
                originA = await OriginProcess.StartAsync(azurite.ConnectionString("dca"));
                originB = await OriginProcess.StartAsync(azurite.ConnectionString("dcb"));
                Info($"origin A {originA.BaseUri} (pid {originA.Id})");
                Info($"origin B {originB.BaseUri} (pid {originB.Id})");

                Step("Making a 10-second 1280x720 test mezzanine with ffmpeg");
                var mezzanine = await TestMedia.CreateMezzanineAsync(Path.Combine(temp, "BigBuckBunny.mp4"), 10, 1280, 720, cancellationToken: cancel.Token);
                Info($"{mezzanine} ({new FileInfo(mezzanine).Length / 1024} KiB)");

                var urls = usePowerShell
                    ? await RunPowerShellScenarioAsync(azurite, originA.BaseUri, originB.BaseUri, mezzanine, temp, cancel.Token)
                    : await RunScenarioAsync(azurite, originA.BaseUri, originB.BaseUri, mezzanine, cancel.Token);
                if (urls is null) return 1;

                Step("The streaming URLs differ only in their base URL");
                for (var i = 0; i < urls.RelativePaths.Count; i++)
                {
                    Info($"relative path   {urls.RelativePaths[i]}");
                    Info($"origin A (dca)  {urls.SourceUrls[i]}");
                    Info($"origin B (dcb)  {urls.ReplicaUrls[i]}");
                }
                if (!SameRelativePaths(urls, originA.BaseUri, originB.BaseUri))
                {
                    Console.Error.WriteLine("error: the two origins' URLs do not share their relative paths.");
                    return 1;
                }

                var hlsA = urls.SourceUrls.First(u => u.EndsWith(".m3u8", StringComparison.Ordinal));
                var hlsB = urls.ReplicaUrls.First(u => u.EndsWith(".m3u8", StringComparison.Ordinal));
                Step("Both origins play: ffprobe reads each manifest, ffmpeg decodes the whole HLS stream through each origin");
                foreach (var (label, url) in new[] { ("A", hlsA), ("B", hlsB) }
                             .Concat(urls.SourceUrls.Concat(urls.ReplicaUrls).Where(u => u.EndsWith(".mpd", StringComparison.Ordinal))
                                 .Select(u => (u.StartsWith(originA.BaseUri.AbsoluteUri, StringComparison.Ordinal) ? "A" : "B", u))))
                {
                    var probe = await TestMedia.ProbeAsync(url, TimeSpan.FromSeconds(60), cancel.Token);
                    Info($"origin {label}  {Path.GetFileName(new Uri(url).AbsolutePath),-13} renditions {string.Join("/", probe.VideoHeights.Select(h => h + "p"))}, {probe.Duration:0.00} s");
                }
                await PlayAsync("A", hlsA, cancel.Token);
                await PlayAsync("B", hlsB, cancel.Token);
                Info($"origin A served {RequestsServed(originA)} requests, origin B {RequestsServed(originB)} (one JSON log line each)");

                Step("Failover: stopping origin A (datacenter A is down)");
                originA.Stop();
                using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
                {
                    try
                    {
                        using var response = await http.GetAsync(new Uri(originA.BaseUri, "healthz"), cancel.Token);
                        Console.Error.WriteLine($"error: origin A still answers ({(int)response.StatusCode}) after being stopped.");
                        return 1;
                    }
                    catch (HttpRequestException ex)
                    {
                        Info($"origin A /healthz: {ex.Message}");
                    }
                    using var healthB = await http.GetAsync(new Uri(originB.BaseUri, "healthz"), cancel.Token);
                    Info($"origin B /healthz: {(int)healthB.StatusCode} {healthB.StatusCode}");
                    if (!healthB.IsSuccessStatusCode)
                    {
                        Console.Error.WriteLine("error: origin B is not healthy, so there is nothing to fail over to.");
                        return 1;
                    }
                }
                var relative = urls.RelativePaths.First(p => p.EndsWith(".m3u8", StringComparison.Ordinal));
                var failover = new Uri(originB.BaseUri, relative).AbsoluteUri;
                Info($"a traffic manager probing /healthz now sends {relative} to origin B: {failover}");
                await PlayAsync("B", failover, cancel.Token);

                Step("Done: the stream kept playing from datacenter B under the same locator id");
                return 0;
            }
            catch (MediaOpsException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 1;
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                Console.Error.WriteLine("Canceled.");
                return 130;
            }
            finally
            {
                Step("Stopping what the demo started");
                foreach (var origin in new[] { originA, originB })
                {
                    origin?.Dispose();
                }
                if (worker != null)
                {
                    worker.Terminate();
                    worker.WaitForExit(TimeSpan.FromSeconds(15));
                    worker.Dispose();
                }
                azurite?.Dispose();
                Directory.Delete(temp, recursive: true);
                Info("origins, worker and Azurite stopped; temporary files removed");
            }
        }

        /// <summary>The seed's scenario with MediaOps.Core, one step at a time.</summary>
        private static async Task<FailoverUrls?> RunScenarioAsync(
            AzuriteInstance azurite, Uri streamingEndpointA, Uri streamingEndpointB, string mezzanine, CancellationToken cancellationToken)
        {
            var a = azurite.Context("dca", streamingEndpointA);
            var b = azurite.Context("dcb", streamingEndpointB);
            await a.VerifyAsync(cancellationToken);
            await b.VerifyAsync(cancellationToken);

            Step("Creating the notification endpoint of dca (queue 'jobnotifications')");
            var endpoint = await new NotificationEndpointClient(a).CreateAsync("jobnotifications", "failover demo", cancellationToken);
            Info($"{endpoint.Id} -> queue {endpoint.QueueName}");

            Step("Submitting the encoding job in dca: preset 'Adaptive Streaming', notifications for all states");
            var job = await new MediaJobClient(a).SubmitAsync(new MediaJobSubmission
            {
                Name = "Failover streaming demo",
                InputFiles = new[] { mezzanine },
                NotificationEndpoints = new[] { endpoint },
                NotifyOn = NotifyOn.All,
            }, null, cancellationToken);
            Info($"{job.Id} {job.State}; input asset {job.InputAssetId}");

            Step("Waiting for the job, learning each state from the notification queue");
            var started = DateTimeOffset.UtcNow;
            var finished = await new JobNotificationWaiter(a).WaitAsync(new[] { job.Id }, endpoint.QueueName, TimeSpan.FromMinutes(10),
                new JobStateConsole(started), cancellationToken);
            var done = finished.Single();
            if (done.State != JobState.Finished)
            {
                Console.Error.WriteLine($"error: the job ended in {done.State}: {done.ErrorMessage}");
                return null;
            }
            Info($"{done.State}; output asset {done.OutputAssetId}");

            Step("Creating the origin locator of the output asset in dca (30 days)");
            var sourceLocator = await new MediaLocatorClient(a).CreateAsync(done.OutputAssetId, new MediaLocatorCreateOptions
            {
                Type = MediaLocatorType.OnDemandOrigin,
                Duration = TimeSpan.FromDays(30),
            }, cancellationToken);
            Info($"{sourceLocator.Id}, valid {sourceLocator.StartTime:u} to {sourceLocator.ExpirationTime:u}");

            Step("Copying the asset to dcb: server-side, verified, registered under the same asset id");
            var copy = await new MediaAssetCopyClient(a, b).CopyAsync(done.OutputAssetId, new CopyConsole(), cancellationToken);
            Info($"{copy.Method}: {copy.FilesCopied} files, {copy.BytesCopied:N0} bytes copied and verified; replica of {copy.Asset.ReplicatedFrom}");

            Step("Replicating the origin locator into dcb with the same id, start and expiry");
            var replicas = await new MediaLocatorClient(b).ReplicateOriginLocatorsAsync(a, done.OutputAssetId, copy.Asset.Id, cancellationToken);
            var replica = replicas.Single(r => r.Id == sourceLocator.Id);
            Info($"{replica.Id} in dcb, valid {replica.StartTime:u} to {replica.ExpirationTime:u}");

            return new FailoverUrls(
                replica.StreamingPaths.ToList(),
                sourceLocator.StreamingUrls.Select(u => u.AbsoluteUri).ToList(),
                replica.StreamingUrls.Select(u => u.AbsoluteUri).ToList());
        }

        /// <summary>The same scenario as examples/Failover.ps1 with the staged module; the keys travel in its environment.</summary>
        private static async Task<FailoverUrls?> RunPowerShellScenarioAsync(
            AzuriteInstance azurite, Uri streamingEndpointA, Uri streamingEndpointB, string mezzanine, string temp, CancellationToken cancellationToken)
        {
            var resultPath = Path.Combine(temp, "failover.json");
            // The repository's pwsh, a local .NET tool (dotnet-tools.json, restored by the build): never a pwsh on PATH.
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = RepositoryPaths.RepositoryRoot };
            foreach (var arg in new[]
            {
                "tool", "run", "pwsh", "-NoProfile", "-NonInteractive", "-File", Path.Combine(RepositoryPaths.RepositoryRoot, "examples", "Failover.ps1"),
                "-Path", mezzanine, "-StreamingEndpointA", streamingEndpointA.AbsoluteUri, "-StreamingEndpointB", streamingEndpointB.AbsoluteUri,
                "-ModulePath", Path.Combine(RepositoryPaths.RepositoryRoot, "out", "MediaOps"), "-ResultPath", resultPath,
            })
            {
                start.ArgumentList.Add(arg);
            }
            start.Environment["MEDIAOPS_CONNECTION_STRING_A"] = azurite.ConnectionString("dca");
            start.Environment["MEDIAOPS_CONNECTION_STRING_B"] = azurite.ConnectionString("dcb");
            Step("Running examples/Failover.ps1 with the staged module (the repository's pwsh: dotnet tool run pwsh)");
            using (var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet tool run pwsh did not start."))
            {
                try
                {
                    await process.WaitForExitAsync(cancellationToken);
                }
                finally
                {
                    if (!process.HasExited) process.Kill(entireProcessTree: true);
                }
                if (process.ExitCode != 0 || !File.Exists(resultPath))
                {
                    Console.Error.WriteLine($"error: examples/Failover.ps1 failed (exit code {process.ExitCode}). " +
                                            "It needs the staged module (./build.sh stage) and the repository's pwsh (dotnet tool restore).");
                    return null;
                }
            }

            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(resultPath, cancellationToken));
            var first = document.RootElement.EnumerateArray().First();
            static List<string> Strings(JsonElement element, string name) =>
                element.GetProperty(name).EnumerateArray().Select(e => e.GetString() ?? "").ToList();
            return new FailoverUrls(Strings(first, "RelativePaths"), Strings(first, "SourceUrls"), Strings(first, "ReplicaUrls"));
        }

        /// <summary>Plays the stream through an origin: ffmpeg reads and decodes every frame of one rendition.</summary>
        private static async Task PlayAsync(string origin, string url, CancellationToken cancellationToken)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromMinutes(2));
            var clock = Stopwatch.StartNew();
            await TestMedia.RunAsync(TestMedia.Ffmpeg, new[] { "-nostdin", "-v", "error", "-i", url, "-map", "0:v:0", "-f", "null", "-" }, deadline.Token);
            Info($"origin {origin}  played {url} to the end in {clock.Elapsed.TotalSeconds:0.0} s");
        }

        private static int RequestsServed(OriginProcess origin) =>
            origin.Events(OriginLog.RequestId).Count;

        private static bool SameRelativePaths(FailoverUrls urls, Uri originA, Uri originB)
        {
            if (urls.RelativePaths.Count == 0 || urls.SourceUrls.Count != urls.RelativePaths.Count || urls.ReplicaUrls.Count != urls.RelativePaths.Count)
            {
                return false;
            }
            for (var i = 0; i < urls.RelativePaths.Count; i++)
            {
                if (urls.SourceUrls[i] != new Uri(originA, urls.RelativePaths[i]).AbsoluteUri) return false;
                if (urls.ReplicaUrls[i] != new Uri(originB, urls.RelativePaths[i]).AbsoluteUri) return false;
            }
            return true;
        }

        private static void Step(string text) => Console.WriteLine($"\n==> {text}");

        private static void Info(string text) => Console.WriteLine($"    {text}");

        private sealed record FailoverUrls(IReadOnlyList<string> RelativePaths, IReadOnlyList<string> SourceUrls, IReadOnlyList<string> ReplicaUrls);

        private sealed class JobStateConsole : IProgress<JobWaitProgress>
        {
            private readonly DateTimeOffset _start;
            private JobState? _last;

            public JobStateConsole(DateTimeOffset start) => _start = start;

            public void Report(JobWaitProgress value)
            {
                if (value.LastState is null || value.LastState == _last) return;
                _last = value.LastState;
                Info($"+{(DateTimeOffset.UtcNow - _start).TotalSeconds,5:0.0} s  {value.LastState}");
            }
        }

        private sealed class CopyConsole : IProgress<AssetCopyProgress>
        {
            private AssetCopyMethod? _method;
            private int _files = -1;

            public void Report(AssetCopyProgress value)
            {
                if (_method != value.Method)
                {
                    _method = value.Method;
                    Info(value.Method == AssetCopyMethod.Streaming
                        ? "the accounts cannot copy server-side: streaming through this machine"
                        : "server-side copy through a short-lived read-only SAS of dca");
                }
                // A line per quarter of the files: an asset may have thousands.
                var quarter = value.Transfer.TotalFiles == 0 ? 4 : value.Transfer.FilesCompleted * 4 / value.Transfer.TotalFiles;
                if (quarter == _files) return;
                _files = quarter;
                Info($"{value.Transfer.FilesCompleted}/{value.Transfer.TotalFiles} files, {value.Transfer.BytesTransferred:N0}/{value.Transfer.TotalBytes:N0} bytes");
            }
        }
    }
}
