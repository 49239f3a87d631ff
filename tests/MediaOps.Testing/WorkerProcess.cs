using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading.Tasks;

namespace MediaOps.Testing
{
    /// <summary>A real <c>mediaops worker</c> process; its JSON-lines log is kept for assertions.</summary>
    public sealed class WorkerProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _log = new StringBuilder();

        private WorkerProcess(Process process)
        {
            _process = process;
        }

        public int Id => _process.Id;

        public bool HasExited => _process.HasExited;

        public int ExitCode => _process.ExitCode;

        public string Log
        {
            get { lock (_log) return _log.ToString(); }
        }

        /// <summary>Starts a worker; the connection string goes through the environment, never the command line.</summary>
        public static WorkerProcess Start(string connectionString, params string[] extraArgs)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(RepositoryPaths.HostAssembly);
            start.ArgumentList.Add("worker");
            foreach (var arg in extraArgs) start.ArgumentList.Add(arg);
            start.Environment["MEDIAOPS_CONNECTION_STRING"] = connectionString;
            var process = Process.Start(start) ?? throw new InvalidOperationException("The worker did not start.");
            var worker = new WorkerProcess(process);
            process.OutputDataReceived += (_, e) => worker.Append(e.Data);
            process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return worker;
        }

        /// <summary>Kills the worker and its ffmpeg at once, as a crash or an out-of-memory kill would.</summary>
        public void Crash()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        /// <summary>Sends SIGTERM, as a service manager or a container runtime does when it stops the worker.</summary>
        public void Terminate()
        {
            if (!_process.HasExited) Signals.Send(_process.Id, Signals.SIGTERM);
        }

        public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit((int)timeout.TotalMilliseconds);

        public async Task WaitForLogAsync(string text, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!Log.Contains(text, StringComparison.Ordinal))
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"The worker did not log '{text}' within {timeout}. Log:\n{Log}");
                if (_process.HasExited) throw new InvalidOperationException($"The worker exited ({_process.ExitCode}) before logging '{text}'. Log:\n{Log}");
                await Task.Delay(100);
            }
        }

        public void Dispose()
        {
            Crash();
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
            private static extern int Kill(int pid, int signal);

            public static void Send(int pid, int signal)
            {
                if (Kill(pid, signal) != 0) throw new InvalidOperationException($"kill({pid}, {signal}) failed.");
            }
        }
    }
}
