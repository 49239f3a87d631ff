using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using MediaOps.PowerShell.Tests.Infrastructure;
using Xunit;

namespace MediaOps.PowerShell.Tests
{
    /// <summary>
    /// The Azure SDK lives in the module's own load context (ModuleInitializer), away from other modules' versions of it.
    /// That holds only if PowerShell never has to resolve an Azure type while binding or formatting: the cmdlet assembly
    /// must not reference Azure.* at all, and none of its public surface may mention an Azure type.
    /// </summary>
    public sealed class IsolationTests
    {
        private static ModuleMetadata Module => ModuleMetadata.Instance;

        [Fact]
        public void The_cmdlet_assembly_references_no_Azure_assembly()
        {
            var azure = Module.Assembly.GetReferencedAssemblies().Where(a => IsAzure(a.Name)).Select(a => a.FullName).ToList();
            Assert.True(azure.Count == 0, "MediaOps.PowerShell references " + string.Join(", ", azure) + "; go through MediaOps.Core instead.");
        }

        [Fact]
        public void No_cmdlet_parameter_has_an_Azure_type()
        {
            var offenders = Module.Cmdlets
                .SelectMany(c => c.Parameters.Where(p => MentionsAzure(p.Type)).Select(p => $"{c.Name} {p} ({p.Type.FullName})"))
                .ToList();
            Assert.True(offenders.Count == 0, string.Join("; ", offenders));
        }

        [Fact]
        public void No_public_type_of_the_cmdlet_assembly_exposes_an_Azure_type()
        {
            var offenders = new List<string>();
            foreach (var type in Module.Assembly.GetTypes().Where(t => t.IsVisible))
            {
                foreach (var exposed in Surface(type).Where(s => MentionsAzure(s.Type)))
                {
                    offenders.Add($"{type.FullName}: {exposed.Where} ({exposed.Type.FullName})");
                }
            }
            Assert.True(offenders.Count == 0, string.Join("; ", offenders));
        }

        private static IEnumerable<(string Where, Type Type)> Surface(Type type)
        {
            if (type.BaseType != null) yield return ("base type", type.BaseType);
            foreach (var i in type.GetInterfaces()) yield return ("interface", i);
            const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(flags))
            {
                switch (member)
                {
                    case PropertyInfo p when IsVisible(p.GetMethod) || IsVisible(p.SetMethod):
                        yield return ("property " + p.Name, p.PropertyType);
                        break;
                    case FieldInfo f when f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly:
                        yield return ("field " + f.Name, f.FieldType);
                        break;
                    case MethodBase m when IsVisible(m):
                        if (m is MethodInfo mi) yield return ("method " + m.Name + " return", mi.ReturnType);
                        foreach (var parameter in m.GetParameters()) yield return ($"method {m.Name} parameter {parameter.Name}", parameter.ParameterType);
                        break;
                    case EventInfo e:
                        if (e.EventHandlerType != null) yield return ("event " + e.Name, e.EventHandlerType);
                        break;
                }
            }
        }

        private static bool IsVisible(MethodBase? method) => method != null && (method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly);

        private static bool MentionsAzure(Type type)
        {
            if (type.HasElementType) return MentionsAzure(type.GetElementType()!);
            if (type.IsGenericParameter) return false;
            if (IsAzure(type.Assembly.GetName().Name)) return true;
            return type.IsGenericType && type.GetGenericArguments().Any(MentionsAzure);
        }

        private static bool IsAzure(string? assemblyName) =>
            assemblyName != null && (assemblyName.Equals("Azure", StringComparison.OrdinalIgnoreCase)
                                     || assemblyName.StartsWith("Azure.", StringComparison.OrdinalIgnoreCase));
    }
}
