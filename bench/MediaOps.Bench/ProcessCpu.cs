using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace MediaOps.Bench
{
    /// <summary>
    /// CPU time (user + system) of this process and of each process it started (Azurite's node, an origin), read from
    /// /proc: to tell where a benchmark's time went, e.g. whether Azurite (one node process, so at most one core) was busy
    /// the whole time.
    /// </summary>
    internal sealed class ProcessCpu
    {
        private const double TicksPerSecond = 100; // USER_HZ on Linux

        private readonly Dictionary<int, (string Name, long Ticks)> _ticks;

        private ProcessCpu(Dictionary<int, (string Name, long Ticks)> ticks)
        {
            _ticks = ticks;
        }

        public static ProcessCpu Take()
        {
            var all = new Dictionary<int, (int Parent, string Name, long Ticks)>();
            try
            {
                foreach (var dir in Directory.EnumerateDirectories("/proc"))
                {
                    if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
                    try
                    {
                        var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                        var open = stat.IndexOf('(');
                        var close = stat.LastIndexOf(')');
                        var name = stat.Substring(open + 1, close - open - 1);
                        var fields = stat.Substring(close + 2).Split(' ');
                        // After the name: state (3), ppid (4), ... utime (14), stime (15): indexes 0, 1, 11, 12 here.
                        var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                        all[pid] = (parent, name, ticks);
                    }
                    catch (Exception ex) when (ex is IOException || ex is FormatException || ex is UnauthorizedAccessException || ex is ArgumentException)
                    {
                        // Gone meanwhile.
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return new ProcessCpu(new Dictionary<int, (string, long)>());
            }

            var self = Environment.ProcessId;
            var result = new Dictionary<int, (string Name, long Ticks)>();
            foreach (var (pid, info) in all)
            {
                // This process and its descendants.
                var at = pid;
                for (var depth = 0; depth < 16 && at > 1; depth++)
                {
                    if (at == self)
                    {
                        result[pid] = (info.Name, info.Ticks);
                        break;
                    }
                    if (!all.TryGetValue(at, out var up)) break;
                    at = up.Parent;
                }
            }
            return new ProcessCpu(result);
        }

        /// <summary>CPU seconds this process used since <paramref name="before"/>.</summary>
        public double SelfSince(ProcessCpu before) => Since(before, (pid, _) => pid == Environment.ProcessId);

        /// <summary>CPU seconds that started processes named <paramref name="name"/> (e.g. "node") used since <paramref name="before"/>.</summary>
        public double NamedSince(ProcessCpu before, string name) => Since(before, (pid, n) => pid != Environment.ProcessId && n == name);

        public double PidSince(ProcessCpu before, int processId) => Since(before, (pid, _) => pid == processId);

        private double Since(ProcessCpu before, Func<int, string, bool> which) =>
            _ticks.Where(p => which(p.Key, p.Value.Name))
                .Sum(p => p.Value.Ticks - (before._ticks.TryGetValue(p.Key, out var b) ? b.Ticks : 0)) / TicksPerSecond;
    }
}
