using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace MediaOps.Build;

/// <summary>
/// Writes the cmdlets' MAML help (en-US/MediaOps.PowerShell.dll-Help.xml) from what the repository keeps: the XML doc
/// comments of the cmdlet classes (synopsis, description, examples, notes) and of their parameter properties, compiled
/// into MediaOps.PowerShell.xml, plus the parameter metadata of the built assembly, read with a MetadataLoadContext
/// (nothing of it is loaded or run). A cmdlet without synopsis, description or two examples, or a parameter without a
/// description, fails the build and names what is missing.
/// </summary>
/// <remarks>
/// In a cmdlet class's doc comment: <c>&lt;para type="synopsis"&gt;</c> and <c>&lt;para type="description"&gt;</c> in
/// the summary; each <c>&lt;example&gt;</c> holds a <c>&lt;code&gt;</c> (the commands, run by Pester as written) and
/// <c>&lt;para&gt;</c>s (what it does); <c>&lt;para type="inputs"&gt;</c> / <c>&lt;para type="outputs"&gt;</c> in the
/// remarks may describe the input and output types. Each parameter's description is its property's summary.
/// </remarks>
internal static class HelpGenerator
{
    private const string CmdletAttribute = "System.Management.Automation.CmdletAttribute";
    private const string ParameterAttribute = "System.Management.Automation.ParameterAttribute";
    private const string AliasAttribute = "System.Management.Automation.AliasAttribute";
    private const string OutputTypeAttribute = "System.Management.Automation.OutputTypeAttribute";
    private const string WildcardsAttribute = "System.Management.Automation.SupportsWildcardsAttribute";
    private const string AllSets = "__AllParameterSets";

    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static void Write(string assemblyPath, string docFile, string module, IEnumerable<string> references, string output)
    {
        Log.Step("writing the cmdlets' help from the doc comments and the assembly's metadata");
        if (!File.Exists(docFile)) throw new BuildFailure($"the doc comments file {docFile} was not produced (GenerateDocumentationFile)");
        var docs = XDocument.Load(docFile).Descendants("member")
            .ToDictionary(m => (string)m.Attribute("name")!, m => m);

        var all = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Concat(Directory.GetFiles(module, "*.dll", SearchOption.AllDirectories))
            .Concat(references);
        using var context = new MetadataLoadContext(new PathAssemblyResolver(all));
        var assembly = context.LoadFromAssemblyPath(assemblyPath);

        var problems = new List<string>();
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
            new XAttribute(XNamespace.Xmlns + "maml", Maml), new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev));
        var count = 0;
        foreach (var type in assembly.GetTypes().Where(t => t.IsPublic && !t.IsAbstract).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var cmdlet = type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == CmdletAttribute);
            if (cmdlet is null) continue;
            root.Add(CommandHelp(type, cmdlet, docs, problems));
            count++;
        }
        if (problems.Count > 0)
        {
            throw new BuildFailure("the cmdlets' help is incomplete (add the doc comments):" + string.Concat(problems.Select(p => "\n      " + p)));
        }
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(output);
        Log.Info($"help for {count} cmdlets in {Repo.Relative(output)}");
    }

    private static XElement CommandHelp(Type type, CustomAttributeData cmdlet, Dictionary<string, XElement> docs, List<string> problems)
    {
        var verb = (string)cmdlet.ConstructorArguments[0].Value!;
        var noun = (string)cmdlet.ConstructorArguments[1].Value!;
        var name = $"{verb}-{noun}";
        docs.TryGetValue("T:" + type.FullName, out var doc);
        var synopsis = Paragraphs(doc?.Element("summary")?.Elements("para").Where(p => (string?)p.Attribute("type") == "synopsis"));
        var description = Paragraphs(doc?.Element("summary")?.Elements("para").Where(p => (string?)p.Attribute("type") == "description"));
        var examples = doc?.Elements("example").ToList() ?? new List<XElement>();
        if (synopsis.Count == 0) problems.Add($"{name}: no <para type=\"synopsis\">");
        if (description.Count == 0) problems.Add($"{name}: no <para type=\"description\">");
        if (examples.Count < 2) problems.Add($"{name}: {examples.Count} <example>(s), at least 2 wanted");

        var parameters = Parameters(type, docs, name, problems);
        var sets = parameters.SelectMany(p => p.Sets.Keys).Where(s => s != AllSets).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
        if (sets.Count == 0) sets.Add(AllSets);
        var defaultSet = cmdlet.NamedArguments.FirstOrDefault(a => a.MemberName == "DefaultParameterSetName").TypedValue.Value as string;
        sets = sets.OrderBy(s => s == defaultSet ? 0 : 1).ToList();
        var supportsShouldProcess = cmdlet.NamedArguments.Any(a => a.MemberName == "SupportsShouldProcess" && a.TypedValue.Value is true);

        var syntax = new XElement(Command + "syntax");
        foreach (var set in sets)
        {
            var item = new XElement(Command + "syntaxItem", new XElement(Maml + "name", name));
            foreach (var parameter in parameters.Where(p => p.Sets.ContainsKey(set) || p.Sets.ContainsKey(AllSets))
                         .OrderBy(p => p.SetInfo(set).Position ?? int.MaxValue).ThenBy(p => p.SetInfo(set).Mandatory ? 0 : 1))
            {
                item.Add(ParameterElement(parameter, parameter.SetInfo(set)));
            }
            syntax.Add(item);
        }

        var inputs = parameters.Where(p => p.Sets.Values.Any(s => s.ByValue || s.ByPropertyName)).ToList();
        var inputTypes = new XElement(Command + "inputTypes");
        foreach (var group in inputs.Where(p => p.Sets.Values.Any(s => s.ByValue)).GroupBy(p => p.TypeName))
        {
            inputTypes.Add(TypeElement(Command + "inputType", group.Key,
                $"By value: binds to -{string.Join(", -", group.Select(p => p.Name))}."));
        }
        var byName = inputs.Where(p => p.Sets.Values.Any(s => s.ByPropertyName)).ToList();
        if (byName.Count > 0)
        {
            inputTypes.Add(TypeElement(Command + "inputType", "System.Management.Automation.PSObject",
                "By property name: " + string.Join("; ", byName.Select(p => p.Aliases.Count == 0 ? p.Name : $"{p.Name} ({string.Join(", ", p.Aliases)})")) + "."));
        }
        if (!inputTypes.HasElements) inputTypes.Add(TypeElement(Command + "inputType", "None", "This cmdlet takes no pipeline input."));

        var returnValues = new XElement(Command + "returnValues");
        foreach (var output in type.GetCustomAttributesData().Where(a => a.AttributeType.FullName == OutputTypeAttribute)
                     .SelectMany(a => a.ConstructorArguments).SelectMany(Values).OfType<Type>())
        {
            docs.TryGetValue("T:" + output.FullName, out var outputDoc);
            var text = Paragraphs(outputDoc?.Element("summary"));
            returnValues.Add(TypeElement(Command + "returnValue", output.FullName!, text.Count > 0 ? string.Join(" ", text) : output.Name));
        }

        var exampleElements = new XElement(Command + "examples");
        var number = 0;
        foreach (var example in examples)
        {
            number++;
            var code = CodeOf(example.Element("code"));
            if (code.Length == 0) problems.Add($"{name}: example {number} has no <code>");
            var remarks = Paragraphs(example.Elements("para"));
            if (remarks.Count == 0) problems.Add($"{name}: example {number} has no <para> saying what it does");
            exampleElements.Add(new XElement(Command + "example",
                new XElement(Maml + "title", $"-------------------------- Example {number} --------------------------"),
                new XElement(Dev + "code", code),
                new XElement(Dev + "remarks", remarks.Select(Para))));
        }

        var notes = new List<string>();
        if (supportsShouldProcess) notes.Add("Supports -WhatIf and -Confirm.");
        notes.Add("The examples use the variables that about_MediaOps (EXAMPLES IN THIS HELP) sets up: $csA, $csB, $clip, $a, $b, $asset, $ep, $job and $locator. Run 'Get-Help about_MediaOps' for contexts, jobs, notifications, locators, copies and failover.");

        return new XElement(Command + "command",
            new XElement(Command + "details",
                new XElement(Command + "name", name),
                new XElement(Command + "verb", verb),
                new XElement(Command + "noun", noun),
                new XElement(Maml + "description", synopsis.Select(Para))),
            new XElement(Maml + "description", description.Select(Para)),
            syntax,
            new XElement(Command + "parameters", parameters.Select(p => ParameterElement(p, p.Merged()))),
            inputTypes,
            returnValues,
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", notes.Select(Para))),
            exampleElements,
            new XElement(Command + "relatedLinks",
                new XElement(Maml + "navigationLink", new XElement(Maml + "linkText", "about_MediaOps"), new XElement(Maml + "uri"))));
    }

    private static IEnumerable<object?> Values(CustomAttributeTypedArgument argument) =>
        argument.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : new[] { argument.Value };

    private sealed record SetInfo(bool Mandatory, int? Position, bool ByValue, bool ByPropertyName);

    private sealed record ParameterHelp(string Name, string TypeName, string ShortType, bool IsSwitch, bool Wildcards,
        List<string> Aliases, List<string> Description, Dictionary<string, SetInfo> Sets)
    {
        public SetInfo SetInfo(string set) => Sets.TryGetValue(set, out var info) ? info : Sets[AllSets];

        /// <summary>One entry for the parameters section: required if required in every set it is in.</summary>
        public SetInfo Merged() => new(Sets.Values.All(s => s.Mandatory), Sets.Values.Select(s => s.Position).FirstOrDefault(p => p != null),
            Sets.Values.Any(s => s.ByValue), Sets.Values.Any(s => s.ByPropertyName));
    }

    private static List<ParameterHelp> Parameters(Type type, Dictionary<string, XElement> docs, string cmdlet, List<string> problems)
    {
        var result = new List<ParameterHelp>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var attributes = property.GetCustomAttributesData();
            var parameterAttributes = attributes.Where(a => a.AttributeType.FullName == ParameterAttribute).ToList();
            if (parameterAttributes.Count == 0) continue;
            var sets = new Dictionary<string, SetInfo>();
            foreach (var attribute in parameterAttributes)
            {
                T Named<T>(string member, T fallback) =>
                    attribute.NamedArguments.Where(a => a.MemberName == member).Select(a => (T)a.TypedValue.Value!).DefaultIfEmpty(fallback).First();
                var position = Named("Position", int.MinValue);
                sets[Named("ParameterSetName", AllSets)] = new SetInfo(Named("Mandatory", false), position == int.MinValue ? null : position,
                    Named("ValueFromPipeline", false), Named("ValueFromPipelineByPropertyName", false));
            }
            var aliases = attributes.Where(a => a.AttributeType.FullName == AliasAttribute)
                .SelectMany(a => a.ConstructorArguments).SelectMany(Values).OfType<string>().ToList();
            docs.TryGetValue($"P:{property.DeclaringType!.FullName}.{property.Name}", out var doc);
            var description = Paragraphs(doc?.Element("summary"));
            if (description.Count == 0) problems.Add($"{cmdlet} -{property.Name}: no <summary> on the property");
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var isSwitch = propertyType.FullName == "System.Management.Automation.SwitchParameter";
            result.Add(new ParameterHelp(property.Name, propertyType.FullName ?? propertyType.Name, ShortName(propertyType), isSwitch,
                attributes.Any(a => a.AttributeType.FullName == WildcardsAttribute), aliases, description, sets));
        }
        return result.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
    }

    private static string ShortName(Type type) =>
        type.IsArray ? ShortName(type.GetElementType()!) + "[]"
        : type.IsGenericType ? Regex.Replace(type.Name, "`.*", "") + "[" + string.Join(",", type.GetGenericArguments().Select(ShortName)) + "]"
        : type.Name;

    private static XElement ParameterElement(ParameterHelp parameter, SetInfo info)
    {
        var pipeline = info.ByValue && info.ByPropertyName ? "True (ByValue, ByPropertyName)"
            : info.ByValue ? "True (ByValue)" : info.ByPropertyName ? "True (ByPropertyName)" : "False";
        var element = new XElement(Command + "parameter",
            new XAttribute("required", info.Mandatory ? "true" : "false"),
            new XAttribute("variableLength", parameter.ShortType.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
            new XAttribute("globbing", parameter.Wildcards ? "true" : "false"),
            new XAttribute("pipelineInput", pipeline),
            new XAttribute("position", info.Position?.ToString() ?? "named"),
            new XAttribute("aliases", parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases)),
            new XElement(Maml + "name", parameter.Name),
            new XElement(Maml + "description", parameter.Description.Select(Para)));
        if (!parameter.IsSwitch)
        {
            element.Add(new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), parameter.ShortType));
        }
        element.Add(new XElement(Dev + "type", new XElement(Maml + "name", parameter.TypeName), new XElement(Maml + "uri")));
        element.Add(new XElement(Dev + "defaultValue", "None"));
        return element;
    }

    private static XElement TypeElement(XName name, string typeName, string description) =>
        new(name, new XElement(Dev + "type", new XElement(Maml + "name", typeName), new XElement(Maml + "uri")),
            new XElement(Maml + "description", Para(description)));

    private static XElement Para(string text) => new(Maml + "para", text);

    /// <summary>The text of each element (or of the element itself when it has no paras), with cref and c flattened.</summary>
    private static List<string> Paragraphs(IEnumerable<XElement>? elements) =>
        elements?.Select(TextOf).Where(t => t.Length > 0).ToList() ?? new List<string>();

    private static List<string> Paragraphs(XElement? element)
    {
        if (element is null) return new List<string>();
        var paras = element.Elements("para").ToList();
        return paras.Count > 0 ? Paragraphs(paras) : Paragraphs(new[] { element });
    }

    private static string TextOf(XElement element)
    {
        var parts = element.Nodes().Select(node => node switch
        {
            XText text => text.Value,
            XElement { Name.LocalName: "see" or "seealso" } see =>
                see.Value.Length > 0 ? see.Value : Regex.Replace((string?)see.Attribute("cref") ?? (string?)see.Attribute("langword") ?? "", @"^\w:|.*\.", ""),
            XElement { Name.LocalName: "paramref" or "typeparamref" } reference => (string?)reference.Attribute("name") ?? "",
            XElement inner => TextOf(inner),
            _ => "",
        });
        return Regex.Replace(string.Concat(parts), @"\s+", " ").Trim();
    }

    /// <summary>The lines of a code element, without the common indentation the doc comment gave them.</summary>
    private static string CodeOf(XElement? code)
    {
        if (code is null) return "";
        var lines = code.Value.Replace("\r", "").Split('\n').ToList();
        while (lines.Count > 0 && lines[0].Trim().Length == 0) lines.RemoveAt(0);
        while (lines.Count > 0 && lines[^1].Trim().Length == 0) lines.RemoveAt(lines.Count - 1);
        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l.Substring(indent).TrimEnd() : l.Trim()));
    }
}
