using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using MediaOps.Core.Encoding;
using MediaOps.Testing;
using MediaOps.Worker.Ffmpeg;
using Xunit;

namespace MediaOps.Worker.Tests.Ffmpeg
{
    /// <summary>Arguments reach ffmpeg, ffprobe and any tool as given: no shell, no quoting rules in between.</summary>
    public sealed class ToolProcessArgumentTests
    {
        public static readonly IEnumerable<object[]> AwkwardArguments = new[]
        {
            new object[] { "plain" },
            new object[] { "" },
            new object[] { "with space" },
            new object[] { "with \"double\" quotes" },
            new object[] { "\"" },
            new object[] { "it's single" },
            new object[] { "trailing backslash\\" },
            new object[] { "trailing backslashes and space \\\\" },
            new object[] { "back\\slash\\\"quote" },
            new object[] { "a\\\\\"b" },
            new object[] { "C:\\Program Files\\ffmpeg\\" },
            new object[] { "/tmp/my \"best\" clip's $HOME %d/file.mp4" },
            new object[] { "tab\there" },
            new object[] { "[0:0]split=2[s0][s1];[s0]scale=1280:720[v0]" },
            new object[] { "id=0,streams=v id=1,streams=a" },
            new object[] { "media_$RepresentationID$.mp4" },
        };

        [Theory]
        [MemberData(nameof(AwkwardArguments))]
        public async Task Each_argument_reaches_the_started_process_unchanged(string argument)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return; // printf is the echo used here
            var arguments = new[] { "%s\\0", "first", argument, "last" };
            var run = await ToolProcess.RunAsync("printf", arguments, captureOutput: true, null, null, default);

            Assert.Equal(0, run.ExitCode);
            var received = run.StandardOutput.TrimEnd('\r', '\n').Split('\0');
            Assert.Equal(new[] { "first", argument, "last", "" }, received);
        }

        [Fact]
        public async Task Ffprobe_reads_a_file_whose_path_has_spaces_quotes_and_dollars()
        {
            var root = TestMedia.NewTempDirectory("quoting");
            try
            {
                var dir = Path.Combine(root, "a \"quoted\" dir's $PATH %s");
                Directory.CreateDirectory(dir);
                var file = await TestMedia.CreateMezzanineAsync(Path.Combine(dir, "tiny clip \\ \".mp4"), seconds: 1, width: 160, height: 90);

                var info = await new MediaEncoder().ProbeAsync(file);

                Assert.Equal((160, 90), (info.Width, info.Height));
            }
            finally
            {
                EncodingTestTools.DeleteDirectory(root);
            }
        }
    }
}
