using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using MediaOps.Core.Encoding;
using MediaOps.Testing;
using MediaOps.Worker.Ffmpeg;
using Xunit;

namespace MediaOps.Worker.Tests.Ffmpeg
{
    public sealed class CommandLineTests
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
        public void The_joined_string_splits_back_into_the_arguments_by_the_CommandLineToArgvW_rules()
        {
            var arguments = AwkwardArguments.Select(a => (string)a[0]).ToArray();
            var joined = CommandLine.Join(arguments);

            Assert.Equal(arguments, Split(joined));
        }

        [Fact]
        public void Simple_arguments_are_not_quoted()
        {
            Assert.Equal("-i file:/tmp/a.mp4 -b:v:0 3000k", CommandLine.Join(new[] { "-i", "file:/tmp/a.mp4", "-b:v:0", "3000k" }));
            Assert.Equal("\"\"", CommandLine.Quote(string.Empty));
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

        /// <summary>The Windows/.NET rules (CommandLineToArgvW), as .NET applies them on Unix too.</summary>
        private static List<string> Split(string commandLine)
        {
            var result = new List<string>();
            var current = new System.Text.StringBuilder();
            var inQuotes = false;
            var hasToken = false;
            for (var i = 0; i < commandLine.Length; i++)
            {
                var c = commandLine[i];
                if (c == '\\')
                {
                    var count = 0;
                    while (i < commandLine.Length && commandLine[i] == '\\') { count++; i++; }
                    if (i < commandLine.Length && commandLine[i] == '"')
                    {
                        current.Append('\\', count / 2);
                        if (count % 2 == 1) { current.Append('"'); }
                        else { inQuotes = !inQuotes; }
                    }
                    else
                    {
                        current.Append('\\', count);
                        i--;
                    }
                    hasToken = true;
                }
                else if (c == '"')
                {
                    inQuotes = !inQuotes;
                    hasToken = true;
                }
                else if ((c == ' ' || c == '\t') && !inQuotes)
                {
                    if (hasToken) result.Add(current.ToString());
                    current.Clear();
                    hasToken = false;
                }
                else
                {
                    current.Append(c);
                    hasToken = true;
                }
            }
            if (hasToken) result.Add(current.ToString());
            return result;
        }
    }
}
