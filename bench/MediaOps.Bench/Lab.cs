using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core.Accounts;
using MediaOps.Core.Models;
using MediaOps.Testing;

namespace MediaOps.Bench
{
    /// <summary>One benchmark's Azurite (on free 127.0.0.1 ports, accounts dca and dcb) and work folder, given back on dispose.</summary>
    internal sealed class Lab : IDisposable
    {
        private readonly BenchHost _host;

        private Lab(BenchHost host, AzuriteInstance azurite, string directory)
        {
            _host = host;
            Azurite = azurite;
            Directory = directory;
            WorkQueue = "bench-jobs-" + Guid.NewGuid().ToString("N").Substring(0, 10);
        }

        public AzuriteInstance Azurite { get; }

        /// <summary>This benchmark's folder under the run's temporary root.</summary>
        public string Directory { get; }

        /// <summary>A work queue of this benchmark's own.</summary>
        public string WorkQueue { get; }

        public static async Task<Lab> StartAsync(BenchHost host, string label, CancellationToken cancellationToken)
        {
            var directory = host.NewDirectory(label);
            BenchHost.Log($"{label}: starting Azurite (127.0.0.1, accounts dca and dcb)");
            var azurite = host.Track(await AzuriteInstance.StartAsync(new[] { "dca", "dcb" }, cancellationToken).ConfigureAwait(false));
            return new Lab(host, azurite, directory);
        }

        public string ConnectionString => Azurite.ConnectionString("dca");

        public MediaAccountContext Dca() => Azurite.Context("dca", options: new MediaClientOptions { WorkQueueName = WorkQueue });

        public MediaAccountContext Dca(string connectionString) =>
            MediaAccountContext.FromConnectionString("dca", connectionString, options: new MediaClientOptions { WorkQueueName = WorkQueue });

        public async Task<string> MezzanineAsync(string name, double seconds, int width, int height, int frameRate, CancellationToken cancellationToken)
        {
            BenchHost.Log($"making a {seconds:0.#} s {width}x{height} {frameRate} fps mezzanine with ffmpeg (testsrc2 + sine, H.264/AAC)");
            return await TestMedia.CreateMezzanineAsync(Path.Combine(Directory, name), seconds, width, height, frameRate, true, cancellationToken).ConfigureAwait(false);
        }

        public void Dispose()
        {
            BenchHost.Log("stopping Azurite");
            _host.Release(Azurite);
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
