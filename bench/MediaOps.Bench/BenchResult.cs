using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MediaOps.Bench
{
    /// <summary>One benchmark's outcome: our figure, the naive figure, their ratio, and the bar ours is held to.</summary>
    internal sealed class BenchResult
    {
        public string Name { get; set; } = "";

        /// <summary>What is measured, e.g. "Adaptive Streaming ladder, 20 s 1080p30 mezzanine".</summary>
        public string What { get; set; } = "";

        public string Ours { get; set; } = "";

        public string Naive { get; set; } = "";

        /// <summary>How much better ours is, e.g. "1.62x faster".</summary>
        public string Ratio { get; set; } = "";

        public string Bar { get; set; } = "";

        public bool? Pass { get; set; }

        /// <summary>Extra lines for the detailed report (spans, variants, breakdowns).</summary>
        public List<string> Details { get; } = new List<string>();

        /// <summary>Further rows of the same benchmark (another input, say), printed and tabulated after it.</summary>
        public List<BenchResult> Variants { get; } = new List<BenchResult>();

        /// <summary>A row shown for information: its PASS/FAIL is not the benchmark's verdict.</summary>
        public bool Informational { get; set; }

        public string Verdict => (Pass switch { true => "PASS", false => "FAIL", null => "n/a" }) + (Informational ? " (info)" : "");

        public void Print()
        {
            Console.WriteLine();
            Console.WriteLine($"== {Name}: {What}");
            Console.WriteLine($"   ours : {Ours}");
            Console.WriteLine($"   naive: {Naive}");
            Console.WriteLine($"   ratio: {Ratio}");
            Console.WriteLine($"   bar  : {Bar} -> {Verdict}");
            foreach (var line in Details) Console.WriteLine("   " + line);
            Console.Out.Flush();
            foreach (var variant in Variants) variant.Print();
        }

        public static BenchResult Failed(string name, string what, Exception ex) => new BenchResult
        {
            Name = name,
            What = what,
            Ours = "error",
            Naive = "error",
            Ratio = "-",
            Bar = "-",
            Pass = false,
            Details = { "did not complete: " + ex.GetType().Name + ": " + ex.Message },
        };
    }

    internal static class Stats
    {
        public static double Median(IReadOnlyList<double> values) => Percentile(values, 50);

        /// <summary>Nearest-rank percentile (the smallest value with at least p% of the values at or below it).</summary>
        public static double Percentile(IReadOnlyList<double> values, double p)
        {
            if (values.Count == 0) return double.NaN;
            var sorted = values.OrderBy(v => v).ToList();
            if (p == 50 && sorted.Count % 2 == 0)
            {
                return (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
            }
            var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count);
            return sorted[Math.Max(0, Math.Min(sorted.Count - 1, rank - 1))];
        }

        public static string Seconds(double seconds) => seconds.ToString(seconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " s";

        public static string Ms(double ms) => ms.ToString("0", CultureInfo.InvariantCulture) + " ms";

        public static string F(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);
    }
}
