using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core.Accounts;
using MediaOps.Core.Models;

namespace MediaOps.Testing
{
    /// <summary>
    /// A real Azurite (blob + queue) on free 127.0.0.1 ports with its own accounts and an in-memory store,
    /// stopped (with its whole process tree) on dispose.
    /// </summary>
    public sealed class AzuriteInstance : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new StringBuilder();
        private readonly Dictionary<string, string> _keys;

        private readonly string _workingDirectory;

        private AzuriteInstance(Process process, string workingDirectory, int blobPort, int queuePort, Dictionary<string, string> keys)
        {
            _process = process;
            _workingDirectory = workingDirectory;
            BlobPort = blobPort;
            QueuePort = queuePort;
            _keys = keys;
        }

        public int BlobPort { get; }

        public int QueuePort { get; }

        public IReadOnlyCollection<string> AccountNames => _keys.Keys;

        public string Output
        {
            get { lock (_output) return _output.ToString(); }
        }

        /// <summary>Starts Azurite with the given accounts (default: dca and dcb), each with a fresh random key.</summary>
        public static async Task<AzuriteInstance> StartAsync(IEnumerable<string>? accountNames = null, CancellationToken cancellationToken = default)
        {
            var names = (accountNames ?? new[] { "dca", "dcb" }).ToList();
            var keys = names.ToDictionary(n => n, _ => Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
            var blobPort = FreePort();
            var queuePort = FreePort();
            var tablePort = FreePort();
            var location = Path.Combine(Path.GetTempPath(), "mediaops-azurite-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(location);

            var start = new ProcessStartInfo(RepositoryPaths.AzuriteExecutable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = location,
            };
            foreach (var arg in new[]
            {
                "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(),
                "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(),
                "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(),
                "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck", "--silent",
            })
            {
                start.ArgumentList.Add(arg);
            }
            start.Environment["AZURITE_ACCOUNTS"] = string.Join(";", keys.Select(k => $"{k.Key}:{k.Value}"));

            var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
            var instance = new AzuriteInstance(process, location, blobPort, queuePort, keys);
            process.OutputDataReceived += (_, e) => instance.Append(e.Data);
            process.ErrorDataReceived += (_, e) => instance.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!(await AcceptsAsync(blobPort) && await AcceptsAsync(queuePort)))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    instance.Dispose();
                    throw new InvalidOperationException("Azurite did not start listening: " + instance.Output);
                }
                await Task.Delay(100, cancellationToken);
            }
            return instance;
        }

        public string AccountKey(string accountName) => _keys[accountName];

        public string ConnectionString(string accountName) =>
            MediaAccountContext.AzuriteConnectionString(accountName, _keys[accountName], BlobPort, QueuePort);

        public MediaAccountContext Context(string accountName, Uri? streamingEndpoint = null, MediaClientOptions? options = null) =>
            MediaAccountContext.FromConnectionString(accountName, ConnectionString(accountName), streamingEndpoint, options);

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
            }
            _process.Dispose();
            try
            {
                Directory.Delete(_workingDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        /// <summary>A TCP port that was free on 127.0.0.1 a moment ago.</summary>
        public static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        private void Append(string? line)
        {
            if (line == null) return;
            lock (_output) _output.AppendLine(line);
        }

        private static async Task<bool> AcceptsAsync(int port)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }
}
