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
    /// A real Azurite (blob + queue) on free 127.0.0.1 ports with its own accounts and an in-memory store (or, when
    /// persistent, a store on disk that survives <see cref="StopAsync"/> and <see cref="RestartAsync"/>), stopped (with its
    /// whole process tree) on dispose.
    /// </summary>
    public sealed class AzuriteInstance : IDisposable
    {
        private readonly StringBuilder _output = new StringBuilder();
        private readonly Dictionary<string, string> _keys;
        private readonly string _workingDirectory;
        private readonly int _tablePort;
        private readonly bool _persistent;
        private Process? _process;

        private AzuriteInstance(string workingDirectory, int blobPort, int queuePort, int tablePort, bool persistent, Dictionary<string, string> keys)
        {
            _workingDirectory = workingDirectory;
            BlobPort = blobPort;
            QueuePort = queuePort;
            _tablePort = tablePort;
            _persistent = persistent;
            _keys = keys;
        }

        public int BlobPort { get; }

        public int QueuePort { get; }

        public IReadOnlyCollection<string> AccountNames => _keys.Keys;

        public string Output
        {
            get { lock (_output) return _output.ToString(); }
        }

        /// <summary>
        /// Starts Azurite with the given accounts (default: dca and dcb), each with a fresh random key; <paramref name="persistent"/>
        /// keeps its data on disk, so that it can be stopped and restarted with its data.
        /// </summary>
        public static async Task<AzuriteInstance> StartAsync(
            IEnumerable<string>? accountNames = null, CancellationToken cancellationToken = default, bool persistent = false)
        {
            var names = (accountNames ?? new[] { "dca", "dcb" }).ToList();
            var keys = names.ToDictionary(n => n, _ => Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
            var location = Path.Combine(Path.GetTempPath(), "mediaops-azurite-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(location);
            var instance = new AzuriteInstance(location, FreePort(), FreePort(), FreePort(), persistent, keys);
            await instance.LaunchAsync(cancellationToken);
            return instance;
        }

        /// <summary>Stops Azurite as Ctrl+C does (it saves its store); its ports refuse connections until <see cref="RestartAsync"/>.</summary>
        public async Task StopAsync()
        {
            var process = _process ?? throw new InvalidOperationException("Azurite is not running.");
            if (!process.HasExited && OperatingSystem.IsLinux()) SendSigterm(process.Id);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
            process.Dispose();
            _process = null;
        }

        /// <summary>Starts a stopped persistent Azurite again on the same ports, accounts and data.</summary>
        public Task RestartAsync(CancellationToken cancellationToken = default)
        {
            if (!_persistent) throw new InvalidOperationException("An in-memory Azurite loses its data when it stops; start it with persistent: true.");
            if (_process != null) throw new InvalidOperationException("Azurite is running.");
            return LaunchAsync(cancellationToken);
        }

        private async Task LaunchAsync(CancellationToken cancellationToken)
        {
            var start = new ProcessStartInfo(RepositoryPaths.AzuriteExecutable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = _workingDirectory,
            };
            foreach (var arg in new[]
            {
                "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(),
                "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(),
                "--tableHost", "127.0.0.1", "--tablePort", _tablePort.ToString(),
                "--disableTelemetry", "--skipApiVersionCheck", "--silent",
            })
            {
                start.ArgumentList.Add(arg);
            }
            if (_persistent)
            {
                start.ArgumentList.Add("--location");
                start.ArgumentList.Add(Path.Combine(_workingDirectory, "data"));
            }
            else
            {
                start.ArgumentList.Add("--inMemoryPersistence");
            }
            start.Environment["AZURITE_ACCOUNTS"] = string.Join(";", _keys.Select(k => $"{k.Key}:{k.Value}"));

            var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
            _process = process;
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!(await AcceptsAsync(BlobPort) && await AcceptsAsync(QueuePort)))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    Dispose();
                    throw new InvalidOperationException("Azurite did not start listening: " + Output);
                }
                await Task.Delay(100, cancellationToken);
            }
        }

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int Kill(int pid, int signal);

        private static void SendSigterm(int pid) => Kill(pid, 15);

        public string AccountKey(string accountName) => _keys[accountName];

        public string ConnectionString(string accountName) =>
            MediaAccountContext.AzuriteConnectionString(accountName, _keys[accountName], BlobPort, QueuePort);

        public MediaAccountContext Context(string accountName, Uri? streamingEndpoint = null, MediaClientOptions? options = null) =>
            MediaAccountContext.FromConnectionString(accountName, ConnectionString(accountName), streamingEndpoint, options);

        public void Dispose()
        {
            var process = _process;
            _process = null;
            if (process != null)
            {
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                        process.WaitForExit(10_000);
                    }
                }
                catch (InvalidOperationException)
                {
                }
                process.Dispose();
            }
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
