using System.IO.Compression;
using System.Reflection;
using System.Text.RegularExpressions;

namespace MediaOps.Build;

/// <summary>
/// Azure.Storage.Common needs System.IO.Hashing 6.0.0, which some NuGet sources (a partial mirror) lack. When restore
/// says so, the copy of System.IO.Hashing that the .NET SDK ships is repacked as version 6.0.0 into a git-ignored
/// local folder feed, which is then used as an additional restore source. Nothing of it is ever committed, and where
/// the source has the real package this never happens.
/// </summary>
internal static class HashingFallback
{
    public const string PackageId = "System.IO.Hashing";
    public const string PackageVersion = "6.0.0";

    /// <summary>True when restore failed because the source has no System.IO.Hashing (NU1101) or not this version (NU1102).</summary>
    public static bool IsMissingIn(string restoreOutput) =>
        restoreOutput.Split('\n').Any(line => Regex.IsMatch(line, @"\bNU110[12]\b") && line.Contains(PackageId, StringComparison.Ordinal));

    /// <summary>Writes the local feed (once) and returns its absolute path.</summary>
    public static string CreateFeed()
    {
        var dll = FindSdkCopy();
        Directory.CreateDirectory(Repo.LocalFeed);
        var package = Path.Combine(Repo.LocalFeed, $"{PackageId.ToLowerInvariant()}.{PackageVersion}.nupkg");
        File.Delete(package);
        using (var zip = ZipFile.Open(package, ZipArchiveMode.Create))
        {
            AddText(zip, PackageId + ".nuspec", Nuspec(dll));
            // The SDK's copy targets .NETCoreApp 8.0; it serves the net10.0 projects and, in the staged module, PowerShell 7.4+.
            zip.CreateEntryFromFile(dll, $"lib/net8.0/{PackageId}.dll");
            zip.CreateEntryFromFile(dll, $"lib/netstandard2.0/{PackageId}.dll");
        }
        Log.Info($"wrote {Repo.Relative(package)} from {dll}");
        return Repo.LocalFeed;
    }

    /// <summary>The SDK's System.IO.Hashing.dll: the active SDK's first, then any other installed SDK's.</summary>
    private static string FindSdkCopy()
    {
        var active = Shell.Read("dotnet", "--version").Trim();
        var sdkDirectories = Shell.Read("dotnet", "--list-sdks")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => Regex.Match(line, @"^(\S+)\s+\[(.+)\]$"))
            .Where(m => m.Success)
            .Select(m => (Version: m.Groups[1].Value, Directory: Path.Combine(m.Groups[2].Value, m.Groups[1].Value)))
            .OrderByDescending(sdk => sdk.Version == active)
            .ThenByDescending(sdk => Version.TryParse(sdk.Version.Split('-')[0], out var v) ? v : new Version())
            .Select(sdk => sdk.Directory);

        // Microsoft.Build.Tasks.Git and the SourceLink SDKs carry it under tools/net (their .NET Core build).
        var candidates = sdkDirectories
            .Where(Directory.Exists)
            .SelectMany(sdk => new[] { Path.Combine(sdk, "Sdks", "Microsoft.Build.Tasks.Git", "tools", "net", PackageId + ".dll") }
                .Concat(Directory.EnumerateFiles(Path.Combine(sdk, "Sdks"), PackageId + ".dll", SearchOption.AllDirectories)
                    .Where(path => Path.GetFileName(Path.GetDirectoryName(path)) == "net")));
        return candidates.FirstOrDefault(path => File.Exists(path) && AssemblyName.GetAssemblyName(path).Version >= new Version(6, 0))
            ?? throw new BuildFailure(
                $"{PackageId} {PackageVersion} is missing from the NuGet source(s), and no .NET SDK found by 'dotnet --list-sdks' ships a copy " +
                $"to stand in for it (looked for Sdks/*/tools/net/{PackageId}.dll). Add a NuGet source that has {PackageId} {PackageVersion}.");
    }

    private static string Nuspec(string dll) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
          <metadata>
            <id>{PackageId}</id>
            <version>{PackageVersion}</version>
            <authors>MediaOps build</authors>
            <description>Local stand-in, repacked by the MediaOps build from the .NET SDK's {PackageId}.dll (assembly version {AssemblyName.GetAssemblyName(dll).Version}). Never published.</description>
          </metadata>
        </package>
        """;

    private static void AddText(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
        writer.Write(text);
    }
}
