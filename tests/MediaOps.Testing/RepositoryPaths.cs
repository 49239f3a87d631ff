using System;
using System.IO;

namespace MediaOps.Testing
{
    /// <summary>Where the repository's tools are, found from the running assembly.</summary>
    public static class RepositoryPaths
    {
        private static readonly Lazy<string> Root = new Lazy<string>(FindRoot);

        public static string RepositoryRoot => Root.Value;

        /// <summary>The pinned Azurite from <c>npm ci</c>; <c>MEDIAOPS_AZURITE</c> overrides it.</summary>
        public static string AzuriteExecutable
        {
            get
            {
                var overridden = Environment.GetEnvironmentVariable("MEDIAOPS_AZURITE");
                if (!string.IsNullOrEmpty(overridden)) return overridden;
                var path = Path.Combine(RepositoryRoot, "node_modules", ".bin", "azurite");
                if (!File.Exists(path))
                {
                    throw new InvalidOperationException(
                        $"Azurite is not installed at {path}. Run './build.sh test' (it runs 'npm ci'), or 'npm ci' in {RepositoryRoot}.");
                }
                return path;
            }
        }

        /// <summary>The built <c>mediaops</c> host (its dll, run with <c>dotnet</c>), next to the test assemblies' configuration.</summary>
        public static string HostAssembly
        {
            get
            {
                // <project>/bin/<configuration>/<framework>/
                var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
                var configuration = framework.Parent?.Name ?? "Debug";
                var path = Path.Combine(RepositoryRoot, "src", "MediaOps.Host", "bin", configuration, "net10.0", "mediaops.dll");
                if (!File.Exists(path))
                {
                    throw new InvalidOperationException($"The mediaops host is not built at {path}. Build the solution first.");
                }
                return path;
            }
        }

        private static string FindRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "MediaOps.sln")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException("MediaOps.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
