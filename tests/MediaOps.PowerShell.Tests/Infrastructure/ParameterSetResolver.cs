using System;
using System.Collections.Generic;
using System.Linq;

namespace MediaOps.PowerShell.Tests.Infrastructure
{
    /// <summary>
    /// Which parameter set PowerShell 7 picks for an object piped into a cmdlet, modelled on its binder
    /// (CmdletParameterBinderController): first the mandatory-parameter analysis done before pipeline input arrives,
    /// which may latch on to one set; then four binding passes per object (by value, by property name, by value with
    /// type conversion, by property name with conversion), each trying the default set first, and after a pass that bound
    /// anything, the default set wins among the sets still possible. That last rule is why a parameter in every set
    /// (-Context) decides more than it seems: binding it in the default set fixes the default set.
    /// <see cref="PipelineBinding"/> says whether some set can take the object; this says which one PowerShell takes.
    /// It models the rules that decide MediaOps' cmdlets, not every corner of the binder.
    /// </summary>
    public static class ParameterSetResolver
    {
        private const string AllSets = CmdletMetadata.AllParameterSets;

        private enum Pass
        {
            ByValue,
            ByPropertyName,
            ByValueWithConversion,
            ByPropertyNameWithConversion,
        }

        public static ParameterSetResolution Resolve(CmdletMetadata cmdlet, Type inputType, IReadOnlyCollection<string>? boundFromCommandLine = null)
        {
            var state = new BinderState(cmdlet, inputType);
            try
            {
                foreach (var name in boundFromCommandLine ?? Array.Empty<string>())
                {
                    var parameter = cmdlet.Parameters.SingleOrDefault(p => p.NamesAndAliases.Contains(name, StringComparer.OrdinalIgnoreCase))
                                    ?? throw new ArgumentException($"{cmdlet.Name} has no parameter -{name}.", nameof(boundFromCommandLine));
                    state.Bind(parameter, "(command line)");
                }
                if (state.Current.Count == 0) return state.Fail("the command-line parameters belong to no common parameter set");

                var prioritized = AnalyzeMandatoryParameters(state);
                BindPipelineObject(state, prioritized);
                state.ValidateSets(prePipelineInput: false);

                var set = state.Current.Single();
                var missing = cmdlet.ParametersIn(set)
                    .Where(p => p.Declaration.Mandatory && !state.Bound.ContainsKey(p.Parameter.Name))
                    .Select(p => p.Parameter.ToString())
                    .ToList();
                if (missing.Count > 0)
                {
                    return state.Fail($"set '{set}' is chosen, but the object does not fill its mandatory {string.Join(", ", missing)}");
                }
                return new ParameterSetResolution(cmdlet, inputType, set, state.Bound, null);
            }
            catch (AmbiguousSetException ex)
            {
                return state.Fail(ex.Message);
            }
        }

        /// <summary>
        /// The analysis PowerShell makes before the first piped object (GetMissingMandatoryParameters with pipeline input
        /// expected): it may narrow the possible sets, latch on to the default set, or name a set to try first.
        /// Returns that set, or null.
        /// </summary>
        private static string? AnalyzeMandatoryParameters(BinderState state)
        {
            var cmdlet = state.Cmdlet;
            var def = cmdlet.DefaultParameterSetName;
            var prompting = new Dictionary<string, SetPromptingData>(StringComparer.Ordinal);
            var mandatorySets = new HashSet<string>(StringComparer.Ordinal);
            var missingInAllSets = false;

            foreach (var parameter in cmdlet.Parameters.Where(p => !state.Bound.ContainsKey(p.Name)))
            {
                foreach (var declaration in parameter.Declarations.Where(d => d.Mandatory && (d.ParameterSetName == AllSets || state.Current.Contains(d.ParameterSetName))))
                {
                    var key = declaration.ParameterSetName;
                    if (key == AllSets) missingInAllSets = true;
                    else mandatorySets.Add(key);
                    if (!prompting.TryGetValue(key, out var data)) prompting[key] = data = new SetPromptingData(key, key == def);
                    if (declaration.ValueFromPipeline) data.ByValue.Add(parameter.Name);
                    if (declaration.ValueFromPipelineByPropertyName) data.ByPropertyName.Add(parameter.Name);
                    if (!declaration.ValueFromPipeline && !declaration.ValueFromPipelineByPropertyName) data.NotFromPipeline.Add(parameter.Name);
                }
            }
            if (prompting.Count == 0) return null;
            if (mandatorySets.Count == 0 || missingInAllSets) mandatorySets = new HashSet<string>(state.Current, StringComparer.Ordinal);

            string? prioritized = null;
            var named = prompting.Values.Where(d => d.Set != AllSets).ToList();
            if (state.Current.Count > 1 && def != null && !mandatorySets.Contains(def) && state.Current.Contains(def)
                && !named.Any(d => state.Current.Contains(d.Set) && d.Set != def && d.Pipelineable))
            {
                mandatorySets = new HashSet<string>(state.Current.Except(mandatorySets), StringComparer.Ordinal);
                state.Current = new HashSet<string>(mandatorySets, StringComparer.Ordinal);
                if (!(state.Current.Count == 1 && state.Current.Contains(def))) prioritized = def;
            }

            if (mandatorySets.Count == 0) throw new AmbiguousSetException("every possible set misses a mandatory parameter");
            if (mandatorySets.Count == 1 || prioritized != null) return prioritized;

            var latchOnToDefault = false;
            if (def != null && mandatorySets.Contains(def))
            {
                var others = named.Where(d => !d.IsDefault).ToList();
                var anotherTakesPipelineInput = others.Any(d => d.Pipelineable && d.NotFromPipeline.Count == 0);
                var anotherTakesPropertyNames = others.Any(d => d.ByPropertyName.Count > 0);
                if (prompting.TryGetValue(def, out var defaultData))
                {
                    latchOnToDefault = (defaultData.ByPropertyName.Count > 0 && !anotherTakesPropertyNames)
                                       || (defaultData.Pipelineable && !anotherTakesPipelineInput);
                }
                if (!latchOnToDefault && !anotherTakesPipelineInput) latchOnToDefault = true;
                if (!latchOnToDefault && prompting.TryGetValue(AllSets, out var allData) && allData.NotFromPipeline.Count > 0) latchOnToDefault = true;
                if (latchOnToDefault)
                {
                    state.Current = new HashSet<string>(StringComparer.Ordinal) { def };
                    return null;
                }
            }

            var candidates = named.Where(d => mandatorySets.Contains(d.Set)).ToList();
            var byValue = candidates.Where(d => d.ByValue.Count > 0).ToList();
            var byName = candidates.Where(d => d.ByPropertyName.Count > 0).ToList();
            string? unique = null;
            if (byValue.Count == 1 && byName.Count == 1 && byValue[0].Set == byName[0].Set) unique = byValue[0].Set;
            if ((byValue.Count == 1) ^ (byName.Count == 1)) unique = byValue.Count == 1 ? byValue[0].Set : byName[0].Set;
            if (unique == null)
            {
                var missingNonPipelineable = candidates.Concat(prompting.Values.Where(d => d.Set == AllSets)).Any(d => d.NotFromPipeline.Count > 0);
                if (!missingNonPipelineable) return null;
                if (byValue.Count != 1) throw new AmbiguousSetException("no set can be filled from the pipeline alone");
                unique = byValue[0].Set;
            }

            var chosen = prompting[unique];
            if (chosen.NotFromPipeline.Count > 0)
            {
                state.Current = new HashSet<string>(StringComparer.Ordinal) { unique };
                return null;
            }
            state.Current.ExceptWith(named.Where(d => d.Set != unique).Select(d => d.Set));
            return state.Current.Count == 1 && state.Current.Contains(unique) ? null : unique;
        }

        private static void BindPipelineObject(BinderState state, string? prioritized)
        {
            var valid = prioritized != null
                ? new HashSet<string>(StringComparer.Ordinal) { prioritized }
                : new HashSet<string>(state.Current, StringComparer.Ordinal);
            var rounds = prioritized != null ? 2 : 1;
            for (var round = 0; round < rounds; round++)
            {
                foreach (var pass in new[] { Pass.ByValue, Pass.ByPropertyName, Pass.ByValueWithConversion, Pass.ByPropertyNameWithConversion })
                {
                    if (BindPass(state, pass, valid) && (prioritized == null || round == 1))
                    {
                        state.ValidateSets(prePipelineInput: true);
                        valid = new HashSet<string>(state.Current, StringComparer.Ordinal);
                    }
                }
                if (prioritized != null && round == 0)
                {
                    if (state.Current.Count == 1 && state.Current.Contains(prioritized)) break;
                    valid = new HashSet<string>(state.Current.Where(s => s != prioritized), StringComparer.Ordinal);
                }
            }
        }

        /// <summary>One pass: the default set first; only when nothing of it binds, every other possible set.</summary>
        private static bool BindPass(BinderState state, Pass pass, HashSet<string> valid)
        {
            var def = state.Cmdlet.DefaultParameterSetName;
            var others = new HashSet<string>(valid, StringComparer.Ordinal);
            if (def != null && valid.Contains(def))
            {
                if (BindPassInSets(state, pass, new HashSet<string>(StringComparer.Ordinal) { def })) return true;
                others.Remove(def);
            }
            return BindPassInSets(state, pass, others);
        }

        private static bool BindPassInSets(BinderState state, Pass pass, HashSet<string> sets)
        {
            var anyBound = false;
            foreach (var parameter in state.Cmdlet.Parameters.Where(p => !state.Bound.ContainsKey(p.Name)))
            {
                var declarations = parameter.Declarations
                    .Where(d => d.ParameterSetName == AllSets || sets.Contains(d.ParameterSetName))
                    .ToList();
                foreach (var declaration in declarations)
                {
                    var source = TryBind(state.InputType, parameter, declaration, pass);
                    if (source is null) continue;
                    state.Bind(parameter, source);
                    anyBound = true;
                    break;
                }
            }
            return anyBound;
        }

        /// <summary>Where the value comes from ("(by value)" or the property's name), or null when this pass cannot bind it.</summary>
        private static string? TryBind(Type inputType, CmdletParameter parameter, ParameterDeclaration declaration, Pass pass)
        {
            switch (pass)
            {
                case Pass.ByValue when declaration.ValueFromPipeline:
                    return Assignable(parameter.Type, inputType) ? "(by value)" : null;
                case Pass.ByValueWithConversion when declaration.ValueFromPipeline:
                    return Converts(parameter.Type, inputType) ? "(by value, converted)" : null;
                case Pass.ByPropertyName when declaration.ValueFromPipelineByPropertyName:
                case Pass.ByPropertyNameWithConversion when declaration.ValueFromPipelineByPropertyName:
                    // PowerShell looks for a property named like the parameter, then like each alias, in that order.
                    var property = parameter.NamesAndAliases
                        .Select(name => inputType.GetProperties().FirstOrDefault(p => p.GetIndexParameters().Length == 0
                                                                                      && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
                        .FirstOrDefault(p => p != null);
                    if (property is null) return null;
                    var binds = pass == Pass.ByPropertyName ? Assignable(parameter.Type, property.PropertyType) : Converts(parameter.Type, property.PropertyType);
                    return binds ? property.Name : null;
                default:
                    return null;
            }
        }

        private static bool Assignable(Type parameterType, Type valueType)
        {
            var target = ElementType(parameterType);
            var source = NullableUnderlying(valueType) ?? valueType;
            return target.FullName == "System.Object" || target.IsAssignableFrom(source);
        }

        /// <summary>With conversion, anything becomes a string (by ToString); other conversions are not modelled.</summary>
        private static bool Converts(Type parameterType, Type valueType) =>
            Assignable(parameterType, valueType) || ElementType(parameterType).FullName == "System.String";

        private static Type ElementType(Type parameterType)
        {
            var target = parameterType.IsArray ? parameterType.GetElementType()! : parameterType;
            return NullableUnderlying(target) ?? target;
        }

        private static Type? NullableUnderlying(Type type) =>
            type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? type.GetGenericArguments()[0] : null;

        private sealed class BinderState
        {
            public BinderState(CmdletMetadata cmdlet, Type inputType)
            {
                Cmdlet = cmdlet;
                InputType = inputType;
                Current = new HashSet<string>(cmdlet.ParameterSets, StringComparer.Ordinal);
            }

            public CmdletMetadata Cmdlet { get; }

            public Type InputType { get; }

            /// <summary>The sets still possible.</summary>
            public HashSet<string> Current { get; set; }

            /// <summary>Parameter name -> where its value came from.</summary>
            public Dictionary<string, string> Bound { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

            public void Bind(CmdletParameter parameter, string source)
            {
                Bound[parameter.Name] = source;
                if (parameter.Declarations.Any(d => d.ParameterSetName == AllSets)) return;
                Current.IntersectWith(parameter.Declarations.Select(d => d.ParameterSetName));
            }

            /// <summary>ValidateParameterSets: with several sets possible, the default set wins if it is one of them.</summary>
            public void ValidateSets(bool prePipelineInput)
            {
                if (Current.Count == 0) throw new AmbiguousSetException($"the bound parameters ({string.Join(", ", Bound.Keys)}) share no parameter set");
                if (Current.Count == 1) return;
                var def = Cmdlet.DefaultParameterSetName;
                if (def != null && Current.Contains(def))
                {
                    Current = new HashSet<string>(StringComparer.Ordinal) { def };
                    return;
                }
                if (prePipelineInput)
                {
                    var withoutMissingMandatory = Current
                        .Where(set => !Cmdlet.ParametersIn(set).Any(p => p.Declaration.Mandatory && !Bound.ContainsKey(p.Parameter.Name)))
                        .ToList();
                    if (withoutMissingMandatory.Count == 1) Current = new HashSet<string>(withoutMissingMandatory, StringComparer.Ordinal);
                    return;
                }
                throw new AmbiguousSetException($"sets {string.Join(", ", Current.OrderBy(s => s, StringComparer.Ordinal))} all remain possible");
            }

            public ParameterSetResolution Fail(string problem) => new ParameterSetResolution(Cmdlet, InputType, null, Bound, problem);
        }

        private sealed class SetPromptingData
        {
            public SetPromptingData(string set, bool isDefault)
            {
                Set = set;
                IsDefault = isDefault;
            }

            public string Set { get; }

            public bool IsDefault { get; }

            public HashSet<string> ByValue { get; } = new HashSet<string>(StringComparer.Ordinal);

            public HashSet<string> ByPropertyName { get; } = new HashSet<string>(StringComparer.Ordinal);

            public HashSet<string> NotFromPipeline { get; } = new HashSet<string>(StringComparer.Ordinal);

            public bool Pipelineable => ByValue.Count > 0 || ByPropertyName.Count > 0;
        }

        private sealed class AmbiguousSetException : Exception
        {
            public AmbiguousSetException(string message) : base(message)
            {
            }
        }
    }

    public sealed class ParameterSetResolution
    {
        public ParameterSetResolution(CmdletMetadata cmdlet, Type inputType, string? parameterSet, IReadOnlyDictionary<string, string> bound, string? problem)
        {
            Cmdlet = cmdlet;
            InputType = inputType;
            ParameterSet = parameterSet;
            Bound = new Dictionary<string, string>(bound, StringComparer.OrdinalIgnoreCase);
            Problem = problem;
        }

        public CmdletMetadata Cmdlet { get; }

        public Type InputType { get; }

        /// <summary>The set PowerShell takes, or null when it would fail to bind the object.</summary>
        public string? ParameterSet { get; }

        /// <summary>Parameter name -> the property it came from, "(by value)" or "(command line)".</summary>
        public IReadOnlyDictionary<string, string> Bound { get; }

        public string? Problem { get; }

        public override string ToString() =>
            $"{InputType.Name} | {Cmdlet.Name}: " + (ParameterSet != null
                ? $"set '{ParameterSet}' ({string.Join(", ", Bound.Select(b => $"-{b.Key} <- {b.Value}"))})"
                : $"does not bind: {Problem}");
    }
}
