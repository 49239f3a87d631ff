namespace MediaOps.Build;

/// <summary>What the build prints about itself (child processes print straight to the console).</summary>
internal static class Log
{
    public static void Step(string message) => Console.WriteLine("==> " + message);

    public static void Info(string message) => Console.WriteLine("    " + message);

    public static void Command(string file, IEnumerable<string> args) =>
        Console.WriteLine("    $ " + string.Join(" ", new[] { Path.GetFileName(file) }.Concat(args.Select(Quote))));

    public static void Error(string message) => Console.Error.WriteLine("error: " + message);

    private static string Quote(string arg) => arg.Length > 0 && !arg.Any(char.IsWhiteSpace) ? arg : "\"" + arg + "\"";
}

/// <summary>A step failed; the message says which and what to do. The build exits with <see cref="ExitCode"/>.</summary>
internal sealed class BuildFailure(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
