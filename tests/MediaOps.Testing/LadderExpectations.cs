using System;
using System.Collections.Generic;
using System.Linq;
using MediaOps.Core.Models;

namespace MediaOps.Testing
{
    /// <summary>What a preset's ladder should hold for an input, as its rules say: the rungs that fit its short side.</summary>
    public static class LadderExpectations
    {
        public static IReadOnlyList<int> ExpectedHeights(EncodingPreset preset, int inputWidth, int inputHeight)
        {
            var shortSide = Math.Min(inputWidth, inputHeight);
            var fitting = preset.Ladder.Select(r => r.Height).Where(h => h <= shortSide).OrderByDescending(h => h);
            var heights = (preset.Video.MaxRenditions is int max ? fitting.Take(max) : fitting).ToList();
            return heights.Count > 0 ? heights : new List<int> { shortSide - shortSide % 2 };
        }
    }
}
