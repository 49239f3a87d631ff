using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace MediaOps.Core.Tests
{
    /// <summary>
    /// MediaOps.Core.dll is what the PowerShell module ships and loads, so it holds only what the module and the services
    /// share: the worker, its ffmpeg runtime and the origin live in the assemblies of <c>mediaops</c>.
    /// </summary>
    public sealed class CoreAssemblyTests
    {
        private static readonly string[] ServiceNamespaceSegments = { "Worker", "Origin", "Ffmpeg", "Host" };

        private static readonly string[] ServiceTypeNameParts =
        {
            "Ffmpeg", "Ffprobe", "Probe", "Encoder", "ToolProcess", "Worker", "WorkLease", "MediaOrigin", "OriginRequest",
            "OriginResponse", "OriginHealth", "OriginCors", "OriginCache", "ByteRange", "EntityTag", "LocatorCache",
        };

        [Fact]
        public void Core_has_no_worker_origin_or_ffmpeg_type()
        {
            var offending = CoreTypes()
                .Where(t => t.Namespace.Split('.').Any(s => ServiceNamespaceSegments.Contains(s)) ||
                            ServiceTypeNameParts.Any(part => t.Name.Contains(part, StringComparison.Ordinal)))
                .Select(t => t.Namespace + "." + t.Name)
                .ToList();

            Assert.True(offending.Count == 0, "Types that belong to mediaops, not to Core: " + string.Join(", ", offending));
        }

        [Fact]
        public void Core_starts_no_process_and_references_no_web_or_hosting_assembly()
        {
            using var pe = new PEReader(File.OpenRead(typeof(MediaOpsException).Assembly.Location));
            var metadata = pe.GetMetadataReader();

            var referencedTypes = metadata.TypeReferences
                .Select(h => metadata.GetTypeReference(h))
                .Select(t => metadata.GetString(t.Namespace) + "." + metadata.GetString(t.Name))
                .ToList();
            var referencedAssemblies = metadata.AssemblyReferences
                .Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name))
                .ToList();

            Assert.DoesNotContain("System.Diagnostics.Process", referencedTypes);
            Assert.DoesNotContain("System.Diagnostics.ProcessStartInfo", referencedTypes);
            Assert.Contains("Azure.Storage.Blobs", referencedAssemblies);
            var services = referencedAssemblies
                .Where(a => a.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) ||
                            a.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal) ||
                            a.StartsWith("MediaOps.", StringComparison.Ordinal))
                .ToList();
            Assert.True(services.Count == 0, "Core references: " + string.Join(", ", services));
        }

        private static IReadOnlyList<(string Namespace, string Name)> CoreTypes()
        {
            using var pe = new PEReader(File.OpenRead(typeof(MediaOpsException).Assembly.Location));
            var metadata = pe.GetMetadataReader();
            var types = metadata.TypeDefinitions
                .Select(h => metadata.GetTypeDefinition(h))
                .Select(t => (Namespace: metadata.GetString(t.Namespace), Name: metadata.GetString(t.Name)))
                .Where(t => t.Namespace.StartsWith("MediaOps", StringComparison.Ordinal))
                .ToList();
            Assert.Contains(types, t => t.Name == "PresetCatalog");
            return types;
        }
    }
}
