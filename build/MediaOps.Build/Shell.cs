using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MediaOps.Build;

/// <summary>Runs child processes in the repository root, with their output shown live.</summary>
internal static class Shell
{
    /// <summary>Runs a tool with the console inherited, so its output streams as it comes; returns its exit code.</summary>
    public static int Run(string tool, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var list = args.ToList();
        Log.Command(tool, list);
        using var process = Start(tool, list, environment, redirect: false);
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Like <see cref="Run"/>, and also returns everything the tool printed (for deciding what to do next).</summary>
    public static (int ExitCode, string Output) RunAndCapture(string tool, IEnumerable<string> args)
    {
        var list = args.ToList();
        Log.Command(tool, list);
        var output = new System.Text.StringBuilder();
        using var process = Start(tool, list, environment: null, redirect: true);
        process.OutputDataReceived += (_, e) => Echo(e.Data, Console.Out);
        process.ErrorDataReceived += (_, e) => Echo(e.Data, Console.Error);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return (process.ExitCode, output.ToString());

        void Echo(string? line, TextWriter writer)
        {
            if (line == null) return;
            lock (output) output.AppendLine(line);
            writer.WriteLine(line);
        }
    }

    /// <summary>Runs a tool quietly and returns its standard output; throws when it fails.</summary>
    public static string Read(string tool, params string[] args)
    {
        using var process = Start(tool, args, environment: null, redirect: true);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new BuildFailure($"'{tool} {string.Join(" ", args)}' failed ({process.ExitCode}): {stderr.Result.Trim()}");
        }
        return stdout;
    }

    /// <summary>The full path of an executable found on PATH (with PATHEXT on Windows), or null.</summary>
    public static string? Find(string name)
    {
        var extensions = OperatingSystem.IsWindows()
            ? (Environment.GetEnvironmentVariable("PATHEXT") ?? ".EXE;.CMD;.BAT").Split(';', StringSplitOptions.RemoveEmptyEntries)
            : [""];
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return directories
            .SelectMany(dir => extensions.Select(ext => Path.Combine(dir, name + ext)))
            .FirstOrDefault(IsExecutableFile);
    }

    /// <summary>True when this process runs as root (never on Windows).</summary>
    public static bool IsRoot() => !OperatingSystem.IsWindows() && geteuid() == 0;

    /// <summary>Fails the build with <paramref name="what"/> when a tool's exit code is not 0.</summary>
    public static void Check(int exitCode, string what)
    {
        if (exitCode != 0) throw new BuildFailure($"{what} failed (exit code {exitCode})");
    }

    private static Process Start(string tool, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment, bool redirect)
    {
        var info = new ProcessStartInfo(Find(tool) ?? tool)
        {
            UseShellExecute = false,
            WorkingDirectory = Repo.Root,
            RedirectStandardOutput = redirect,
            RedirectStandardError = redirect,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        try
        {
            return Process.Start(info) ?? throw new BuildFailure($"{tool} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BuildFailure($"cannot run {tool}: {e.Message}");
        }
    }

    private static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path)) return false;
        if (OperatingSystem.IsWindows()) return true;
        return (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }

    [DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}
