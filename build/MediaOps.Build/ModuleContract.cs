using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MediaOps.Build;

/// <summary>
/// The staged manifest must export exactly the cmdlets that the staged assembly defines, and carry its version:
/// read from the assembly's metadata (nothing of it is loaded or run), so the two cannot drift apart.
/// </summary>
internal static class ModuleContract
{
    private const string CmdletAttribute = "System.Management.Automation.CmdletAttribute";

    public static void Check(string module, string cmdletAssembly, string project)
    {
        Log.Step("checking the manifest against the staged cmdlet assembly");
        var manifest = File.ReadAllText(Path.Combine(module, "MediaOps.psd1"));
        var listed = ListedCmdlets(manifest);
        var (defined, assemblyVersion) = DefinedCmdlets(Path.Combine(module, cmdletAssembly), module, project);

        var problems = new List<string>();
        problems.AddRange(listed.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => $"listed twice in CmdletsToExport: {g.Key}"));
        problems.AddRange(listed.Except(defined, StringComparer.OrdinalIgnoreCase).Select(n => $"listed in MediaOps.psd1 but not defined in {cmdletAssembly}: {n}"));
        problems.AddRange(defined.Except(listed, StringComparer.OrdinalIgnoreCase).Select(n => $"defined in {cmdletAssembly} but not listed in MediaOps.psd1 CmdletsToExport: {n}"));
        var moduleVersion = Regex.Match(manifest, @"(?m)^\s*ModuleVersion\s*=\s*'([^']+)'").Groups[1].Value;
        if (!Version.TryParse(moduleVersion, out var version) || version != new Version(assemblyVersion.Major, assemblyVersion.Minor, assemblyVersion.Build))
        {
            problems.Add($"ModuleVersion '{moduleVersion}' in MediaOps.psd1 differs from the assembly version {assemblyVersion} (Version in Directory.Build.props)");
        }

        if (problems.Count > 0)
        {
            throw new BuildFailure("the module manifest does not match the cmdlet assembly:" + string.Concat(problems.Select(p => "\n      " + p)));
        }
        Log.Info($"{defined.Count} cmdlets, version {moduleVersion}: manifest and assembly agree");
    }

    /// <summary>The names in the manifest's <c>CmdletsToExport = @( ... )</c>.</summary>
    private static List<string> ListedCmdlets(string manifest)
    {
        var list = Regex.Match(manifest, @"(?ms)^\s*CmdletsToExport\s*=\s*@\((.*?)\)");
        if (!list.Success) throw new BuildFailure("MediaOps.psd1 has no 'CmdletsToExport = @( ... )' list");
        return Regex.Matches(list.Groups[1].Value, @"'([^']+)'").Select(m => m.Groups[1].Value).ToList();
    }

    /// <summary>Verb-Noun of every public, concrete type with [Cmdlet] in the assembly, and the assembly's version.</summary>
    private static (List<string> Cmdlets, Version Version) DefinedCmdlets(string assemblyPath, string module, string project)
    {
        var references = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Concat(Directory.GetFiles(module, "*.dll", SearchOption.AllDirectories))
            .Append(PowerShellReferenceAssembly(project));
        using var context = new MetadataLoadContext(new PathAssemblyResolver(references));
        var assembly = context.LoadFromAssemblyPath(assemblyPath);
        var cmdlets = assembly.GetTypes()
            .Where(type => type.IsPublic && !type.IsAbstract)
            .SelectMany(type => type.GetCustomAttributesData().Where(a => a.AttributeType.FullName == CmdletAttribute))
            .Select(cmdlet => $"{cmdlet.ConstructorArguments[0].Value}-{cmdlet.ConstructorArguments[1].Value}")
            .OrderBy(name => name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return (cmdlets, assembly.GetName().Version ?? new Version());
    }

    /// <summary>System.Management.Automation.dll from the PowerShellStandard.Library package the project restored.</summary>
    internal static string PowerShellReferenceAssembly(string project)
    {
        var assets = Path.Combine(Path.GetDirectoryName(project)!, "obj", "project.assets.json");
        using var json = JsonDocument.Parse(File.ReadAllText(assets));
        var library = json.RootElement.GetProperty("libraries").EnumerateObject()
            .FirstOrDefault(l => l.Name.StartsWith("PowerShellStandard.Library/", StringComparison.OrdinalIgnoreCase));
        if (library.Value.ValueKind != JsonValueKind.Object) throw new BuildFailure($"PowerShellStandard.Library is not in {assets}");
        var packagePath = library.Value.GetProperty("path").GetString()!;
        var found = json.RootElement.GetProperty("packageFolders").EnumerateObject()
            .Select(folder => Path.Combine(folder.Name, packagePath, "lib"))
            .Where(Directory.Exists)
            .SelectMany(lib => Directory.GetFiles(lib, "System.Management.Automation.dll", SearchOption.AllDirectories))
            .FirstOrDefault();
        return found ?? throw new BuildFailure("System.Management.Automation.dll not found in the restored PowerShellStandard.Library package");
    }
}
