using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace MediaOps.PowerShell
{
    /// <summary>
    /// Dependency isolation as PowerShell's documentation describes it ("Resolving PowerShell module assembly dependency
    /// conflicts", loading through a custom AssemblyLoadContext). PowerShell loads only this assembly; everything
    /// PowerShell reflects over or shows lives in it. MediaOps.Core, the Azure SDK and what they need are staged in
    /// <c>dependencies/</c> and load into one load context of the module's own, which prefers its own copies: another
    /// module's Azure.Core, of any version, loaded before or after this one, neither breaks MediaOps nor is broken by it.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        internal const string DependencyFolder = "dependencies";

        /// <summary>Written by the build next to the dependencies: one file name a line, what the module must find there.</summary>
        internal const string DependencyList = "dependencies.txt";

        private const string CoreAssemblyName = "MediaOps.Core";

        private static readonly string ModuleDirectory =
            Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";

        /// <summary>Called by PowerShell when the module is imported, before any cmdlet runs.</summary>
        public void OnImport()
        {
            DependencyLoadContext.Instance.CheckComplete();
            AssemblyLoadContext.Default.Resolving += ResolveCore;
        }

        /// <summary>Called by PowerShell when the module is removed; a later import hooks the same load context again.</summary>
        public void OnRemove(PSModuleInfo psModuleInfo) => AssemblyLoadContext.Default.Resolving -= ResolveCore;

        // The cmdlet assembly refers to MediaOps.Core only; everything else is MediaOps.Core's to ask for, in its own context.
        private static Assembly? ResolveCore(AssemblyLoadContext defaultContext, AssemblyName name) =>
            string.Equals(name.Name, CoreAssemblyName, StringComparison.Ordinal)
                ? DependencyLoadContext.Instance.LoadFromAssemblyName(name)
                : null;

        /// <summary>
        /// The module's load context: an assembly staged in dependencies/ loads from there, whatever the default context
        /// holds; anything else (the .NET runtime, PowerShell) comes from the default context. One per process, since
        /// .NET cannot unload it: a removed and re-imported module finds the same assemblies again.
        /// </summary>
        private sealed class DependencyLoadContext : AssemblyLoadContext
        {
            public static readonly DependencyLoadContext Instance = new DependencyLoadContext(Path.Combine(ModuleDirectory, DependencyFolder));

            private readonly string _directory;

            private DependencyLoadContext(string directory)
                : base("MediaOps", isCollectible: false) => _directory = directory;

            protected override Assembly? Load(AssemblyName assemblyName)
            {
                var path = Path.Combine(_directory, assemblyName.Name + ".dll");
                if (!File.Exists(path) || PlatformProvides(assemblyName)) return null;
                return LoadFromAssemblyPath(path);
            }

            /// <summary>
            /// The .NET runtime or PowerShell itself ships this assembly (it is on the trusted platform list) in this
            /// version or newer: packages such as System.Text.Json then come from the platform, as the runtime intends.
            /// Anything another module loaded (Azure.Core, ...) is not on that list and never replaces ours.
            /// </summary>
            private static bool PlatformProvides(AssemblyName requested)
            {
                if (!(AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)) return false;
                foreach (var path in list.Split(Path.PathSeparator))
                {
                    if (!string.Equals(Path.GetFileNameWithoutExtension(path), requested.Name, StringComparison.OrdinalIgnoreCase)) continue;
                    var platformVersion = AssemblyName.GetAssemblyName(path).Version;
                    return platformVersion != null && (requested.Version is null || platformVersion >= requested.Version);
                }
                return false;
            }

            /// <summary>
            /// A damaged copy of the module (a file of dependencies/ deleted or never copied) fails the import here, naming
            /// what is missing, rather than later as a bare FileNotFoundException from the first cmdlet that needs it.
            /// </summary>
            public void CheckComplete()
            {
                var list = Path.Combine(_directory, DependencyList);
                IEnumerable<string> expected;
                try
                {
                    expected = File.ReadAllLines(list).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    throw Damaged($"its list of dependencies {list} cannot be read ({ex.Message})");
                }
                var missing = expected.Where(file => !File.Exists(Path.Combine(_directory, file))).ToList();
                if (missing.Count > 0)
                {
                    throw Damaged($"{string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} missing from {_directory}");
                }
            }

            private static FileNotFoundException Damaged(string problem) =>
                new FileNotFoundException(
                    $"The MediaOps module in {ModuleDirectory} is incomplete: {problem}. " +
                    "Copy the whole module folder again (or run './build.sh stage'), then import it again.");
        }
    }
}
