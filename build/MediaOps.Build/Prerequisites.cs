namespace MediaOps.Build;

/// <summary>The tools the tests and the demo need besides .NET: ffmpeg from the OS, Azurite from npm.</summary>
internal static class Prerequisites
{
    public static void EnsureAll()
    {
        EnsureFfmpeg();
        EnsureAzurite();
    }

    /// <summary>ffmpeg and ffprobe on PATH; installed from Debian's packages when missing and we are root.</summary>
    public static void EnsureFfmpeg()
    {
        if (MissingFfmpegTools().Count == 0)
        {
            Log.Step("ffmpeg: using " + Shell.Find("ffmpeg"));
            return;
        }
        if (!Shell.IsRoot() || Shell.Find("apt-get") is null)
        {
            throw new BuildFailure(
                $"{string.Join(" and ", MissingFfmpegTools())}: not found on PATH. Install ffmpeg (it provides both), " +
                "e.g. 'sudo apt-get install ffmpeg' on Debian/Ubuntu, 'brew install ffmpeg' on macOS, 'winget install ffmpeg' on Windows, then run this again.");
        }

        Log.Step("ffmpeg not found: installing it from Debian's packages (apt-get)");
        var noninteractive = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        Shell.Check(Shell.Run("apt-get", ["update"], noninteractive), "apt-get update");
        Shell.Check(Shell.Run("apt-get", ["install", "-y", "ffmpeg"], noninteractive), "apt-get install ffmpeg");
        if (MissingFfmpegTools().Count > 0)
        {
            throw new BuildFailure("apt-get installed ffmpeg, but " + string.Join(" and ", MissingFfmpegTools()) + ": still not on PATH");
        }
    }

    /// <summary>The pinned Azurite in node_modules: <c>npm ci</c> when node_modules is missing or older than package-lock.json.</summary>
    public static void EnsureAzurite()
    {
        var lockFile = Repo.At("package-lock.json");
        if (!File.Exists(lockFile))
        {
            throw new BuildFailure("package-lock.json is missing: run 'npm install --package-lock-only' and commit it");
        }
        if (!NodeModulesOutdated(lockFile))
        {
            Log.Step("npm ci: node_modules is up to date with package-lock.json");
            return;
        }
        if (Shell.Find("npm") is null)
        {
            throw new BuildFailure("npm not found on PATH: install Node.js (with npm); Azurite, the local Azure Storage, is installed with it");
        }
        Log.Step("npm ci (Azurite, pinned by package-lock.json)");
        Shell.Check(Shell.Run("npm", ["ci", "--no-audit", "--no-fund"]), "npm ci");
    }

    private static List<string> MissingFfmpegTools() =>
        new[] { "ffmpeg", "ffprobe" }.Where(tool => Shell.Find(tool) is null).ToList();

    private static bool NodeModulesOutdated(string lockFile)
    {
        if (!File.Exists(Repo.At("node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite"))) return true;
        // npm writes node_modules/.package-lock.json on every install; its time is when node_modules was last made.
        var stamp = Repo.At("node_modules", ".package-lock.json");
        var installed = File.Exists(stamp) ? File.GetLastWriteTimeUtc(stamp) : Directory.GetLastWriteTimeUtc(Repo.At("node_modules"));
        return installed < File.GetLastWriteTimeUtc(lockFile);
    }
}
