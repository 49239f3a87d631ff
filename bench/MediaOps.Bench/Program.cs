using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MediaOps.Bench
{
    /// <summary>
    /// MediaOps benchmarks: each times our way against the naive way in one run on this machine and prints both figures,
    /// their ratio and PASS/FAIL against its bar, then a Markdown summary for the README.
    /// usage: dotnet run -c Release --project bench/MediaOps.Bench -- [encode|overhead|latency|idle|copy|origin|all ...] [--quick]
    /// </summary>
    public static class Program
    {
        private static readonly (string Name, string Summary, Func<BenchHost, CancellationToken, Task<BenchResult>> Run)[] Benchmarks =
        {
            (EncodeBenchmark.Name, "single-process ladder vs one ffmpeg per rendition (20 s 1080p30; and a 40 Mb/s input, for information)", EncodeBenchmark.RunAsync),
            (OverheadBenchmark.Name, "worker overhead over ffmpeg for a 30 s 1080p job", OverheadBenchmark.RunAsync),
            (LatencyBenchmark.Name, "Finished write -> waiter returns, vs the seed's 10 s loop", LatencyBenchmark.RunAsync),
            (IdleBenchmark.Name, "requests/min of a waiter idle for 5+ minutes (~7 min)", IdleBenchmark.RunAsync),
            (CopyBenchmark.Name, "Copy-MediaAsset's engine vs the seed's one-blob-at-a-time copy loop, 2,000 x 16 KiB (and +20 ms latency; streaming, 64 x 1 MiB) (~5 min)", CopyBenchmark.RunAsync),
            (OriginBenchmark.Name, "ranged GETs through a mediaops origin vs straight from Azurite, 8 at once (~1 min)", OriginBenchmark.RunAsync),
        };

        public static async Task<int> Main(string[] args)
        {
            var baseline = TakeOption(ref args, "--baseline", out var baselineProblem);
            if (baselineProblem != null)
            {
                Console.Error.WriteLine(baselineProblem);
                return 2;
            }
            var quick = args.Any(a => a == "--quick");
            var unknownOptions = args.Where(a => a.StartsWith("-", StringComparison.Ordinal) && a != "--quick").ToList();
            var names = args.Where(a => !a.StartsWith("-", StringComparison.Ordinal)).Select(a => a.ToLowerInvariant()).ToList();
            if (args.Any(a => a == "--help" || a == "-h") || unknownOptions.Count > 0 || names.Any(n => n != "all" && Benchmarks.All(b => b.Name != n)))
            {
                Usage(unknownOptions.Concat(names.Where(n => n != "all" && Benchmarks.All(b => b.Name != n))).Where(a => a != "--help" && a != "-h"));
                return args.Any(a => a == "--help" || a == "-h") ? 0 : 2;
            }
            if (names.Count == 0 || names.Contains("all")) names = Benchmarks.Select(b => b.Name).ToList();
            var selected = Benchmarks.Where(b => names.Contains(b.Name)).ToList();

            var commandLine = "dotnet run -c Release --project bench/MediaOps.Bench -- " + string.Join(" ", args) + (baseline is null ? "" : " --baseline " + baseline);
            using var host = new BenchHost(quick, baseline);
            var machine = MachineInfo.Collect();
            Console.WriteLine($"MediaOps benchmarks{(quick ? " — QUICK SMOKE RUN: shortened inputs and windows, NOT the real figures" : "")}");
            Console.WriteLine($"command: {commandLine.TrimEnd()}");
            Console.WriteLine($"machine: {machine.OneLine}");
            Console.Out.Flush();

            var results = new List<BenchResult>();
            var started = DateTime.Now;
            foreach (var (name, summary, run) in selected)
            {
                if (host.Stopping.IsCancellationRequested) break;
                BenchHost.Log($"=== {name}: {summary}");
                BenchResult result;
                var cpuBefore = CpuSnapshot.Take();
                var wallBefore = System.Diagnostics.Stopwatch.StartNew();
                try
                {
                    result = await run(host, host.Stopping);
                }
                catch (OperationCanceledException) when (host.Stopping.IsCancellationRequested)
                {
                    BenchHost.Log($"{name}: stopped");
                    break;
                }
                catch (Exception ex)
                {
                    BenchHost.Log($"{name}: failed: {ex}");
                    result = BenchResult.Failed(name, summary, ex);
                }
                var foreign = CpuSnapshot.Take().ForeignCoreSecondsSince(cpuBefore);
                var share = foreign / (wallBefore.Elapsed.TotalSeconds * Environment.ProcessorCount);
                result.Details.Add($"CPU used by processes other than this run while it ran: {Stats.F(foreign, "0")} core-seconds in {Stats.F(wallBefore.Elapsed.TotalSeconds, "0")} s " +
                                   $"({Stats.F(share * 100, "0")}% of the {Environment.ProcessorCount} cores)");
                if (share > 0.05)
                {
                    result.Details.Add("WARNING: other processes competed for the cores during this benchmark; its timings are less reliable than on an idle machine.");
                }
                result.Print();
                results.Add(result);
            }

            if (results.Count > 0) PrintSummary(results, commandLine, machine, quick, DateTime.Now - started);
            if (host.Stopping.IsCancellationRequested)
            {
                Console.Error.WriteLine("stopped before the end; the benchmarks that did not run are not in the summary.");
                return 130;
            }
            return results.All(r => r.Pass != false) ? 0 : 1;
        }

        private static void PrintSummary(List<BenchResult> results, string commandLine, MachineInfo machine, bool quick, TimeSpan elapsed)
        {
            var w = Console.Out;
            w.WriteLine();
            w.WriteLine("## Benchmarks" + (quick ? " (QUICK SMOKE RUN — not the real figures)" : ""));
            w.WriteLine();
            w.WriteLine($"`{commandLine.TrimEnd()}` (or `./build.sh bench {string.Join(" ", commandLine.Split(" -- ").Skip(1)).Trim()}`), {DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, " +
                        $"{elapsed.TotalMinutes:0.0} min.");
            w.WriteLine($"Machine: {machine.OneLine}.");
            w.WriteLine();
            w.WriteLine("| benchmark | what | ours | naive | ratio | bar | result |");
            w.WriteLine("|---|---|---|---|---|---|---|");
            foreach (var r in results.SelectMany(r => new[] { r }.Concat(r.Variants)))
            {
                w.WriteLine($"| `{r.Name}` | {Cell(r.What)} | {Cell(r.Ours)} | {Cell(r.Naive)} | {Cell(r.Ratio)} | {Cell(r.Bar)} | **{r.Verdict}** |");
            }
            w.WriteLine();
            w.Flush();
        }

        /// <summary>Removes <c>name value</c> from <paramref name="args"/> and returns the value (a file that must exist).</summary>
        private static string? TakeOption(ref string[] args, string name, out string? problem)
        {
            problem = null;
            var index = Array.IndexOf(args, name);
            if (index < 0) return null;
            if (index + 1 >= args.Length || args[index + 1].StartsWith("-", StringComparison.Ordinal))
            {
                problem = $"{name} needs a value: the mediaops.dll of the build to compare with, e.g. {name} /tmp/old/src/MediaOps.Host/bin/Release/net10.0/mediaops.dll";
                return null;
            }
            var value = Path.GetFullPath(args[index + 1]);
            args = args.Take(index).Concat(args.Skip(index + 2)).ToArray();
            if (!File.Exists(value)) problem = $"{name}: {value} does not exist. Build the other commit first (see bench/README.md).";
            return value;
        }

        private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

        private static void Usage(IEnumerable<string> unknown)
        {
            foreach (var u in unknown) Console.Error.WriteLine($"unknown argument: {u}");
            Console.Error.WriteLine("usage: dotnet run -c Release --project bench/MediaOps.Bench -- [all|encode|overhead|latency|idle|copy|origin ...] [--quick]");
            Console.Error.WriteLine("       ./build.sh bench [same arguments]");
            foreach (var b in Benchmarks) Console.Error.WriteLine($"  {b.Name,-9} {b.Summary}");
            Console.Error.WriteLine("  --quick   shortened inputs and windows for a smoke run; its figures are labelled and are not the real ones");
            Console.Error.WriteLine("  --baseline <mediaops.dll>  origin: also measure the origin of another build (an older commit's), interleaved in the same run");
        }
    }

    internal sealed class MachineInfo
    {
        public string OneLine { get; private set; } = "";

        public static MachineInfo Collect()
        {
            var nproc = Run("nproc") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture);
            var ffmpeg = (Run(MediaOps.Testing.TestMedia.Ffmpeg, "-version") ?? "ffmpeg: not found").Split('\n')[0].Trim();
            var ffmpegShort = ffmpeg.Split(" Copyright", StringSplitOptions.None)[0];
            string cpu = "";
            try
            {
                cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "";
            }
            catch (IOException)
            {
            }
            var memory = "";
            try
            {
                var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
                if (line != null)
                {
                    var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                    memory = $", {kb / 1024.0 / 1024.0:0} GiB RAM";
                }
            }
            catch (IOException)
            {
            }
            return new MachineInfo
            {
                OneLine = $"`nproc` = {nproc}{(cpu.Length > 0 ? $" ({cpu})" : "")}{memory}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()}, " +
                          $".NET {Environment.Version}, {ffmpegShort}",
            };
        }

        private static string? Run(string file, params string[] args)
        {
            try
            {
                var start = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var a in args) start.ArgumentList.Add(a);
                using var process = System.Diagnostics.Process.Start(start);
                if (process == null) return null;
                var output = process.StandardOutput.ReadToEnd();
                process.WaitForExit(10_000);
                return process.ExitCode == 0 ? output.Trim() : null;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// CPU time of the whole machine and of this run (this process and the children it has waited for: ffmpeg, Azurite),
    /// from /proc, in USER_HZ ticks: what other processes used in between is the machine's busy time less ours.
    /// </summary>
    internal readonly struct CpuSnapshot
    {
        private const double TicksPerSecond = 100; // USER_HZ on Linux

        private CpuSnapshot(long machineBusy, long own)
        {
            MachineBusy = machineBusy;
            Own = own;
        }

        public long MachineBusy { get; }

        public long Own { get; }

        public static CpuSnapshot Take()
        {
            try
            {
                var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // cpu user nice system idle iowait irq softirq steal ...
                long Field(int i) => cpu.Length > i ? long.Parse(cpu[i], CultureInfo.InvariantCulture) : 0;
                var busy = Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
                var self = File.ReadAllText("/proc/self/stat");
                var fields = self.Substring(self.LastIndexOf(')') + 2).Split(' ');
                // After the command: state is field 3, so utime (14), stime (15), cutime (16), cstime (17) are at 11..14 here.
                var own = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture) +
                          long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
                return new CpuSnapshot(busy, own);
            }
            catch (Exception ex) when (ex is IOException || ex is FormatException || ex is UnauthorizedAccessException || ex is InvalidOperationException)
            {
                return new CpuSnapshot(0, 0);
            }
        }

        public double ForeignCoreSecondsSince(CpuSnapshot before) =>
            Math.Max(0, (MachineBusy - before.MachineBusy) - (Own - before.Own)) / TicksPerSecond;
    }
}
