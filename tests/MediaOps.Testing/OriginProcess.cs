using System;
using System.Diagnostics;
using System.Text;
using System.Threading.Tasks;

namespace MediaOps.Testing
{
    /// <summary>
    /// A real <c>mediaops origin</c> process on a free 127.0.0.1 port, started with the connection string in its
    /// environment (never on the command line); its JSON-lines log is kept for assertions. Dispose kills it.
    /// </summary>
    public sealed class OriginProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _log = new StringBuilder();

        private OriginProcess(Process process, Uri baseUri)
        {
            _process = process;
            BaseUri = baseUri;
        }

        /// <summary><c>http://127.0.0.1:&lt;port&gt;/</c>; streaming URLs are <c>BaseUri + &lt;locator guid&gt;/&lt;file&gt;</c>.</summary>
        public Uri BaseUri { get; }

        public int Id => _process.Id;

        public bool HasExited => _process.HasExited;

        public int ExitCode => _process.ExitCode;

        public string Log
        {
            get { lock (_log) return _log.ToString(); }
        }

        /// <summary>Starts an origin and returns once it has logged <c>OriginStarted</c>.</summary>
        public static async Task<OriginProcess> StartAsync(string connectionString, TimeSpan? startTimeout = null, params string[] extraArgs)
        {
            var port = AzuriteInstance.FreePort();
            var baseUri = new Uri($"http://127.0.0.1:{port}/");
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(RepositoryPaths.HostAssembly);
            start.ArgumentList.Add("origin");
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add($"http://127.0.0.1:{port}");
            foreach (var arg in extraArgs) start.ArgumentList.Add(arg);
            start.Environment["MEDIAOPS_CONNECTION_STRING"] = connectionString;

            var process = Process.Start(start) ?? throw new InvalidOperationException("The origin did not start.");
            var origin = new OriginProcess(process, baseUri);
            process.OutputDataReceived += (_, e) => origin.Append(e.Data);
            process.ErrorDataReceived += (_, e) => origin.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                await origin.WaitForLogAsync("\"OriginStarted\"", startTimeout ?? TimeSpan.FromSeconds(30));
            }
            catch
            {
                origin.Dispose();
                throw;
            }
            return origin;
        }

        /// <summary>Sends SIGTERM, as a service manager does, and waits for the origin to exit.</summary>
        public bool Stop(TimeSpan? timeout = null)
        {
            if (!_process.HasExited) Signals.Send(_process.Id, Signals.SIGTERM);
            if (!_process.WaitForExit((int)(timeout ?? TimeSpan.FromSeconds(15)).TotalMilliseconds)) return false;
            // The timed wait does not wait for the redirected output; this one does, so that Log holds the last lines.
            _process.WaitForExit();
            return true;
        }

        /// <summary>Kills the origin at once, as a crash or a datacenter outage would.</summary>
        public void Kill()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        public async Task WaitForLogAsync(string text, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!Log.Contains(text, StringComparison.Ordinal))
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"The origin did not log '{text}' within {timeout}. Log:\n{Log}");
                if (_process.HasExited) throw new InvalidOperationException($"The origin exited ({_process.ExitCode}) before logging '{text}'. Log:\n{Log}");
                await Task.Delay(50);
            }
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line == null) return;
            lock (_log) _log.AppendLine(line);
        }

        private static class Signals
        {
            public const int SIGTERM = 15;

            [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
            private static extern int SendSignal(int pid, int signal);

            public static void Send(int pid, int signal)
            {
                if (SendSignal(pid, signal) != 0) throw new InvalidOperationException($"kill({pid}, {signal}) failed.");
            }
        }
    }
}
