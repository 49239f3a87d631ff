namespace MediaOps.Build;

/// <summary><c>clean</c>: removes every build output — bin/ and obj/ of all projects, out/ and .build/.</summary>
internal static class CleanTask
{
    /// <summary>This program's own output: it is running (and build.sh would rebuild it at once).</summary>
    private static readonly string Self = Repo.At("build", "MediaOps.Build");

    public static int Run()
    {
        Log.Step("cleaning");
        var targets = new[] { Repo.At("out"), Repo.Scratch }.Where(Directory.Exists).Concat(BinAndObj(Repo.Root)).ToList();
        foreach (var directory in targets)
        {
            Log.Info("removing " + Repo.Relative(directory));
            Directory.Delete(directory, recursive: true);
        }
        Log.Info(targets.Count == 0 ? "nothing to remove" : $"removed {targets.Count} folder(s) (kept build/MediaOps.Build's own bin/obj)");
        return 0;
    }

    private static IEnumerable<string> BinAndObj(string directory)
    {
        foreach (var child in Directory.GetDirectories(directory))
        {
            var name = Path.GetFileName(child);
            if (name is ".git" or "node_modules" or ".build" or "out" || child == Self) continue;
            if (name is "bin" or "obj")
            {
                yield return child;
                continue;
            }
            foreach (var found in BinAndObj(child)) yield return found;
        }
    }
}
