using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace MediaOps.Host
{
    /// <summary>A setting given with neither a valid command-line option nor a valid <c>MEDIAOPS_*</c> environment variable.</summary>
    public sealed class HostSettingsException : Exception
    {
        public HostSettingsException(string message) : base(message)
        {
        }
    }

    /// <summary>
    /// The settings of a command: each option <c>--some-name</c> is the configuration key <c>SOME_NAME</c>, read from the
    /// environment variable <c>MEDIAOPS_SOME_NAME</c> and overridden by the command line.
    /// </summary>
    public sealed class HostSettings
    {
        public const string EnvironmentPrefix = "MEDIAOPS_";

        private readonly IConfiguration _configuration;

        private HostSettings(IConfiguration configuration) => _configuration = configuration;

        public static HostSettings From(ParseResult parse, IEnumerable<Option> options)
        {
            var commandLine = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var option in options)
            {
                var result = parse.GetResult(option);
                if (result is null || result.Implicit) continue;
                commandLine[Key(option)] = option is Option<bool> flag
                    ? (parse.GetValue(flag) ? "true" : "false")
                    : parse.GetValue((Option<string>)option);
            }
            return new HostSettings(new ConfigurationBuilder()
                .AddEnvironmentVariables(EnvironmentPrefix)
                .AddInMemoryCollection(commandLine)
                .Build());
        }

        public static string Key(Option option) => option.Name.TrimStart('-').Replace('-', '_').ToUpperInvariant();

        public string? Get(Option option) => _configuration[Key(option)] is { Length: > 0 } value ? value : null;

        public string Required(Option option, string hint) =>
            Get(option) ?? throw new HostSettingsException($"Give {Describe(option)}. {hint}");

        public int GetInt(Option option, int defaultValue, int min)
        {
            var text = Get(option);
            if (text is null) return defaultValue;
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
            {
                throw new HostSettingsException($"{Describe(option)} must be a whole number of at least {min}; got '{text}'.");
            }
            return value;
        }

        public bool GetFlag(Option option)
        {
            var text = Get(option);
            if (text is null) return false;
            return bool.TryParse(text, out var value)
                ? value
                : throw new HostSettingsException($"{Describe(option)} must be true or false; got '{text}'.");
        }

        private static string Describe(Option option) => $"{option.Name} (or the environment variable {EnvironmentPrefix}{Key(option)})";
    }
}
