using System;
using System.Collections.Generic;
using System.Globalization;

namespace MediaOps.Host
{
    public sealed class CommandLineException : Exception
    {
        public CommandLineException(string message) : base(message)
        {
        }
    }

    /// <summary>Options of the form <c>--name value</c> and flags of the form <c>--name</c>.</summary>
    public sealed class CommandLine
    {
        private readonly Dictionary<string, string?> _values;

        private CommandLine(Dictionary<string, string?> values) => _values = values;

        /// <param name="known">Known option names mapped to whether each takes a value.</param>
        public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlyDictionary<string, bool> known)
        {
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < args.Count; i++)
            {
                var arg = args[i];
                if (!arg.StartsWith("--", StringComparison.Ordinal) || !known.TryGetValue(arg[2..], out var takesValue))
                {
                    throw new CommandLineException($"Unknown option '{arg}'.");
                }
                if (takesValue)
                {
                    if (i + 1 >= args.Count) throw new CommandLineException($"Option '{arg}' needs a value.");
                    values[arg[2..]] = args[++i];
                }
                else
                {
                    values[arg[2..]] = null;
                }
            }
            return new CommandLine(values);
        }

        public bool Has(string name) => _values.ContainsKey(name);

        public string? Get(string name) => _values.TryGetValue(name, out var value) ? value : null;

        public int GetInt(string name, int defaultValue, int min)
        {
            var text = Get(name);
            if (text is null) return defaultValue;
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
            {
                throw new CommandLineException($"--{name} must be a whole number of at least {min}; got '{text}'.");
            }
            return value;
        }
    }
}
