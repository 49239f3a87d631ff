using System.Reflection;

namespace MediaOps.Build;

/// <summary>
/// PowerShell and Pester, both from NuGet: pwsh is the repository's local .NET tool (dotnet-tools.json, restored with
/// 'dotnet tool restore'), Pester the package this build program downloads when it restores, imported by path. No
/// pwsh on PATH and nothing from PowerShell Gallery is ever used.
/// </summary>
internal static class PowerShellTools
{
    private static bool s_restored;

    public static string PesterVersion =>
        typeof(PowerShellTools).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PesterVersion").Value!;

    /// <summary>Pester.psd1 in the NuGet package folder; fails the build, saying why, when the package is not there.</summary>
    public static string PesterManifest()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(root))
        {
            var listed = Shell.Read("dotnet", "nuget", "locals", "global-packages", "--list").Trim();
            root = listed[(listed.IndexOf(':') + 1)..].Trim();
        }
        var manifest = Path.Combine(root, "pester", PesterVersion, "tools", "Pester.psd1");
        return File.Exists(manifest)
            ? manifest
            : throw new BuildFailure($"Pester {PesterVersion} is not in the NuGet package folder ({manifest} is missing); " +
                                     "the build downloads it when it restores build/MediaOps.Build: run 'dotnet restore build/MediaOps.Build'.");
    }

    /// <summary>Runs the repository's pwsh with arguments; returns its exit code.</summary>
    public static int RunPwsh(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        RestorePwsh();
        return Shell.Run("dotnet", ["tool", "run", "pwsh", .. args], environment);
    }

    /// <summary>Restores the repository's pwsh (dotnet-tools.json) once per build run.</summary>
    public static void RestorePwsh()
    {
        if (s_restored) return;
        Log.Step("dotnet tool restore (pwsh, pinned by dotnet-tools.json)");
        Shell.Check(Shell.Run("dotnet", ["tool", "restore"]), "dotnet tool restore");
        s_restored = true;
    }
}
