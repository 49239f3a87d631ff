using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MediaOps.Core.Models;

namespace MediaOps.Core.Encoding
{
    /// <summary>
    /// Chooses the renditions a preset yields for an input: the preset's rungs whose short side is not above the input's
    /// (never upscaled), largest first, at most <see cref="PresetVideoSettings.MaxRenditions"/>; when none fits, one rung at
    /// the input's own size. Sizes are even and all rungs share one exact aspect ratio, within
    /// <see cref="AspectTolerance"/> of the input's displayed one: the DASH muxer refuses an adaptation set whose rungs'
    /// aspect ratios differ at all, and even sizes rarely keep an arbitrary ratio exactly.
    /// </summary>
    internal static class LadderPlanner
    {
        public static IReadOnlyList<Rendition> Plan(EncodingPreset preset, int inputWidth, int inputHeight, bool withAudio)
        {
            if (inputWidth < 2 || inputHeight < 2)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"The input's picture size ({inputWidth}x{inputHeight}) is not usable; it needs at least 2x2 pixels.");
            }
            int? audioKbps = withAudio && preset.Audio != null ? preset.Audio.BitrateKbps : (int?)null;
            var shortSide = Math.Min(inputWidth, inputHeight);
            var rungs = preset.Ladder.OrderByDescending(r => r.Height).ToList();

            IEnumerable<PresetRung> fitting = rungs.Where(r => r.Height <= shortSide);
            if (preset.Video.MaxRenditions is int max) fitting = fitting.Take(max);

            var chosen = fitting.ToList();
            var sizes = CommonAspectSizes(chosen.Select(r => r.Height).ToList(), inputWidth, inputHeight);
            var result = new List<Rendition>();
            for (var i = 0; i < chosen.Count; i++)
            {
                var (width, height) = sizes[i];
                if (result.Any(r => r.Width == width && r.Height == height)) continue;
                result.Add(new Rendition(PresetJson.RungName(chosen[i]), width, height, chosen[i].VideoBitrateKbps, audioKbps));
            }

            if (result.Count == 0)
            {
                // Smaller than every rung: one rendition at the input's own size, the smallest rung's bitrate scaled by area.
                var smallest = rungs[rungs.Count - 1];
                var width = FloorEven(inputWidth);
                var height = FloorEven(inputHeight);
                var (rungWidth, rungHeight) = Size(smallest.Height, inputWidth, inputHeight);
                var scaled = smallest.VideoBitrateKbps * ((double)width * height) / ((double)rungWidth * rungHeight);
                var bitrate = Math.Max(50, (int)Math.Round(scaled));
                result.Add(new Rendition(Math.Min(width, height).ToString(CultureInfo.InvariantCulture) + "p", width, height, bitrate, audioKbps));
            }
            return result;
        }

        /// <summary>How far the rungs' common aspect ratio may be from the input's displayed one (relative).</summary>
        internal const double AspectTolerance = 0.008;

        /// <summary>
        /// Even sizes, one per wanted short side, that all have exactly one aspect ratio p:q close to the input's: each is
        /// (2kp, 2kq). Among the ratios within <see cref="AspectTolerance"/>, the one whose sizes come closest to the wanted
        /// short sides wins; none is larger than the input.
        /// </summary>
        internal static IReadOnlyList<(int Width, int Height)> CommonAspectSizes(IReadOnlyList<int> shortSides, int inputWidth, int inputHeight)
        {
            if (shortSides.Count == 0) return Array.Empty<(int, int)>();
            var landscape = inputWidth >= inputHeight;
            var inputLong = landscape ? inputWidth : inputHeight;
            var inputShort = landscape ? inputHeight : inputWidth;
            var ratio = (double)inputLong / inputShort;
            var maxDenominator = Math.Max(1, Math.Min(inputShort, shortSides.Min()) / 2);

            List<(int Long, int Short)>? best = null;
            var bestCost = double.MaxValue;
            var bestWithinTolerance = false;
            for (var q = 1; q <= maxDenominator; q++)
            {
                var p = (int)Math.Round(ratio * q, MidpointRounding.AwayFromZero);
                if (p < q || Gcd(p, q) != 1) continue;
                var aspectError = Math.Abs((double)p / q - ratio) / ratio;
                var kMax = Math.Min(inputShort / (2 * q), inputLong / (2 * p));
                if (kMax < 1) continue;
                var candidate = new List<(int, int)>();
                var sizeError = 0.0;
                foreach (var wanted in shortSides)
                {
                    var k = Math.Max(1, Math.Min(kMax, (int)Math.Round(wanted / (2.0 * q), MidpointRounding.AwayFromZero)));
                    candidate.Add((2 * k * p, 2 * k * q));
                    sizeError = Math.Max(sizeError, Math.Abs(2 * k * q - wanted) / (double)wanted);
                }
                var within = aspectError <= AspectTolerance;
                var cost = within ? aspectError + sizeError : aspectError;
                if ((within && !bestWithinTolerance) || (within == bestWithinTolerance && cost < bestCost))
                {
                    best = candidate;
                    bestCost = cost;
                    bestWithinTolerance = within;
                }
            }
            if (best is null)
            {
                // Too narrow for any ratio with whole even sizes: one size, the input's own.
                var own = (FloorEven(inputLong), FloorEven(inputShort));
                best = shortSides.Select(_ => own).ToList();
            }
            return best.Select(s => landscape ? (s.Long, s.Short) : (s.Short, s.Long)).ToList();
        }

        private static int Gcd(int a, int b)
        {
            while (b != 0) (a, b) = (b, a % b);
            return a;
        }

        /// <summary>The size of a rung whose short side is <paramref name="shortSide"/>, at the input's aspect ratio.</summary>
        private static (int Width, int Height) Size(int shortSide, int inputWidth, int inputHeight) =>
            inputWidth >= inputHeight
                ? (RoundEven(shortSide * (double)inputWidth / inputHeight), shortSide)
                : (shortSide, RoundEven(shortSide * (double)inputHeight / inputWidth));

        internal static int RoundEven(double value) => Math.Max(2, (int)Math.Round(value / 2, MidpointRounding.AwayFromZero) * 2);

        internal static int FloorEven(int value) => Math.Max(2, value - (value % 2));
    }
}
