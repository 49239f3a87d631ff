using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MediaOps.Bench
{
    /// <summary>Runs a tool (ffmpeg) registered with the host, killed with its children when cancelled or when the run ends.</summary>
    internal static class ToolProcess
    {
        public static async Task<(TimeSpan Elapsed, string Output)> RunAsync(
            BenchHost host, string fileName, IEnumerable<string> args, CancellationToken cancellationToken)
        {
            var start = new ProcessStartInfo(fileName)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = false,
                UseShellExecute = false,
            };
            foreach (var arg in args) start.ArgumentList.Add(arg);
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException(fileName + " did not start.");
            host.Track(process);
            try
            {
                var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
                try
                {
                    await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    Kill(process);
                    throw;
                }
                watch.Stop();
                var output = await stdout.ConfigureAwait(false);
                var error = await stderr.ConfigureAwait(false);
                if (process.ExitCode != 0)
                {
                    var tail = string.Join("\n", error.Split('\n').TakeLast(15));
                    throw new InvalidOperationException($"{Path.GetFileName(fileName)} exited with {process.ExitCode}:\n{tail}");
                }
                return (watch.Elapsed, output);
            }
            finally
            {
                Kill(process);
                host.Untrack(process);
            }
        }

        private static void Kill(Process process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
            }
        }
    }
}
