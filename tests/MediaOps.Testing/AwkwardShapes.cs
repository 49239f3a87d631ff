using System.Collections.Generic;
using System.Linq;

namespace MediaOps.Testing
{
    /// <summary>
    /// A real-world video shape that is awkward to encode: a testsrc2 of <see cref="Width"/>x<see cref="Height"/> through
    /// the ffmpeg video filter <see cref="Filter"/>, remuxed with <see cref="RotateTag"/> when it has one, and the aspect
    /// ratio a player should show it at (pixel aspect and rotation applied).
    /// </summary>
    public sealed record AwkwardShape(string Name, int Width, int Height, string Filter, string RotateTag, double DisplayAspect);

    public static class AwkwardShapes
    {
        public const string Anamorphic = "anamorphic 1440x1080 SAR 4:3";

        public const string RotatedPortrait = "portrait stored landscape, rotate 90";

        public static readonly IReadOnlyList<AwkwardShape> All = new[]
        {
            new AwkwardShape("scope 1920x816", 1920, 816, "format=yuv420p", "", 1920.0 / 816),
            new AwkwardShape("scope 1920x800", 1920, 800, "format=yuv420p", "", 1920.0 / 800),
            new AwkwardShape("852x478", 852, 478, "format=yuv420p", "", 852.0 / 478),
            new AwkwardShape("odd 853x479 yuv444p", 854, 480, "format=yuv444p,crop=853:479:0:0", "", 853.0 / 479),
            new AwkwardShape(Anamorphic, 1440, 1080, "setsar=4/3,format=yuv420p", "", 16.0 / 9),
            new AwkwardShape(RotatedPortrait, 1280, 720, "format=yuv420p", "rotate=90", 720.0 / 1280),
        };

        /// <summary>The shapes named (all when none is), as xunit theory rows: name, width, height, filter, rotate tag, displayed aspect.</summary>
        public static IEnumerable<object[]> TheoryRows(params string[] names) =>
            All.Where(s => names.Length == 0 || names.Contains(s.Name))
                .Select(s => new object[] { s.Name, s.Width, s.Height, s.Filter, s.RotateTag, s.DisplayAspect });
    }
}
