using System.Collections.Generic;
using System.Text;

namespace MediaOps.Worker.Ffmpeg
{
    /// <summary>
    /// Builds a <see cref="System.Diagnostics.ProcessStartInfo.Arguments"/> string from separate arguments
    /// (netstandard2.0 has no ArgumentList). Uses the Windows CommandLineToArgvW rules, which .NET also applies when it
    /// splits the string on Unix, so every argument arrives unchanged: spaces, quotes, backslashes, $, % and all.
    /// </summary>
    internal static class CommandLine
    {
        public static string Join(IEnumerable<string> arguments)
        {
            var builder = new StringBuilder();
            foreach (var argument in arguments)
            {
                if (builder.Length > 0) builder.Append(' ');
                AppendQuoted(builder, argument);
            }
            return builder.ToString();
        }

        public static string Quote(string argument)
        {
            var builder = new StringBuilder();
            AppendQuoted(builder, argument);
            return builder.ToString();
        }

        private static void AppendQuoted(StringBuilder builder, string argument)
        {
            argument ??= string.Empty;
            if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '\r', '"' }) < 0)
            {
                builder.Append(argument);
                return;
            }

            builder.Append('"');
            var backslashes = 0;
            foreach (var c in argument)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }
                if (c == '"')
                {
                    // Backslashes before a quote are doubled, and the quote itself is escaped.
                    builder.Append('\\', backslashes * 2 + 1);
                }
                else
                {
                    builder.Append('\\', backslashes);
                }
                backslashes = 0;
                builder.Append(c);
            }
            // Backslashes before the closing quote are doubled so that they do not escape it.
            builder.Append('\\', backslashes * 2);
            builder.Append('"');
        }
    }
}
