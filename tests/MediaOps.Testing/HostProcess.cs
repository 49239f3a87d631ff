using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace MediaOps.Testing
{
    /// <summary>
    /// A real <c>mediaops</c> host process (<c>worker</c>, <c>origin</c>) started with the connection string in its
    /// environment, never on the command line; its log (the JSON console formatter's lines: Timestamp, EventId, LogLevel,
    /// Category, Message, State, Scopes) is kept for assertions. Dispose kills it.
    /// </summary>
    public abstract class HostProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _log = new StringBuilder();

        protected HostProcess(string command, string connectionString, IEnumerable<string> args)
            : this(RepositoryPaths.HostAssembly, command, connectionString, args)
        {
        }

        /// <param name="hostAssembly">The <c>mediaops.dll</c> to run: this repository's build, or another (a benchmark's baseline).</param>
        protected HostProcess(string hostAssembly, string command, string connectionString, IEnumerable<string> args)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(hostAssembly);
            start.ArgumentList.Add(command);
            foreach (var arg in args) start.ArgumentList.Add(arg);
            start.Environment["MEDIAOPS_CONNECTION_STRING"] = connectionString;
            _process = Process.Start(start) ?? throw new InvalidOperationException($"mediaops {command} did not start.");
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public int Id => _process.Id;

        public bool HasExited => _process.HasExited;

        public int ExitCode => _process.ExitCode;

        public string Log
        {
            get { lock (_log) return _log.ToString(); }
        }

        /// <summary>Kills the process and its children at once, as a crash, an out-of-memory kill or an outage would.</summary>
        public void Kill()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        /// <summary>Sends SIGTERM, as a service manager or a container runtime does when it stops the process.</summary>
        public void Terminate()
        {
            if (!_process.HasExited) Signals.Send(_process.Id, Signals.SIGTERM);
        }

        public bool WaitForExit(TimeSpan timeout)
        {
            if (!_process.WaitForExit((int)timeout.TotalMilliseconds)) return false;
            // The timed wait does not wait for the redirected output; this one does, so that Log holds the last lines.
            _process.WaitForExit();
            return true;
        }

        /// <summary>The log lines that are JSON objects, parsed.</summary>
        public IReadOnlyList<JsonElement> LogLines() =>
            Log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(line => line.StartsWith('{'))
                .Select(line => JsonDocument.Parse(line).RootElement.Clone())
                .ToList();

        /// <summary>The lines of one event, by its stable event id.</summary>
        public IReadOnlyList<JsonElement> Events(int eventId) =>
            LogLines().Where(line => line.TryGetProperty("EventId", out var id) && id.GetInt32() == eventId).ToList();

        /// <summary>Waits until the event <paramref name="eventId"/> has been logged.</summary>
        public Task WaitForEventAsync(int eventId, TimeSpan timeout) => WaitForLogAsync($"\"EventId\":{eventId},", timeout);

        public async Task WaitForLogAsync(string text, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            var name = GetType().Name;
            while (!Log.Contains(text, StringComparison.Ordinal))
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"{name} did not log '{text}' within {timeout}. Log:\n{Log}");
                if (_process.HasExited)
                {
                    // The parameterless wait also waits for the redirected output to reach its end: the log is then whole.
                    _process.WaitForExit();
                    if (Log.Contains(text, StringComparison.Ordinal)) return;
                    throw new InvalidOperationException($"{name} exited ({_process.ExitCode}) before logging '{text}'. Log:\n{Log}");
                }
                await Task.Delay(50);
            }
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
            GC.SuppressFinalize(this);
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
