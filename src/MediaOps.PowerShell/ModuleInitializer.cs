using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace MediaOps.PowerShell
{
    /// <summary>
    /// Dependency isolation. The module's dependencies (MediaOps.Core, the Azure SDK and what it needs) are staged in
    /// the module's <c>dependencies</c> folder, where PowerShell does not look. When one of our assemblies asks for one
    /// of them, this loads it into a single load context of the module's own, so that another module's Azure.Core
    /// (or other version of anything else in there) neither breaks MediaOps nor is broken by it.
    /// </summary>
    /// <remarks>
    /// The project targets netstandard2.0, which has no AssemblyLoadContext; the type is found and used through
    /// reflection. Assemblies that the runtime itself provides (System.Memory, System.Text.Json, ...) still come
    /// from the runtime, because the default context answers before the resolve event is raised.
    /// </remarks>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private const string DependencyFolder = "dependencies";

        private static readonly object Gate = new object();
        private static readonly Assembly ModuleAssembly = typeof(ModuleInitializer).Assembly;
        private static readonly string DependencyDirectory =
            Path.Combine(Path.GetDirectoryName(ModuleAssembly.Location) ?? ".", DependencyFolder);

        // Guarded by Gate. The load context and what it loaded live as long as the process: a removed and
        // re-imported module must find the same assemblies again, since .NET cannot unload ours.
        private static readonly Dictionary<string, Assembly> LoadedByName = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        private static readonly HashSet<Assembly> Loaded = new HashSet<Assembly>();
        private static Func<string, Assembly>? s_load;
        private static bool s_hooked;

        /// <summary>Called by PowerShell when the module is imported.</summary>
        public void OnImport()
        {
            lock (Gate)
            {
                if (s_hooked) return;
                AppDomain.CurrentDomain.AssemblyResolve += ResolveDependency;
                s_hooked = true;
            }
        }

        /// <summary>Called by PowerShell when the module is removed.</summary>
        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            lock (Gate)
            {
                if (!s_hooked) return;
                AppDomain.CurrentDomain.AssemblyResolve -= ResolveDependency;
                s_hooked = false;
            }
        }

        private static Assembly? ResolveDependency(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name).Name;
            if (string.IsNullOrEmpty(name) || name != Path.GetFileName(name)) return null;

            lock (Gate)
            {
                // Only requests made by our own assemblies: the cmdlet assembly and what we loaded for it.
                if (args.RequestingAssembly == null ||
                    (args.RequestingAssembly != ModuleAssembly && !Loaded.Contains(args.RequestingAssembly)))
                {
                    return null;
                }
                if (LoadedByName.TryGetValue(name!, out var known)) return known;

                var path = Path.Combine(DependencyDirectory, name + ".dll");
                if (!File.Exists(path)) return null;

                s_load ??= CreateLoader();
                var assembly = s_load(path);
                LoadedByName[name!] = assembly;
                Loaded.Add(assembly);
                return assembly;
            }
        }

        /// <summary>
        /// LoadFromAssemblyPath of one new AssemblyLoadContext named MediaOps. On .NET Framework, which has no
        /// load contexts (and which the manifest does not allow), plain Assembly.LoadFrom.
        /// </summary>
        private static Func<string, Assembly> CreateLoader()
        {
            var contextType = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext");
            if (contextType == null) return Assembly.LoadFrom;

            var constructor = contextType.GetConstructor(new[] { typeof(string), typeof(bool) })
                ?? throw new MissingMethodException(contextType.FullName, ".ctor(string, bool)");
            var loadFromPath = contextType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) })
                ?? throw new MissingMethodException(contextType.FullName, "LoadFromAssemblyPath");
            var context = constructor.Invoke(new object[] { "MediaOps", false });
            return (Func<string, Assembly>)Delegate.CreateDelegate(typeof(Func<string, Assembly>), context, loadFromPath);
        }
    }
}
