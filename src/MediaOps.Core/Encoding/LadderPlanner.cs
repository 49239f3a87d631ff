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
    /// the input's own size. Sizes keep the input's displayed aspect ratio and are even.
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

            var result = new List<Rendition>();
            foreach (var rung in fitting)
            {
                var (width, height) = Size(rung.Height, inputWidth, inputHeight);
                result.Add(new Rendition(PresetJson.RungName(rung), width, height, rung.VideoBitrateKbps, audioKbps));
            }

            if (result.Count == 0)
            {
                // Smaller than every rung: one rendition at the input's own size, the smallest rung's bitrate scaled by area.
                var smallest = rungs[rungs.Count - 1];
                var width = FloorEven(inputWidth);
                var height = FloorEven(inputHeight);
                var (rungWidth, rungHeight) = Size(smallest.Height, inputWidth, inputHeight, clamp: false);
                var scaled = smallest.VideoBitrateKbps * ((double)width * height) / ((double)rungWidth * rungHeight);
                var bitrate = Math.Max(50, (int)Math.Round(scaled));
                result.Add(new Rendition(Math.Min(width, height).ToString(CultureInfo.InvariantCulture) + "p", width, height, bitrate, audioKbps));
            }
            return result;
        }

        /// <summary>The size of a rung whose short side is <paramref name="shortSide"/>, at the input's aspect ratio.</summary>
        internal static (int Width, int Height) Size(int shortSide, int inputWidth, int inputHeight, bool clamp = true)
        {
            if (inputWidth >= inputHeight)
            {
                var width = RoundEven(shortSide * (double)inputWidth / inputHeight);
                return (clamp ? Math.Min(width, FloorEven(inputWidth)) : width, shortSide);
            }
            var height = RoundEven(shortSide * (double)inputHeight / inputWidth);
            return (shortSide, clamp ? Math.Min(height, FloorEven(inputHeight)) : height);
        }

        internal static int RoundEven(double value) => Math.Max(2, (int)Math.Round(value / 2, MidpointRounding.AwayFromZero) * 2);

        internal static int FloorEven(int value) => Math.Max(2, value - (value % 2));
    }
}
