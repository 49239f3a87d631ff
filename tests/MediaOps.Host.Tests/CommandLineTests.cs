using System.Collections.Generic;
using System.Threading.Tasks;
using MediaOps.Testing;
using Xunit;

namespace MediaOps.Host.Tests
{
    /// <summary>The command line of <c>mediaops</c>, run as a user runs it.</summary>
    public sealed class CommandLineTests
    {
        [Theory]
        [InlineData(new[] { "--help" }, "mediaops [command] [options]", "worker")]
        [InlineData(new[] { "worker", "--help" }, "mediaops worker [options]", "--max-delivery-count <N>")]
        [InlineData(new[] { "origin", "--help" }, "mediaops origin [options]", "--cors-origin")]
        public async Task Help_prints_the_usage_and_exits_0(string[] args, string usage, string mentions)
        {
            var result = await HostCommand.RunAsync(args);

            Assert.True(result.ExitCode == 0, $"Exit code {result.ExitCode}: {result.Error}");
            Assert.Contains("Usage:", result.Output);
            Assert.Contains(usage, result.Output);
            Assert.Contains(mentions, result.Output);
            Assert.Equal("", result.Error);
        }

        [Theory]
        [InlineData("worker")]
        [InlineData("origin")]
        public async Task An_unknown_option_exits_non_zero_and_names_it(string command)
        {
            var result = await HostCommand.RunAsync(new[] { command, "--concurrency-of-nothing", "3" });

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("'--concurrency-of-nothing'", result.Error);
        }

        [Fact]
        public async Task An_unknown_command_exits_non_zero_and_names_it()
        {
            var result = await HostCommand.RunAsync(new[] { "encode" });

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("'encode'", result.Error);
        }

        [Fact]
        public async Task A_bad_number_on_the_command_line_exits_2_and_says_what_is_expected()
        {
            var result = await HostCommand.RunAsync(new[] { "worker", "--concurrency", "0" });

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("--concurrency (or the environment variable MEDIAOPS_CONCURRENCY) must be a whole number of at least 1; got '0'.", result.Error);
        }

        [Fact]
        public async Task Settings_come_from_MEDIAOPS_environment_variables_and_the_command_line_wins()
        {
            var fromEnvironment = await HostCommand.RunAsync(new[] { "worker" },
                new Dictionary<string, string> { ["MEDIAOPS_VISIBILITY_TIMEOUT"] = "soon" });
            var overridden = await HostCommand.RunAsync(new[] { "worker", "--visibility-timeout", "2" },
                new Dictionary<string, string> { ["MEDIAOPS_VISIBILITY_TIMEOUT"] = "30" });

            Assert.Equal(2, fromEnvironment.ExitCode);
            Assert.Contains("MEDIAOPS_VISIBILITY_TIMEOUT", fromEnvironment.Error);
            Assert.Contains("got 'soon'", fromEnvironment.Error);
            Assert.Equal(2, overridden.ExitCode);
            Assert.Contains("at least 3; got '2'", overridden.Error);
        }

        [Theory]
        [InlineData("player.example.net")]
        [InlineData("https://player.example.net/path")]
        [InlineData("ftp://player.example.net")]
        public async Task A_CORS_origin_that_is_not_scheme_host_and_port_is_refused(string origin)
        {
            var result = await HostCommand.RunAsync(new[] { "origin", "--cors-origin", "https://ok.example.net," + origin });

            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"'{origin}' is not a CORS origin", result.Error);
            Assert.Contains("https://player.example.net", result.Error);
        }

        [Fact]
        public async Task A_worker_without_a_connection_string_exits_2_and_says_how_to_give_one()
        {
            var result = await HostCommand.RunAsync(new[] { "worker" });

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("--connection-string (or the environment variable MEDIAOPS_CONNECTION_STRING)", result.Error);
        }
    }
}
