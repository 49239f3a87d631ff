namespace MediaOps.Build;

/// <summary>The dotnet commands of the build. Restore goes first and on its own; later commands pass --no-restore.</summary>
internal static class DotNet
{
    public static void Restore(string target)
    {
        Log.Step("restoring " + Repo.Relative(target));
        Shell.Check(Shell.Run("dotnet", ["restore", target]), "restore of " + Repo.Relative(target));
    }

    public static void Build(string target)
    {
        Log.Step($"building {Repo.Relative(target)} (Release)");
        Shell.Check(Shell.Run("dotnet", ["build", target, "-c", "Release", "--no-restore"]), "build");
    }

    /// <summary>Runs the test projects of the solution; returns dotnet test's exit code (failures are judged by the caller).</summary>
    public static int Test(string solution, string resultsDirectory, IEnumerable<string> extraArgs)
    {
        Log.Step("testing (every test project of " + Repo.Relative(solution) + ")");
        return Shell.Run("dotnet",
        [
            "test", solution, "--no-build", "-c", "Release",
            "--logger", "trx", "--results-directory", resultsDirectory,
            // A test stuck for 10 minutes fails, naming itself, instead of eating CI's time.
            "--blame-hang-timeout", "10m", "--blame-hang-dump-type", "none",
            .. extraArgs,
        ]);
    }

    public static void Publish(string project, string outputDirectory)
    {
        Log.Step($"publishing {Repo.Relative(project)} (Release)");
        Shell.Check(Shell.Run("dotnet",
            ["publish", project, "-c", "Release", "--no-restore", "-o", outputDirectory]), "publish");
    }

    /// <summary>Restores, then runs a project's program with arguments; returns its exit code.</summary>
    public static int RunProject(string project, IEnumerable<string> programArgs)
    {
        Restore(project);
        Log.Step($"running {Repo.Relative(project)} (Release)");
        return Shell.Run("dotnet", ["run", "-c", "Release", "--project", project, "--no-restore", "--", .. programArgs]);
    }
}
