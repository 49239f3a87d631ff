using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using MediaOps.Core.Accounts;
using MediaOps.Core.Assets;
using MediaOps.Core.Models;
using MediaOps.Core.Replication;

namespace MediaOps.Bench
{
    /// <summary>
    /// Copy-MediaAsset's engine (<see cref="MediaAssetCopyClient.CopyAsync"/>: server-side, many blobs at once, verified,
    /// registered) against the seed's <c>CopyBlobsFromDifferentStorage</c> loop (seeds/002) written with the v12 SDK: one
    /// blob at a time, properties, start the copy, poll until it is no longer pending. Both copy the same blobs from
    /// account dca to account dcb of one Azurite. Rows: the verdict on local Azurite; the same through a relay that adds a
    /// fixed network latency (information); the streaming fallback against a download-then-upload loop.
    /// </summary>
    internal static class CopyBenchmark
    {
        public const string Name = "copy";
        private const int SmallBlob = 16 * 1024;
        private const int LargeBlob = 1024 * 1024;

        public static async Task<BenchResult> RunAsync(BenchHost host, CancellationToken token)
        {
            var quick = host.Quick ? "QUICK SMOKE RUN, NOT THE REAL FIGURE: " : "";
            var blobs = host.Quick ? 300 : 2000;
            var delayedBlobs = host.Quick ? 100 : 500;
            var largeBlobs = host.Quick ? 16 : 64;
            var delay = TimeSpan.FromMilliseconds(20);

            using var lab = await Lab.StartAsync(host, Name, token).ConfigureAwait(false);
            var dca = lab.Azurite.Context("dca");
            var dcb = lab.Azurite.Context("dcb");
            var source = lab.Azurite.ConnectionString("dca");
            var destination = lab.Azurite.ConnectionString("dcb");

            BenchHost.Log($"copy: making the assets in dca (warm-up 100 x 16 KiB; {blobs} x 16 KiB; {delayedBlobs} x 16 KiB; 4 + {largeBlobs} x 1 MiB)");
            var warmUp = await MakeAssetAsync(lab, dca, "warmup", 100, SmallBlob, token).ConfigureAwait(false);
            var main = await MakeAssetAsync(lab, dca, "main", blobs, SmallBlob, token).ConfigureAwait(false);

            // Warm-up on another asset, both ways (JIT, connection pools, Azurite's own first requests); then the seed's
            // loop first and ours second, so that whatever warms up further during a run favours the naive side.
            BenchHost.Log("copy: warm-up, both ways, on a 100-blob asset");
            await Task.Factory.StartNew(() => SeedCopyLoop(source, destination, warmUp.ContainerName, "naive-warmup"), token,
                TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            await new MediaAssetCopyClient(dca, dcb).CopyAsync(warmUp.Id, null, token).ConfigureAwait(false);

            BenchHost.Log($"copy: naive — the seed's loop over {blobs} blobs, one at a time");
            var naive = await MeasureAsync(() => Task.Factory.StartNew(() => SeedCopyLoop(source, destination, main.ContainerName, "naive-" + main.ContainerName),
                token, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ConfigureAwait(false);
            BenchHost.Log($"  naive: {naive.Wall.TotalSeconds:0.0} s");
            BenchHost.Log($"copy: ours — MediaAssetCopyClient.CopyAsync of the {blobs}-blob asset (default options: server-side, 16 at once)");
            var ours = await MeasureAsync(() => new MediaAssetCopyClient(dca, dcb).CopyAsync(main.Id, null, token)).ConfigureAwait(false);
            BenchHost.Log($"  ours: {ours.Wall.TotalSeconds:0.0} s");
            CheckOurs(ours.Value, blobs, AssetCopyMethod.ServerSide);
            CheckNaive(naive.Value, blobs);
            var naiveCopied = await CountBlobsAsync(destination, "naive-" + main.ContainerName, token).ConfigureAwait(false);
            if (naiveCopied != blobs) throw new InvalidOperationException($"the seed's loop left {naiveCopied} of {blobs} blobs in the destination");

            var ourRate = blobs / ours.Wall.TotalSeconds;
            var naiveRate = blobs / naive.Wall.TotalSeconds;
            var result = new BenchResult
            {
                Name = Name,
                What = quick + $"server-side copy dca -> dcb (one Azurite), an asset of {blobs} blobs x 16 KiB, blobs/s",
                Ours = $"{Stats.F(ourRate, "0")} blobs/s ({Stats.Seconds(ours.Wall.TotalSeconds)})",
                Naive = $"{Stats.F(naiveRate, "0")} blobs/s ({Stats.Seconds(naive.Wall.TotalSeconds)})",
                Ratio = $"{Stats.F(ourRate / naiveRate, "0.0")}x faster",
                Bar = "ours >= 10x the seed's loop",
                Pass = ourRate / naiveRate >= 10,
            };
            if (host.Quick) result.Details.Add("QUICK: fewer blobs; the real figure needs the full run (no --quick).");
            result.Details.Add("span, ours: the whole CopyAsync call: read both assets, list the source, create the destination, start every copy (16 at once;");
            result.Details.Add("      Azurite answers each start with 'success', so no copy is polled), list the destination and verify every blob (length, MD5), register the asset.");
            result.Details.Add("span, naive: the seed's CopyBlobsFromDifferentStorage with the v12 SDK: create the container, make a container SAS (read+write, 1 day), list,");
            result.Details.Add("      then per blob: Get Properties, Start Copy (source URL + SAS), Get Properties of the copy until not pending (1 s sleep between looks;");
            result.Details.Add("      Azurite's first look already says success). Into a container of its own in dcb, so both runs copy the same blobs from scratch.");
            result.Details.Add("order: a warm-up of both ways on another 100-blob asset, then the naive run, then ours.");
            result.Details.Add($"where the time went (CPU seconds in the run / wall seconds): ours: Azurite {Stats.F(ours.AzuriteCpu, "0.0")}, this process {Stats.F(ours.SelfCpu, "0.0")} " +
                               $"in {Stats.F(ours.Wall.TotalSeconds, "0.0")} s; naive: Azurite {Stats.F(naive.AzuriteCpu, "0.0")}, this process {Stats.F(naive.SelfCpu, "0.0")} in {Stats.F(naive.Wall.TotalSeconds, "0.0")} s.");
            result.Details.Add($"Azurite CPU per blob: ours {Stats.F(ours.AzuriteCpu / blobs * 1000, "0.0")} ms, naive {Stats.F(naive.AzuriteCpu / blobs * 1000, "0.0")} ms. " +
                               "Azurite is one node process (at most one core): when its CPU is close to the wall time, it is the limit, not the client.");

            // The same comparison with a network between the client and storage.
            result.Variants.Add(await DelayedRowAsync(host, lab, delayedBlobs, delay, quick, token).ConfigureAwait(false));
            // The streaming fallback.
            result.Variants.Add(await StreamingRowAsync(host, lab, largeBlobs, quick, token).ConfigureAwait(false));
            return result;
        }

        private static async Task<BenchResult> DelayedRowAsync(BenchHost host, Lab lab, int blobs, TimeSpan delay, string quick, CancellationToken token)
        {
            var dca = lab.Azurite.Context("dca");
            var asset = await MakeAssetAsync(lab, dca, "delayed", blobs, SmallBlob, token).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            using var naiveWire = host.Track(new CountingEndpoints(lab.Azurite, clock, delay));
            using var ourWire = host.Track(new CountingEndpoints(lab.Azurite, clock, delay));

            BenchHost.Log($"copy (+{delay.TotalMilliseconds:0} ms each way): naive — the seed's loop over {blobs} blobs through a delaying relay");
            var naiveSource = naiveWire.ConnectionString(lab.Azurite, "dca");
            var naiveDestination = naiveWire.ConnectionString(lab.Azurite, "dcb");
            var naive = await MeasureAsync(() => Task.Factory.StartNew(() => SeedCopyLoop(naiveSource, naiveDestination, asset.ContainerName, "naive-" + asset.ContainerName),
                token, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ConfigureAwait(false);
            BenchHost.Log($"  naive: {naive.Wall.TotalSeconds:0.0} s");
            BenchHost.Log($"copy (+{delay.TotalMilliseconds:0} ms each way): ours — CopyAsync through a delaying relay");
            var source = MediaAccountContext.FromConnectionString("dca", ourWire.ConnectionString(lab.Azurite, "dca"));
            var destination = MediaAccountContext.FromConnectionString("dcb", ourWire.ConnectionString(lab.Azurite, "dcb"));
            var ours = await MeasureAsync(() => new MediaAssetCopyClient(source, destination).CopyAsync(asset.Id, null, token)).ConfigureAwait(false);
            BenchHost.Log($"  ours: {ours.Wall.TotalSeconds:0.0} s");
            CheckOurs(ours.Value, blobs, AssetCopyMethod.ServerSide);
            CheckNaive(naive.Value, blobs);

            var ourRate = blobs / ours.Wall.TotalSeconds;
            var naiveRate = blobs / naive.Wall.TotalSeconds;
            string Requests(CountingEndpoints wire) =>
                $"{wire.Blob.Requests.Count} requests from the client ({Stats.F(wire.Blob.Requests.Count / (double)blobs, "0.00")}/blob: " +
                string.Join(", ", wire.Blob.Requests.GroupBy(r => Operation(r.Line)).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")) +
                $"), {wire.Blob.StorageRequests.Count} copy-source reads by storage";
            var row = new BenchResult
            {
                Name = Name + $" (+{delay.TotalMilliseconds:0} ms each way)",
                What = quick + $"the same, {blobs} blobs x 16 KiB, with the client {delay.TotalMilliseconds:0} ms away from storage each way (a relay; information, not the verdict)",
                Ours = $"{Stats.F(ourRate, "0")} blobs/s ({Stats.Seconds(ours.Wall.TotalSeconds)})",
                Naive = $"{Stats.F(naiveRate, "0")} blobs/s ({Stats.Seconds(naive.Wall.TotalSeconds)})",
                Ratio = $"{Stats.F(ourRate / naiveRate, "0.0")}x faster",
                Bar = "(same bar; informational: the verdict is the plain row)",
                Pass = ourRate / naiveRate >= 10,
                Informational = true,
            };
            row.Details.Add($"models: a runbook in another region than its storage accounts: every client request and response crosses a loopback relay that holds");
            row.Details.Add($"      each byte {delay.TotalMilliseconds:0} ms in each direction (+{2 * delay.TotalMilliseconds:0} ms per round trip, no bandwidth limit; new connections pay it too).");
            row.Details.Add("      Storage's own read of each copy source (a SAS GET from Azurite) goes through the relay undelayed: the two accounts are near each other.");
            row.Details.Add("      The seed's loop pays the round trip at least three times per blob, one after another; ours overlaps 16 blobs' requests.");
            row.Details.Add("      Azurite's CPU limit of the plain row still applies underneath; a smaller asset than the plain row's, to keep the seed's run short.");
            row.Details.Add("requests on the wire, ours: " + Requests(ourWire));
            row.Details.Add("requests on the wire, naive: " + Requests(naiveWire));
            row.Details.Add($"CPU: ours Azurite {Stats.F(ours.AzuriteCpu, "0.0")} s, this process {Stats.F(ours.SelfCpu, "0.0")} s in {Stats.F(ours.Wall.TotalSeconds, "0.0")} s; " +
                            $"naive Azurite {Stats.F(naive.AzuriteCpu, "0.0")} s, this process {Stats.F(naive.SelfCpu, "0.0")} s in {Stats.F(naive.Wall.TotalSeconds, "0.0")} s.");
            return row;
        }

        private static async Task<BenchResult> StreamingRowAsync(BenchHost host, Lab lab, int blobs, string quick, CancellationToken token)
        {
            var dca = lab.Azurite.Context("dca");
            var dcb = lab.Azurite.Context("dcb");
            var source = lab.Azurite.ConnectionString("dca");
            var destination = lab.Azurite.ConnectionString("dcb");
            var streaming = new MediaAssetCopyOptions { Method = AssetCopyMethod.Streaming };
            var warmUp = await MakeAssetAsync(lab, dca, "stream-warmup", 4, LargeBlob, token).ConfigureAwait(false);
            var asset = await MakeAssetAsync(lab, dca, "stream", blobs, LargeBlob, token).ConfigureAwait(false);

            BenchHost.Log("copy (streaming): warm-up, both ways, on a 4 x 1 MiB asset");
            await Task.Factory.StartNew(() => DownloadUploadLoop(source, destination, warmUp.ContainerName, "naive-" + warmUp.ContainerName), token,
                TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            await new MediaAssetCopyClient(dca, dcb, streaming).CopyAsync(warmUp.Id, null, token).ConfigureAwait(false);

            BenchHost.Log($"copy (streaming): naive — download then upload, one blob at a time, {blobs} x 1 MiB");
            var naive = await MeasureAsync(() => Task.Factory.StartNew(() => DownloadUploadLoop(source, destination, asset.ContainerName, "naive-" + asset.ContainerName),
                token, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ConfigureAwait(false);
            BenchHost.Log($"  naive: {naive.Wall.TotalSeconds:0.00} s");
            BenchHost.Log("copy (streaming): ours — CopyAsync with Method = Streaming");
            var ours = await MeasureAsync(() => new MediaAssetCopyClient(dca, dcb, streaming).CopyAsync(asset.Id, null, token)).ConfigureAwait(false);
            BenchHost.Log($"  ours: {ours.Wall.TotalSeconds:0.00} s");
            CheckOurs(ours.Value, blobs, AssetCopyMethod.Streaming);
            CheckNaive(naive.Value, blobs);

            var megabytes = blobs * (double)LargeBlob / 1e6;
            var ourRate = megabytes / ours.Wall.TotalSeconds;
            var naiveRate = megabytes / naive.Wall.TotalSeconds;
            var row = new BenchResult
            {
                Name = Name + " (streaming)",
                What = quick + $"streaming fallback dca -> dcb through this machine, an asset of {blobs} blobs x 1 MiB, MB/s (10^6 bytes)",
                Ours = $"{Stats.F(ourRate, "0.0")} MB/s ({Stats.Seconds(ours.Wall.TotalSeconds)})",
                Naive = $"{Stats.F(naiveRate, "0.0")} MB/s ({Stats.Seconds(naive.Wall.TotalSeconds)})",
                Ratio = $"{Stats.F(ourRate / naiveRate, "0.00")}x",
                Bar = "ours >= 1.0x the download-then-upload loop (the bar used for this row: faster than the plain script)",
                Pass = ourRate / naiveRate >= 1.0,
            };
            if (host.Quick) row.Details.Add("QUICK: fewer blobs; the real figure needs the full run (no --quick).");
            row.Details.Add("span, ours: the whole CopyAsync call with MediaAssetCopyOptions.Method = Streaming (16 blobs at once, each downloaded and uploaded");
            row.Details.Add("      in one request as it fits a 4 MiB block, MD5 computed on the way and checked against the source's; then verify and register).");
            row.Details.Add("span, naive: list, then per blob, one at a time: DownloadContent, then Upload (overwrite) into a container of its own in dcb.");
            row.Details.Add("order: a warm-up of both ways on another 4 x 1 MiB asset, then the naive run, then ours.");
            row.Details.Add($"CPU: ours Azurite {Stats.F(ours.AzuriteCpu, "0.0")} s, this process {Stats.F(ours.SelfCpu, "0.0")} s in {Stats.F(ours.Wall.TotalSeconds, "0.00")} s; " +
                            $"naive Azurite {Stats.F(naive.AzuriteCpu, "0.0")} s, this process {Stats.F(naive.SelfCpu, "0.0")} s in {Stats.F(naive.Wall.TotalSeconds, "0.00")} s.");
            return row;
        }

        /// <summary>
        /// seeds/002 <c>CopyBlobsFromDifferentStorage</c> with the v12 SDK, synchronous as the seed is: list the source, and for
        /// each blob one at a time: its properties, start its copy from the source URL with a container SAS, then look at the
        /// destination's properties every second until the copy is no longer pending. Returns the blobs whose copy did not succeed.
        /// </summary>
        private static List<string> SeedCopyLoop(string sourceConnectionString, string destinationConnectionString, string sourceContainerName, string targetContainerName)
        {
            var failed = new List<string>();
            var sourceContainer = new BlobContainerClient(sourceConnectionString, sourceContainerName);
            var targetContainer = new BlobContainerClient(destinationConnectionString, targetContainerName);
            targetContainer.CreateIfNotExists();

            // Read + write for a day, as the seed's policy.
            var blobToken = sourceContainer.GenerateSasUri(BlobContainerSasPermissions.Write | BlobContainerSasPermissions.Read, DateTimeOffset.UtcNow.AddDays(1)).Query;

            foreach (var sourceBlob in sourceContainer.GetBlobs())
            {
                var fileName = sourceBlob.Name;
                var sourceCloudBlob = sourceContainer.GetBlobClient(fileName);
                var properties = sourceCloudBlob.GetProperties().Value;

                if (properties.ContentLength > 0)
                {
                    var destinationBlob = targetContainer.GetBlobClient(fileName);
                    destinationBlob.StartCopyFromUri(new Uri(sourceCloudBlob.Uri.AbsoluteUri + blobToken));

                    while (true)
                    {
                        var state = destinationBlob.GetProperties().Value;
                        if (state.CopyStatus != CopyStatus.Pending)
                        {
                            if (state.CopyStatus != CopyStatus.Success) failed.Add(fileName);
                            break;
                        }
                        Thread.Sleep(1000);
                    }
                }
            }
            return failed;
        }

        /// <summary>What a plain script does without server-side copy: each blob downloaded whole, then uploaded, one at a time.</summary>
        private static List<string> DownloadUploadLoop(string sourceConnectionString, string destinationConnectionString, string sourceContainerName, string targetContainerName)
        {
            var sourceContainer = new BlobContainerClient(sourceConnectionString, sourceContainerName);
            var targetContainer = new BlobContainerClient(destinationConnectionString, targetContainerName);
            targetContainer.CreateIfNotExists();
            foreach (var blob in sourceContainer.GetBlobs())
            {
                var content = sourceContainer.GetBlobClient(blob.Name).DownloadContent().Value.Content;
                targetContainer.GetBlobClient(blob.Name).Upload(content, overwrite: true);
            }
            return new List<string>();
        }

        private static async Task<MediaAsset> MakeAssetAsync(Lab lab, MediaAccountContext context, string label, int count, int size, CancellationToken token)
        {
            var directory = Path.Combine(lab.Directory, label);
            Directory.CreateDirectory(directory);
            var random = new Random(count * 31 + size);
            var buffer = new byte[size];
            var files = new List<string>();
            for (var i = 0; i < count; i++)
            {
                random.NextBytes(buffer);
                var path = Path.Combine(directory, size >= LargeBlob ? $"media_{i}.mp4" : $"segment_{i:D5}.m4s");
                File.WriteAllBytes(path, buffer);
                files.Add(path);
            }
            var asset = await new MediaAssetClient(context).CreateAsync(files, new MediaAssetCreateOptions { Name = "bench-" + label, MaxConcurrency = 16 }, null, token)
                .ConfigureAwait(false);
            Directory.Delete(directory, recursive: true);
            return asset;
        }

        private static async Task<int> CountBlobsAsync(string connectionString, string container, CancellationToken token)
        {
            var count = 0;
            await foreach (var _ in new BlobContainerClient(connectionString, container).GetBlobsAsync(cancellationToken: token).ConfigureAwait(false)) count++;
            return count;
        }

        private static void CheckOurs(MediaAssetCopyResult result, int blobs, AssetCopyMethod method)
        {
            if (result.FilesCopied != blobs || result.Method != method)
            {
                throw new InvalidOperationException($"CopyAsync copied {result.FilesCopied} of {blobs} files by {result.Method}, not all of them by {method}");
            }
        }

        private static void CheckNaive(List<string> failed, int blobs)
        {
            if (failed.Count > 0) throw new InvalidOperationException($"the naive loop failed {failed.Count} of {blobs} blobs, e.g. {failed[0]}");
        }

        /// <summary>"GET ?restype=container&amp;comp=list" style label of a request line: the method and the comp/restype of its query.</summary>
        private static string Operation(string requestLine)
        {
            var parts = requestLine.Split(' ');
            var method = parts[0];
            var target = parts.Length > 1 ? parts[1] : "";
            var query = target.Contains('?') ? target.Substring(target.IndexOf('?') + 1) : "";
            var comp = query.Split('&').FirstOrDefault(p => p.StartsWith("comp=", StringComparison.Ordinal));
            var restype = query.Split('&').FirstOrDefault(p => p.StartsWith("restype=", StringComparison.Ordinal));
            return string.Join(" ", new[] { method, restype, comp }.Where(p => !string.IsNullOrEmpty(p)));
        }

        private static async Task<Measured<T>> MeasureAsync<T>(Func<Task<T>> run)
        {
            var cpu = ProcessCpu.Take();
            var watch = Stopwatch.StartNew();
            var value = await run().ConfigureAwait(false);
            var wall = watch.Elapsed;
            var after = ProcessCpu.Take();
            return new Measured<T>(value, wall, after.NamedSince(cpu, "node"), after.SelfSince(cpu));
        }

        private sealed class Measured<T>
        {
            public Measured(T value, TimeSpan wall, double azuriteCpu, double selfCpu)
            {
                Value = value;
                Wall = wall;
                AzuriteCpu = azuriteCpu;
                SelfCpu = selfCpu;
            }

            public T Value { get; }

            public TimeSpan Wall { get; }

            public double AzuriteCpu { get; }

            public double SelfCpu { get; }
        }
    }
}
