using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace MediaOps.Testing
{
    /// <summary>A <c>mediaops</c> command run to its end, as a user runs it in a shell.</summary>
    public sealed record HostCommandResult(int ExitCode, string Output, string Error);

    public static class HostCommand
    {
        /// <summary>Runs <c>mediaops &lt;args&gt;</c> with only the given <c>MEDIAOPS_*</c> variables, killing it after <paramref name="timeout"/>.</summary>
        public static async Task<HostCommandResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(RepositoryPaths.HostAssembly);
            foreach (var arg in args) start.ArgumentList.Add(arg);
            foreach (var key in new List<string>(start.Environment.Keys))
            {
                if (key.StartsWith("MEDIAOPS_", StringComparison.OrdinalIgnoreCase)) start.Environment.Remove(key);
            }
            foreach (var variable in environment ?? new Dictionary<string, string>()) start.Environment[variable.Key] = variable.Value;

            using var process = Process.Start(start) ?? throw new InvalidOperationException("mediaops did not start.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            var exited = process.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(timeout ?? TimeSpan.FromSeconds(60))) != exited)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"mediaops {string.Join(" ", args)} did not exit.");
            }
            return new HostCommandResult(process.ExitCode, await output, await error);
        }
    }
}
