using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace MediaOps.PowerShell.Tests.Infrastructure
{
    /// <summary>
    /// The built cmdlet assembly, read as metadata only (System.Reflection.MetadataLoadContext): nothing of it runs.
    /// PowerShellStandard's System.Management.Automation is a reference stub, so executing cmdlets here would prove
    /// nothing; what PowerShell will see when it imports the module (attributes, parameters, types) is exactly metadata.
    /// </summary>
    public sealed class ModuleMetadata : IDisposable
    {
        public const string CmdletNamespace = "MediaOps.PowerShell.Commands";
        internal const string SmaNamespace = "System.Management.Automation.";

        private static readonly Lazy<ModuleMetadata> Shared = new Lazy<ModuleMetadata>(() => new ModuleMetadata());

        private readonly MetadataLoadContext _loadContext;

        private ModuleMetadata()
        {
            RepositoryRoot = FindRepositoryRoot();
            // This assembly runs from tests/MediaOps.PowerShell.Tests/bin/<Configuration>/net10.0/.
            Configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent?.Name ?? "Debug";
            OutputDirectory = Path.Combine(RepositoryRoot, "src", "MediaOps.PowerShell", "bin", Configuration, "netstandard2.0");
            AssemblyPath = Path.Combine(OutputDirectory, "MediaOps.PowerShell.dll");
            if (!File.Exists(AssemblyPath))
            {
                throw new InvalidOperationException(
                    $"The cmdlet assembly is not built at {AssemblyPath}. Build the solution ('dotnet build MediaOps.sln -c {Configuration}') first.");
            }

            var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            // Later sources win: runtime reference assemblies, then the module's own folder, then PowerShell's API.
            foreach (var dll in Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")) paths[Path.GetFileName(dll)] = dll;
            foreach (var dll in Directory.GetFiles(OutputDirectory, "*.dll")) paths[Path.GetFileName(dll)] = dll;
            var sma = FindPowerShellStandardAssembly(RepositoryRoot);
            paths[Path.GetFileName(sma)] = sma;

            _loadContext = new MetadataLoadContext(new PathAssemblyResolver(paths.Values));
            Assembly = _loadContext.LoadFromAssemblyPath(AssemblyPath);
            CoreAssembly = _loadContext.LoadFromAssemblyPath(Path.Combine(OutputDirectory, "MediaOps.Core.dll"));

            Cmdlets = Assembly.GetTypes()
                .Where(t => t.IsClass && !t.IsAbstract && t.GetCustomAttributesData().Any(a => a.AttributeType.FullName == SmaNamespace + "CmdletAttribute"))
                .Select(t => new CmdletMetadata(t))
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .ToList();
        }

        public static ModuleMetadata Instance => Shared.Value;

        public string RepositoryRoot { get; }

        public string Configuration { get; }

        /// <summary>src/MediaOps.PowerShell/bin/&lt;Configuration&gt;/netstandard2.0</summary>
        public string OutputDirectory { get; }

        public string AssemblyPath { get; }

        public Assembly Assembly { get; }

        /// <summary>MediaOps.Core.dll from the same folder: the models that cmdlets output.</summary>
        public Assembly CoreAssembly { get; }

        /// <summary>Every class PowerShell exports as a cmdlet: non-abstract, with [Cmdlet].</summary>
        public IReadOnlyList<CmdletMetadata> Cmdlets { get; }

        public string SourceDirectory => Path.Combine(RepositoryRoot, "src", "MediaOps.PowerShell");

        public CmdletMetadata Cmdlet(string name) =>
            Cmdlets.SingleOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"The module exports no cmdlet {name}; it exports {string.Join(", ", Cmdlets.Select(c => c.Name))}.");

        public void Dispose() => _loadContext.Dispose();

        private static string FindRepositoryRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "MediaOps.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("MediaOps.sln not found above " + AppContext.BaseDirectory);
        }

        /// <summary>PowerShellStandard.Library's System.Management.Automation.dll, of the version the repository pins.</summary>
        private static string FindPowerShellStandardAssembly(string repositoryRoot)
        {
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
            if (string.IsNullOrEmpty(packages))
            {
                packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            }
            var packageDir = Path.Combine(packages, "powershellstandard.library");
            var version = PinnedVersion(repositoryRoot, "PowerShellStandard.Library");
            var candidates = new List<string>();
            if (version != null) candidates.Add(Path.Combine(packageDir, version.ToLowerInvariant(), "lib", "netstandard2.0", "System.Management.Automation.dll"));
            if (Directory.Exists(packageDir))
            {
                candidates.AddRange(Directory.GetDirectories(packageDir).OrderByDescending(d => d, StringComparer.Ordinal)
                    .Select(d => Path.Combine(d, "lib", "netstandard2.0", "System.Management.Automation.dll")));
            }
            return candidates.FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException(
                    $"PowerShellStandard.Library {version} was not found under {packageDir}. Restore the solution first (NUGET_PACKAGES is honoured).");
        }

        private static string? PinnedVersion(string repositoryRoot, string package)
        {
            var props = Path.Combine(repositoryRoot, "Directory.Packages.props");
            if (!File.Exists(props)) return null;
            return XDocument.Load(props).Descendants("PackageVersion")
                .FirstOrDefault(e => string.Equals((string?)e.Attribute("Include"), package, StringComparison.OrdinalIgnoreCase))
                ?.Attribute("Version")?.Value;
        }
    }
}
