using System.Text.RegularExpressions;

namespace MediaOps.Build;

/// <summary>
/// <c>stage</c>: lays out the importable module in out/MediaOps —
/// the manifest, the cmdlet assembly and its format/type files at the top, every dependency in dependencies/
/// (loaded into the module's own load context by ModuleInitializer) — and checks that the manifest's cmdlet
/// list matches the cmdlets in the assembly.
/// </summary>
internal static class StageTask
{
    private const string CmdletAssembly = "MediaOps.PowerShell.dll";
    private const string DependencyList = "dependencies.txt";
    private static readonly string Project = Repo.At("src", "MediaOps.PowerShell", "MediaOps.PowerShell.csproj");
    private static readonly string[] DataFiles = ["MediaOps.format.ps1xml", "MediaOps.types.ps1xml"];

    public static int Run(string[] args)
    {
        Stage();
        return 0;
    }

    public static void Stage()
    {
        DotNet.Restore(Project);
        var published = Directory.CreateTempSubdirectory("mediaops-publish-").FullName;
        try
        {
            DotNet.Publish(Project, published);
            Log.Step("staging " + Repo.Relative(Repo.StagedModule));
            LayOut(published, Repo.StagedModule);
            var dataFiles = CopyDataFiles(Repo.StagedModule);
            StageHelp(published, Repo.StagedModule);
            WriteManifest(Repo.StagedModule, dataFiles);
            ModuleContract.Check(Repo.StagedModule, CmdletAssembly, Project);
            Log.Step($"staged: Import-Module ./{Repo.Relative(Repo.StagedModule).Replace('\\', '/')}");
        }
        finally
        {
            Directory.Delete(published, recursive: true);
        }
    }

    /// <summary>The cmdlet assembly at the top; every other assembly (MediaOps.Core, Azure, System.*) in dependencies/.</summary>
    private static void LayOut(string published, string module)
    {
        if (Directory.Exists(module)) Directory.Delete(module, recursive: true);
        var dependencies = Directory.CreateDirectory(Path.Combine(module, "dependencies")).FullName;

        // Assemblies and their symbols only: the manifest and the format/type files are staged from the sources.
        foreach (var file in Directory.GetFiles(published).Where(f => Path.GetExtension(f) is ".dll" or ".pdb"))
        {
            var name = Path.GetFileName(file);
            // PowerShell itself provides it (PowerShellStandard.Library is compile-only anyway).
            if (name.StartsWith("System.Management.Automation.", StringComparison.OrdinalIgnoreCase)) continue;
            var top = Path.GetFileNameWithoutExtension(name) == Path.GetFileNameWithoutExtension(CmdletAssembly);
            File.Copy(file, Path.Combine(top ? module : dependencies, name));
        }
        foreach (var folder in Directory.GetDirectories(published))
        {
            Log.Info($"warning: not staged: publish subfolder {Path.GetFileName(folder)}/ (ModuleInitializer loads only from dependencies/ itself)");
        }
        if (!File.Exists(Path.Combine(module, CmdletAssembly)))
        {
            throw new BuildFailure($"publish did not produce {CmdletAssembly}");
        }
        // What ModuleInitializer checks at import: a damaged copy then fails naming the missing file.
        var staged = Directory.GetFiles(dependencies, "*.dll").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        File.WriteAllLines(Path.Combine(dependencies, DependencyList), staged!);
        Log.Info($"{CmdletAssembly} + {staged.Count} assemblies in dependencies/ (listed in dependencies/{DependencyList})");
    }

    /// <summary>Copies the format and type files that exist in the project; returns the names copied.</summary>
    private static List<string> CopyDataFiles(string module)
    {
        var copied = new List<string>();
        foreach (var name in DataFiles)
        {
            var source = Path.Combine(Path.GetDirectoryName(Project)!, name);
            if (!File.Exists(source)) continue;
            File.Copy(source, Path.Combine(module, name));
            copied.Add(name);
        }
        Log.Info(copied.Count == 0 ? "no format/type files in src/MediaOps.PowerShell yet" : "with " + string.Join(", ", copied));
        return copied;
    }

    /// <summary>
    /// en-US/: the cmdlets' MAML help, written from the doc comments and the assembly's metadata (see
    /// <see cref="HelpGenerator"/>), and the about_ topics kept in src/MediaOps.PowerShell/en-US.
    /// </summary>
    private static void StageHelp(string published, string module)
    {
        var help = Directory.CreateDirectory(Path.Combine(module, "en-US")).FullName;
        HelpGenerator.Write(Path.Combine(module, CmdletAssembly), Path.Combine(published, Path.ChangeExtension(CmdletAssembly, ".xml")),
            module, [ModuleContract.PowerShellReferenceAssembly(Project)], Path.Combine(help, CmdletAssembly + "-Help.xml"));
        var topics = Path.Combine(Path.GetDirectoryName(Project)!, "en-US");
        var about = Directory.Exists(topics) ? Directory.GetFiles(topics, "about_*.help.txt") : [];
        if (about.Length == 0) throw new BuildFailure($"no about_*.help.txt in {Repo.Relative(topics)}");
        foreach (var file in about) File.Copy(file, Path.Combine(help, Path.GetFileName(file)));
        Log.Info("with en-US/" + string.Join(", en-US/", about.Select(Path.GetFileName)));
    }

    /// <summary>The repository's MediaOps.psd1, with FormatsToProcess / TypesToProcess naming the files that were staged.</summary>
    private static void WriteManifest(string module, List<string> dataFiles)
    {
        var manifest = File.ReadAllText(Repo.At("MediaOps.psd1"));
        manifest = FillList(manifest, "FormatsToProcess", dataFiles.Where(f => f.EndsWith(".format.ps1xml", StringComparison.Ordinal)));
        manifest = FillList(manifest, "TypesToProcess", dataFiles.Where(f => f.EndsWith(".types.ps1xml", StringComparison.Ordinal)));
        File.WriteAllText(Path.Combine(module, "MediaOps.psd1"), manifest);
    }

    private static string FillList(string manifest, string key, IEnumerable<string> values)
    {
        var pattern = new Regex($@"(?m)^(\s*{key}\s*=\s*)@\(\s*\)");
        if (!pattern.IsMatch(manifest)) throw new BuildFailure($"MediaOps.psd1 must contain '{key} = @()' (the stage task fills it)");
        var list = string.Join(", ", values.Select(v => $"'{v}'"));
        return pattern.Replace(manifest, m => $"{m.Groups[1].Value}@({list})", 1);
    }
}
