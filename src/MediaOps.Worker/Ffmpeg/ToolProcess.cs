using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core;

namespace MediaOps.Worker.Ffmpeg
{
    internal sealed class ToolRunResult
    {
        public ToolRunResult(int exitCode, string standardOutput, IReadOnlyList<string> errorTail, TimeSpan wallTime)
        {
            ExitCode = exitCode;
            StandardOutput = standardOutput;
            ErrorTail = errorTail;
            WallTime = wallTime;
        }

        public int ExitCode { get; }

        /// <summary>All of stdout when it was captured; empty otherwise.</summary>
        public string StandardOutput { get; }

        /// <summary>The last lines of stderr.</summary>
        public IReadOnlyList<string> ErrorTail { get; }

        public TimeSpan WallTime { get; }
    }

    /// <summary>
    /// Runs ffmpeg or ffprobe: arguments quoted for netstandard2.0, stdout streamed line by line (or captured), the tail of
    /// stderr kept, and on cancellation the process is killed and waited for before <see cref="OperationCanceledException"/>
    /// is thrown, so no tool process outlives the call.
    /// </summary>
    internal static class ToolProcess
    {
        internal const int ErrorTailLines = 20;
        private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(10);
        private static readonly Regex ContextAddress = new Regex(@" @ 0x[0-9a-fA-F]+\]", RegexOptions.Compiled);

        public static async Task<ToolRunResult> RunAsync(
            string fileName,
            IReadOnlyList<string> arguments,
            bool captureOutput,
            Action<string>? onOutputLine,
            Action<int>? onStarted,
            CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = new ProcessStartInfo(fileName, arguments)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
                StandardOutputEncoding = System.Text.Encoding.UTF8,
                StandardErrorEncoding = System.Text.Encoding.UTF8,
            };

            using var process = new Process { StartInfo = start, EnableRaisingEvents = true };
            var exited = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            process.Exited += (_, __) => exited.TrySetResult(true);

            var clock = Stopwatch.StartNew();
            try
            {
                if (!process.Start()) throw new InvalidOperationException("The process did not start.");
            }
            catch (Win32Exception ex)
            {
                throw new MediaOpsException(MediaErrorKind.NotFound,
                    $"'{fileName}' could not be started: {ex.Message}. Install ffmpeg (it includes ffprobe) or set the path to it in the encoder options.",
                    fileName, ex);
            }

            var errorTail = new Queue<string>();
            var output = captureOutput ? new StringBuilder() : null;
            Exception? callbackFailure = null;
            try
            {
                try
                {
                    // Nothing is ever written to the tools' stdin (they also get -nostdin where they take it).
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                }
                if (process.HasExited) exited.TrySetResult(true);
                onStarted?.Invoke(process.Id);

                var readOutput = Task.Run(async () =>
                {
                    string? line;
                    while ((line = await process.StandardOutput.ReadLineAsync().ConfigureAwait(false)) != null)
                    {
                        output?.AppendLine(line);
                        if (onOutputLine is null || callbackFailure != null) continue;
                        try
                        {
                            onOutputLine(line);
                        }
                        catch (Exception ex)
                        {
                            // A failing progress handler stops the run: the process must not go on unobserved.
                            callbackFailure = ex;
                            TryKill(process);
                        }
                    }
                });
                var readError = Task.Run(async () =>
                {
                    string? line;
                    while ((line = await process.StandardError.ReadLineAsync().ConfigureAwait(false)) != null)
                    {
                        if (line.Trim().Length == 0) continue;
                        lock (errorTail)
                        {
                            errorTail.Enqueue(ContextAddress.Replace(line.TrimEnd(), "]"));
                            while (errorTail.Count > ErrorTailLines) errorTail.Dequeue();
                        }
                    }
                });

                using (cancellationToken.Register(() => TryKill(process)))
                {
                    await exited.Task.ConfigureAwait(false);
                    // The pipes close when the process exits; wait for the readers to drain them.
                    await Task.WhenAll(readOutput, readError).ConfigureAwait(false);
                }
                clock.Stop();

                if (callbackFailure != null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(callbackFailure).Throw();
                }
                cancellationToken.ThrowIfCancellationRequested();

                string[] tail;
                lock (errorTail) tail = errorTail.ToArray();
                return new ToolRunResult(process.ExitCode, output?.ToString() ?? string.Empty, tail, clock.Elapsed);
            }
            finally
            {
                // Whatever happened above, the process does not outlive this call.
                if (!HasExited(process))
                {
                    TryKill(process);
                    try
                    {
                        process.WaitForExit((int)KillWait.TotalMilliseconds);
                    }
                    catch (Exception ex) when (ex is InvalidOperationException || ex is SystemException)
                    {
                    }
                }
            }
        }

        /// <summary>The useful end of a tool's error output, for a message: the last few lines.</summary>
        public static string Summarize(IReadOnlyList<string> errorTail, int maxLines = ErrorTailLines)
        {
            var lines = errorTail.Skip(Math.Max(0, errorTail.Count - maxLines)).ToList();
            return lines.Count == 0 ? "(no error output)" : string.Join(Environment.NewLine, lines);
        }

        private static bool HasExited(Process process)
        {
            try
            {
                return process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }

        private static void TryKill(Process process)
        {
            try
            {
                if (!process.HasExited) process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Already exited or never started.
            }
            catch (Win32Exception)
            {
                // Exiting right now.
            }
            catch (NotSupportedException)
            {
            }
        }
    }
}
