namespace MediaOps.Build;

/// <summary>
/// The tools the tests and the demo need besides .NET: ffmpeg from the OS, Azurite from npm; the tests also need chromium
/// from the OS, driven by playwright-core from npm (with hls.js and dash.js, installed by the same <c>npm ci</c>).
/// </summary>
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

        AptInstall("ffmpeg");
        if (MissingFfmpegTools().Count > 0)
        {
            throw new BuildFailure("apt-get installed ffmpeg, but " + string.Join(" and ", MissingFfmpegTools()) + ": still not on PATH");
        }
    }

    /// <summary>
    /// The chromium that the browser playback tests launch: <c>MEDIAOPS_CHROMIUM</c>, or Debian's <c>/usr/bin/chromium</c>,
    /// installed with apt-get when missing and we are root (playwright's own browser downloads are never used).
    /// </summary>
    public static void EnsureChromium()
    {
        var overridden = Environment.GetEnvironmentVariable("MEDIAOPS_CHROMIUM");
        var chromium = string.IsNullOrEmpty(overridden) ? DebianChromium : overridden;
        if (File.Exists(chromium))
        {
            Log.Step("chromium: using " + chromium);
            return;
        }
        if (!string.IsNullOrEmpty(overridden) || !Shell.IsRoot() || Shell.Find("apt-get") is null)
        {
            throw new BuildFailure(
                $"{chromium}: not found. The browser playback tests need Chromium: 'sudo apt-get install chromium' on Debian, " +
                "or set MEDIAOPS_CHROMIUM to a Chromium or Chrome executable, then run this again.");
        }

        AptInstall("chromium");
        if (!File.Exists(DebianChromium)) throw new BuildFailure($"apt-get installed chromium, but {DebianChromium} is still missing");
    }

    private const string DebianChromium = "/usr/bin/chromium";

    /// <summary>Installs a Debian package by name, without questions (we are root).</summary>
    private static void AptInstall(string package)
    {
        Log.Step($"{package} not found: installing it from Debian's packages (apt-get)");
        var noninteractive = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        Shell.Check(Shell.Run("apt-get", ["update"], noninteractive), "apt-get update");
        Shell.Check(Shell.Run("apt-get", ["install", "-y", package], noninteractive), "apt-get install " + package);
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
            throw new BuildFailure("npm not found on PATH: install Node.js (with npm); Azurite, the local Azure Storage, and the browser test tools are installed with it");
        }
        Log.Step("npm ci (Azurite, playwright-core, hls.js and dash.js, pinned by package-lock.json)");
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
