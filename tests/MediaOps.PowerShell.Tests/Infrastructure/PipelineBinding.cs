using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;

namespace MediaOps.PowerShell.Tests.Infrastructure
{
    /// <summary>
    /// Whether <c>A | B</c> binds by property name, judged from metadata the way PowerShell's parameter binder does:
    /// for each type A declares in [OutputType], some parameter set of B must have every mandatory parameter that is not
    /// given on the command line filled from the piped object, by ValueFromPipelineByPropertyName from a public property
    /// named like the parameter or one of its aliases (with a type the parameter accepts), and the object must fill at
    /// least one parameter. In a set other than the default, it must fill a parameter of that set, not only parameters of
    /// every set (-Context): with several sets still possible, PowerShell takes the default one. Also reports whether the
    /// object's account flows along (its Context property binds B's -Context). Which set PowerShell actually takes, also
    /// by value, is <see cref="ParameterSetResolver"/>'s answer.
    /// </summary>
    public static class PipelineBinding
    {
        public static PipelineBindingResult Analyze(
            CmdletMetadata upstream, CmdletMetadata downstream, IReadOnlyCollection<string>? boundFromCommandLine = null)
        {
            var commandLine = new HashSet<string>(boundFromCommandLine ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
            var result = new PipelineBindingResult(upstream, downstream);
            var outputTypes = upstream.OutputTypes.SelectMany(o => o.Types).Distinct().ToList();
            if (outputTypes.Count == 0)
            {
                result.Problems.Add($"{upstream.Name} declares no [OutputType], so nothing says what it sends down the pipeline.");
                return result;
            }

            foreach (var outputType in outputTypes)
            {
                var perSet = new List<string>();
                foreach (var set in downstream.ParameterSets)
                {
                    var problems = new List<string>();
                    var bindings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var (parameter, declaration) in downstream.ParametersIn(set))
                    {
                        if (parameter.NamesAndAliases.Any(commandLine.Contains)) continue;
                        var property = declaration.ValueFromPipelineByPropertyName ? FindProperty(outputType, parameter) : null;
                        var accepted = property != null && Accepts(parameter.Type, property.PropertyType);
                        if (accepted) bindings[parameter.Name] = property!.Name;
                        if (!declaration.Mandatory) continue;

                        if (!declaration.ValueFromPipelineByPropertyName)
                        {
                            problems.Add($"{parameter} is mandatory and not ValueFromPipelineByPropertyName");
                        }
                        else if (property is null)
                        {
                            problems.Add($"{outputType.FullName} has no public property named {string.Join(" or ", parameter.NamesAndAliases)}");
                        }
                        else if (!accepted)
                        {
                            problems.Add($"{outputType.FullName}.{property.Name} is a {property.PropertyType.FullName}, which {parameter} ({parameter.Type.FullName}) does not take");
                        }
                    }
                    if (bindings.Count == 0 && problems.Count == 0)
                    {
                        // PowerShell rejects a piped object that binds no parameter at all.
                        problems.Add("the piped object fills no parameter of the set");
                    }
                    else if (problems.Count == 0 && downstream.ParameterSets.Count > 1 && set != downstream.DefaultParameterSetName
                             && bindings.Keys.All(name => downstream.Parameter(name)!.Declarations.Any(d => d.ParameterSetName == CmdletMetadata.AllParameterSets)))
                    {
                        problems.Add($"the piped object fills only parameters of every set ({string.Join(", ", bindings.Keys)}), so PowerShell takes the default set '{downstream.DefaultParameterSetName}'");
                    }
                    if (problems.Count == 0)
                    {
                        result.Bindings.Add(new PipelineBindingResult.SetBinding(outputType, set, bindings));
                    }
                    else
                    {
                        perSet.Add($"parameter set '{set}': {string.Join("; ", problems)}");
                    }
                }
                if (!result.Bindings.Any(b => b.OutputType == outputType))
                {
                    result.Problems.Add($"{outputType.FullName} from {upstream.Name} binds no parameter set of {downstream.Name}: {string.Join(" | ", perSet)}");
                }

                var context = downstream.Parameter("Context");
                var contextFlows = context != null
                                   && context.Declarations.All(d => d.ValueFromPipelineByPropertyName)
                                   && FindProperty(outputType, context) is PropertyInfo contextProperty
                                   && Accepts(context.Type, contextProperty.PropertyType);
                if (!contextFlows) result.TypesNotCarryingContext.Add(outputType);
            }
            return result;
        }

        /// <summary>The public instance property PowerShell would read for <paramref name="parameter"/>.</summary>
        public static PropertyInfo? FindProperty(Type type, CmdletParameter parameter) =>
            type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => p.GetIndexParameters().Length == 0
                                     && parameter.NamesAndAliases.Any(n => string.Equals(n, p.Name, StringComparison.OrdinalIgnoreCase)));

        /// <summary>
        /// Whether a value of <paramref name="valueType"/> binds to a parameter of <paramref name="parameterType"/>
        /// without a lossy conversion: the same or a derived type, also as the element of an array parameter; any value
        /// binds to a string parameter only when it is a string or a value type (enums, numbers, guids).
        /// </summary>
        public static bool Accepts(Type parameterType, Type valueType)
        {
            var target = parameterType.IsArray ? parameterType.GetElementType()! : parameterType;
            target = Nullable(target) ?? target;
            var source = Nullable(valueType) ?? valueType;
            if (target.FullName == "System.String") return source.FullName == "System.String" || source.IsValueType;
            if (target.FullName == "System.Object") return true;
            return target.IsAssignableFrom(source) || string.Equals(target.AssemblyQualifiedName, source.AssemblyQualifiedName, StringComparison.Ordinal);
        }

        private static Type? Nullable(Type type) =>
            type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? type.GetGenericArguments()[0] : null;
    }

    public sealed class PipelineBindingResult
    {
        public PipelineBindingResult(CmdletMetadata upstream, CmdletMetadata downstream)
        {
            Upstream = upstream;
            Downstream = downstream;
        }

        public CmdletMetadata Upstream { get; }

        public CmdletMetadata Downstream { get; }

        /// <summary>Each (output type, parameter set) that binds, with parameter -> property.</summary>
        public List<SetBinding> Bindings { get; } = new List<SetBinding>();

        public List<string> Problems { get; } = new List<string>();

        /// <summary>Output types whose account does not flow into the downstream cmdlet's -Context.</summary>
        public List<Type> TypesNotCarryingContext { get; } = new List<Type>();

        public bool Binds => Problems.Count == 0 && Bindings.Count > 0;

        public IEnumerable<string> ParameterSetsBound => Bindings.Select(b => b.ParameterSet).Distinct();

        public override string ToString()
        {
            var text = new StringBuilder($"{Upstream.Name} | {Downstream.Name}: ");
            if (Binds)
            {
                text.Append("binds by property name (");
                text.Append(string.Join("; ", Bindings.Select(b =>
                    $"{b.OutputType.Name} in set '{b.ParameterSet}': {string.Join(", ", b.Bindings.Select(p => $"-{p.Key} <- .{p.Value}"))}")));
                text.Append(')');
            }
            else
            {
                text.Append("does not bind. ").Append(string.Join(" ", Problems));
            }
            return text.ToString();
        }

        public sealed class SetBinding
        {
            public SetBinding(Type outputType, string parameterSet, IReadOnlyDictionary<string, string> bindings)
            {
                OutputType = outputType;
                ParameterSet = parameterSet;
                Bindings = bindings;
            }

            public Type OutputType { get; }

            public string ParameterSet { get; }

            public IReadOnlyDictionary<string, string> Bindings { get; }
        }
    }
}
