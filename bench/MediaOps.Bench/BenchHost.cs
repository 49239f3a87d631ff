using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace MediaOps.Bench
{
    /// <summary>
    /// What a run owns and must give back: one temporary root (every temp file of the run, Azurite's workspace and the
    /// workers' folders included, is under it because TMPDIR points there), the processes it started, and the
    /// cancellation that Ctrl+C or SIGTERM triggers. Benchmarks dispose what they start in <c>finally</c>; the host
    /// kills whatever is still registered and removes the root on the way out, however the run ends.
    /// </summary>
    internal sealed class BenchHost : IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly List<Process> _processes = new List<Process>();
        private readonly List<IDisposable> _disposables = new List<IDisposable>();
        private readonly object _gate = new object();
        private readonly string? _previousTmp;
        private readonly List<PosixSignalRegistration> _signals = new List<PosixSignalRegistration>();
        private int _cleanedUp;

        public BenchHost(bool quick, string? baselineHost = null)
        {
            Quick = quick;
            BaselineHost = baselineHost;
            Root = Path.Combine(Path.GetTempPath(), "mediaops-bench-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(Root);
            _previousTmp = Environment.GetEnvironmentVariable("TMPDIR");
            // Path.GetTempPath() reads TMPDIR on every call, and child processes inherit it: everything lands under Root.
            Environment.SetEnvironmentVariable("TMPDIR", Root + Path.DirectorySeparatorChar);

            Console.CancelKeyPress += OnCancelKeyPress;
            _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; RequestStop("SIGTERM"); }));
            _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => { c.Cancel = true; RequestStop("SIGHUP"); }));
            AppDomain.CurrentDomain.ProcessExit += (_, _) => CleanUp();
        }

        public bool Quick { get; }

        /// <summary>The <c>mediaops.dll</c> of another build to measure beside this one (<c>--baseline</c>), or null.</summary>
        public string? BaselineHost { get; }

        /// <summary>The run's temporary folder; removed at the end.</summary>
        public string Root { get; }

        public CancellationToken Stopping => _stop.Token;

        public string NewDirectory(string label)
        {
            var path = Path.Combine(Root, label + "-" + Guid.NewGuid().ToString("N").Substring(0, 6));
            Directory.CreateDirectory(path);
            return path;
        }

        /// <summary>Registers a process to be killed (with its children) if the run ends before its owner stops it.</summary>
        public void Track(Process process)
        {
            lock (_gate) _processes.Add(process);
        }

        public void Untrack(Process process)
        {
            lock (_gate) _processes.Remove(process);
        }

        /// <summary>Registers something (an Azurite, a proxy) to be disposed if the run ends before its owner disposes it.</summary>
        public T Track<T>(T disposable) where T : IDisposable
        {
            lock (_gate) _disposables.Add(disposable);
            return disposable;
        }

        public void Release(IDisposable disposable)
        {
            lock (_gate) _disposables.Remove(disposable);
            disposable.Dispose();
        }

        public static void Log(string message) =>
            Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

        public void Dispose()
        {
            CleanUp();
            foreach (var signal in _signals) signal.Dispose();
            Console.CancelKeyPress -= OnCancelKeyPress;
        }

        private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
        {
            if (_stop.IsCancellationRequested)
            {
                // Second Ctrl+C: do not wait for the benchmark to unwind.
                CleanUp();
                return;
            }
            e.Cancel = true;
            RequestStop("Ctrl+C");
        }

        private void RequestStop(string why)
        {
            Log($"{why}: stopping; everything this run started is being stopped and its files removed.");
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        private void CleanUp()
        {
            if (Interlocked.Exchange(ref _cleanedUp, 1) == 1) return;
            List<Process> processes;
            List<IDisposable> disposables;
            lock (_gate)
            {
                processes = new List<Process>(_processes);
                disposables = new List<IDisposable>(_disposables);
                _processes.Clear();
                _disposables.Clear();
            }
            foreach (var process in processes)
            {
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                        process.WaitForExit(5000);
                    }
                }
                catch (Exception)
                {
                    // Already gone or never started: nothing to stop.
                }
            }
            for (var i = disposables.Count - 1; i >= 0; i--)
            {
                try
                {
                    disposables[i].Dispose();
                }
                catch (Exception)
                {
                }
            }
            Environment.SetEnvironmentVariable("TMPDIR", _previousTmp);
            for (var attempt = 0; attempt < 3 && Directory.Exists(Root); attempt++)
            {
                try
                {
                    Directory.Delete(Root, recursive: true);
                }
                catch (IOException)
                {
                    Thread.Sleep(300);
                }
                catch (UnauthorizedAccessException)
                {
                    Thread.Sleep(300);
                }
            }
        }
    }
}
