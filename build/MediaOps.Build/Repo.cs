namespace MediaOps.Build;

/// <summary>Where things are. Every command runs with <see cref="Root"/> as its working directory.</summary>
internal static class Repo
{
    private static string? s_root;

    public static string Root => s_root ??= FindRoot();

    public static string Solution => At("MediaOps.sln");

    /// <summary>Git-ignored scratch space of the build: test results, Pester results.</summary>
    public static string Scratch => At(".build");

    public static string TestResults => At(".build", "test-results");

    public static string StagedModule => At("out", "MediaOps");

    public static string At(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A path relative to the root, for messages.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path);

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MediaOps.sln"))) return dir.FullName;
            }
        }
        throw new BuildFailure("MediaOps.sln not found above " + AppContext.BaseDirectory);
    }
}
