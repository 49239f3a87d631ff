using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Reflection;

namespace MediaOps.PowerShell.Tests.Infrastructure
{
    /// <summary>One cmdlet as PowerShell sees it, read from its attributes.</summary>
    public sealed class CmdletMetadata
    {
        public const string AllParameterSets = "__AllParameterSets";

        public CmdletMetadata(Type type)
        {
            Type = type;
            var cmdlet = Attributes.Single(type, "CmdletAttribute");
            Verb = (string)cmdlet.ConstructorArguments[0].Value!;
            Noun = (string)cmdlet.ConstructorArguments[1].Value!;
            SupportsShouldProcess = Attributes.Named<bool>(cmdlet, "SupportsShouldProcess");
            ConfirmImpact = Attributes.NamedEnumName(cmdlet, "ConfirmImpact");
            DefaultParameterSetName = Attributes.Named<string?>(cmdlet, "DefaultParameterSetName");

            OutputTypes = Attributes.All(type, "OutputTypeAttribute").Select(a => new OutputTypeDeclaration(a)).ToList();
            Parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => Attributes.All(p, "ParameterAttribute").Any())
                .Select(p => new CmdletParameter(p))
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .ToList();
        }

        public Type Type { get; }

        public string Verb { get; }

        public string Noun { get; }

        public string Name => Verb + "-" + Noun;

        public bool SupportsShouldProcess { get; }

        /// <summary>Name of the ConfirmImpact value, or null when the attribute leaves it at its default (Medium).</summary>
        public string? ConfirmImpact { get; }

        public string? DefaultParameterSetName { get; }

        public IReadOnlyList<OutputTypeDeclaration> OutputTypes { get; }

        public IReadOnlyList<CmdletParameter> Parameters { get; }

        /// <summary>Every parameter set name the cmdlet's attributes use (not counting "all sets").</summary>
        public IReadOnlyList<string> DeclaredParameterSetNames =>
            Parameters.SelectMany(p => p.Declarations).Select(d => d.ParameterSetName)
                .Concat(OutputTypes.SelectMany(o => o.ParameterSetNames))
                .Concat(DefaultParameterSetName is null ? Enumerable.Empty<string>() : new[] { DefaultParameterSetName })
                .Where(n => n != AllParameterSets)
                .Distinct(StringComparer.Ordinal)
                .ToList();

        /// <summary>The sets PowerShell builds: the declared ones, or the single implicit set when none is declared.</summary>
        public IReadOnlyList<string> ParameterSets
        {
            get
            {
                var named = Parameters.SelectMany(p => p.Declarations).Select(d => d.ParameterSetName)
                    .Where(n => n != AllParameterSets).Distinct(StringComparer.Ordinal).ToList();
                return named.Count == 0 ? new[] { AllParameterSets } : named;
            }
        }

        public CmdletParameter? Parameter(string name) =>
            Parameters.SingleOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

        /// <summary>The parameters in <paramref name="set"/> with their declaration for it.</summary>
        public IEnumerable<(CmdletParameter Parameter, ParameterDeclaration Declaration)> ParametersIn(string set)
        {
            foreach (var parameter in Parameters)
            {
                var declaration = parameter.Declarations.FirstOrDefault(d => d.ParameterSetName == set)
                                  ?? parameter.Declarations.FirstOrDefault(d => d.ParameterSetName == AllParameterSets);
                if (declaration != null) yield return (parameter, declaration);
            }
        }

        public override string ToString() => Name;
    }

    public sealed class CmdletParameter
    {
        public CmdletParameter(PropertyInfo property)
        {
            Property = property;
            Declarations = Attributes.All(property, "ParameterAttribute").Select(a => new ParameterDeclaration(a)).ToList();
            Aliases = Attributes.All(property, "AliasAttribute")
                .SelectMany(a => a.ConstructorArguments)
                .SelectMany(Attributes.Strings)
                .ToList();
        }

        public PropertyInfo Property { get; }

        public string Name => Property.Name;

        public Type Type => Property.PropertyType;

        public IReadOnlyList<ParameterDeclaration> Declarations { get; }

        public IReadOnlyList<string> Aliases { get; }

        public IEnumerable<string> NamesAndAliases => new[] { Name }.Concat(Aliases);

        public override string ToString() => "-" + Name;
    }

    /// <summary>One [Parameter] attribute of a parameter: its role in one parameter set.</summary>
    public sealed class ParameterDeclaration
    {
        public ParameterDeclaration(CustomAttributeData attribute)
        {
            ParameterSetName = Attributes.Named<string?>(attribute, "ParameterSetName") ?? CmdletMetadata.AllParameterSets;
            Mandatory = Attributes.Named<bool>(attribute, "Mandatory");
            ValueFromPipeline = Attributes.Named<bool>(attribute, "ValueFromPipeline");
            ValueFromPipelineByPropertyName = Attributes.Named<bool>(attribute, "ValueFromPipelineByPropertyName");
            Position = Attributes.NamedArgument(attribute, "Position") is CustomAttributeTypedArgument position && position.Value is int value ? value : (int?)null;
        }

        public string ParameterSetName { get; }

        public bool Mandatory { get; }

        public bool ValueFromPipeline { get; }

        public bool ValueFromPipelineByPropertyName { get; }

        /// <summary>The position in this set, or null when the parameter is named only.</summary>
        public int? Position { get; }
    }

    /// <summary>One [OutputType] attribute: types given as types or as names, and the sets it applies to.</summary>
    public sealed class OutputTypeDeclaration
    {
        public OutputTypeDeclaration(CustomAttributeData attribute)
        {
            foreach (var argument in attribute.ConstructorArguments.SelectMany(Attributes.Flatten))
            {
                if (argument.Value is Type type) Types.Add(type);
                else if (argument.Value is string name) TypeNames.Add(name);
            }
            ParameterSetNames = Attributes.NamedArgument(attribute, "ParameterSetName") is CustomAttributeTypedArgument sets
                ? Attributes.Strings(sets).ToList()
                : new List<string>();
        }

        public List<Type> Types { get; } = new List<Type>();

        public List<string> TypeNames { get; } = new List<string>();

        public IReadOnlyList<string> ParameterSetNames { get; }
    }

    /// <summary>Reading attributes through CustomAttributeData, the only way MetadataLoadContext offers.</summary>
    internal static class Attributes
    {
        public static IEnumerable<CustomAttributeData> All(MemberInfo member, string attributeName) =>
            member.GetCustomAttributesData().Where(a => a.AttributeType.FullName == ModuleMetadata.SmaNamespace + attributeName);

        public static CustomAttributeData Single(MemberInfo member, string attributeName) => All(member, attributeName).Single();

        public static CustomAttributeTypedArgument? NamedArgument(CustomAttributeData attribute, string name)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.MemberName == name) return argument.TypedValue;
            }
            return null;
        }

        public static T Named<T>(CustomAttributeData attribute, string name) =>
            NamedArgument(attribute, name) is CustomAttributeTypedArgument value && value.Value is T typed ? typed : default!;

        /// <summary>The enum member name of a named enum argument (MetadataLoadContext gives the underlying number).</summary>
        public static string? NamedEnumName(CustomAttributeData attribute, string name)
        {
            if (!(NamedArgument(attribute, name) is CustomAttributeTypedArgument value) || value.Value is null) return null;
            var enumType = value.ArgumentType;
            foreach (var field in enumType.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                if (Convert.ToInt64(field.GetRawConstantValue()) == Convert.ToInt64(value.Value)) return field.Name;
            }
            return value.Value.ToString();
        }

        public static IEnumerable<CustomAttributeTypedArgument> Flatten(CustomAttributeTypedArgument argument) =>
            argument.Value is ReadOnlyCollection<CustomAttributeTypedArgument> items ? items.SelectMany(Flatten) : new[] { argument };

        public static IEnumerable<string> Strings(CustomAttributeTypedArgument argument) =>
            Flatten(argument).Select(a => a.Value).OfType<string>();
    }
}
