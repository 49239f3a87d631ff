namespace MediaOps.Build;

/// <summary>The build program behind build.sh / build.ps1: <c>./build.sh [task] [args]</c>.</summary>
internal static class Program
{
    private sealed record BuildTask(string Name, string Usage, string Summary, bool TakesArgs, Func<string[], int> Run);

    private static readonly BuildTask[] Tasks =
    [
        new("build", "build", "restore and build MediaOps.sln (Release) [default]", false, _ => BuildSolution()),
        new("test", "test [--filter X ...]", "ffmpeg, chromium, npm ci, build, every test project, then Pester in the repository's pwsh; ends with 'N passed, N failed, N skipped'", true, TestTask.Run),
        new("pester", "pester [filter ...]", "stage the module and run only tests/Pester (filters: Pester full names, wildcards allowed)", true, TestTask.RunPesterOnly),
        new("stage", "stage", "lay out the importable module in out/MediaOps and check its manifest", false, StageTask.Run),
        new("bench", "bench [args]", "run bench/MediaOps.Bench (Release); never part of CI", true, Bench),
        new("demo", "demo [--core]", "ffmpeg, npm ci, stage the module, then the failover demo examples/MediaOps.Demo running examples/Failover.ps1 in the repository's pwsh (--core: through MediaOps.Core instead)", true, Demo),
        new("clean", "clean", "remove bin/, obj/, out/ and .build/", false, _ => CleanTask.Run()),
    ];

    public static int Main(string[] args)
    {
        var name = args.Length == 0 ? "build" : args[0];
        if (name is "help" or "-h" or "--help" or "-?")
        {
            PrintUsage(Console.Out);
            return 0;
        }
        var task = Tasks.FirstOrDefault(t => t.Name == name);
        var rest = args.Skip(1).ToArray();
        if (task is null || (!task.TakesArgs && rest.Length > 0))
        {
            Console.Error.WriteLine(task is null ? $"unknown task '{name}'" : $"task '{name}' takes no arguments");
            PrintUsage(Console.Error);
            return 2;
        }

        try
        {
            Directory.SetCurrentDirectory(Repo.Root);
            return task.Run(rest);
        }
        catch (BuildFailure failure)
        {
            Log.Error(failure.Message);
            return failure.ExitCode;
        }
    }

    private static void PrintUsage(TextWriter writer)
    {
        writer.WriteLine("usage: ./build.sh [task] [args]     (or ./build.ps1; the same program)");
        writer.WriteLine();
        foreach (var task in Tasks) writer.WriteLine($"  {task.Usage,-24} {task.Summary}");
    }

    private static int BuildSolution()
    {
        DotNet.Restore(Repo.Solution);
        DotNet.Build(Repo.Solution);
        return 0;
    }

    private static int Bench(string[] args)
    {
        Prerequisites.EnsureAll();
        return DotNet.RunProject(Repo.At("bench", "MediaOps.Bench", "MediaOps.Bench.csproj"), args);
    }

    /// <summary>
    /// The failover demo, the same from build.sh and build.ps1: the harness examples/MediaOps.Demo starts Azurite (dca, dcb),
    /// a worker and two origins, runs the scenario as examples/Failover.ps1 with the staged module in the repository's pwsh
    /// (the demo's --powershell), then checks playback through both origins and the failover. '--core' runs the same
    /// scenario through MediaOps.Core instead of the cmdlets.
    /// </summary>
    private static int Demo(string[] args)
    {
        Prerequisites.EnsureAll();
        if (args.Contains("--core"))
        {
            args = [.. args.Where(a => a != "--core")];
        }
        else
        {
            StageTask.Stage();
            PowerShellTools.RestorePwsh();
            if (!args.Contains("--powershell")) args = [.. args, "--powershell"];
        }
        return DotNet.RunProject(Repo.At("examples", "MediaOps.Demo", "MediaOps.Demo.csproj"), args);
    }
}
