namespace MediaOps.Build;

/// <summary>
/// The dotnet commands of the build. Restore goes first and on its own, with the System.IO.Hashing fallback;
/// once the local feed is in use, every later command of this run gets it as an additional source too.
/// </summary>
internal static class DotNet
{
    private static string? s_localFeed;

    public static void Restore(string target)
    {
        Log.Step("restoring " + Repo.Relative(target));
        var (exitCode, output) = Shell.RunAndCapture("dotnet", ["restore", target, .. SourceArgs()]);
        if (exitCode == 0) return;

        if (s_localFeed is null && HashingFallback.IsMissingIn(output))
        {
            Log.Step($"the errors above are expected here: the NuGet source lacks {HashingFallback.PackageId} {HashingFallback.PackageVersion}. " +
                     "Repacking the .NET SDK's copy into the local feed .build/feed (git-ignored) and restoring again with it");
            s_localFeed = HashingFallback.CreateFeed();
            Log.Step($"restoring {Repo.Relative(target)} with the local feed");
            exitCode = Shell.Run("dotnet", ["restore", target, .. SourceArgs()]);
        }
        Shell.Check(exitCode, "restore of " + Repo.Relative(target));
    }

    public static void Build(string target)
    {
        Log.Step($"building {Repo.Relative(target)} (Release)");
        Shell.Check(Shell.Run("dotnet", ["build", target, "-c", "Release", "--no-restore", .. SourceArgs()]), "build");
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
            .. SourceArgs(), .. extraArgs,
        ]);
    }

    public static void Publish(string project, string outputDirectory)
    {
        Log.Step($"publishing {Repo.Relative(project)} (Release)");
        Shell.Check(Shell.Run("dotnet",
            ["publish", project, "-c", "Release", "--no-restore", "-o", outputDirectory, .. SourceArgs()]), "publish");
    }

    /// <summary>Restores, then runs a project's program with arguments; returns its exit code.</summary>
    public static int RunProject(string project, IEnumerable<string> programArgs)
    {
        Restore(project);
        Log.Step($"running {Repo.Relative(project)} (Release)");
        return Shell.Run("dotnet", ["run", "-c", "Release", "--project", project, "--no-restore", .. SourceArgs(), "--", .. programArgs]);
    }

    /// <summary>The local feed as an additional restore source, once the fallback is in use; otherwise nothing.</summary>
    private static string[] SourceArgs() =>
        s_localFeed is null ? [] : ["-p:RestoreAdditionalProjectSources=" + s_localFeed];
}
