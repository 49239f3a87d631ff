using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Testing;
using MediaOps.Worker.Ffmpeg;

namespace MediaOps.Bench
{
    /// <summary>Runs a tool (ffmpeg) registered with the host, so that a stopped run kills it too, and times it.</summary>
    internal static class ToolProcess
    {
        public static async Task<(TimeSpan Elapsed, string Output)> RunAsync(
            BenchHost host, string fileName, IEnumerable<string> args, CancellationToken cancellationToken)
        {
            Process? started = null;
            var watch = Stopwatch.StartNew();
            try
            {
                var output = await TestMedia.RunAsync(fileName, args, cancellationToken, process =>
                {
                    started = process;
                    host.Track(process);
                }).ConfigureAwait(false);
                return (watch.Elapsed, output);
            }
            finally
            {
                if (started != null) host.Untrack(started);
            }
        }
    }
}
