using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using MediaOps.PowerShell.Tests.Infrastructure;
using Xunit;

namespace MediaOps.PowerShell.Tests
{
    /// <summary>The shape of every cmdlet, read from the built assembly's metadata (and, where it says so, its source).</summary>
    public sealed class CmdletContractTests
    {
        public static readonly string[] ExpectedCmdlets =
        {
            "Connect-MediaAccount",
            "New-MediaAsset", "Get-MediaAsset", "Remove-MediaAsset",
            "Submit-MediaJob", "Get-MediaJob", "Stop-MediaJob",
            "New-MediaNotificationEndpoint", "Get-MediaNotificationEndpoint", "Remove-MediaNotificationEndpoint",
            "Receive-MediaNotification", "Wait-MediaJobNotification",
            "New-MediaLocator", "Get-MediaLocator", "Remove-MediaLocator", "Copy-MediaAsset", "New-ReplicatedLocator",
        };

        private static ModuleMetadata Module => ModuleMetadata.Instance;

        public static IEnumerable<object[]> Cmdlets => ModuleMetadata.Instance.Cmdlets.Select(c => new object[] { c.Name });

        [Fact]
        public void The_module_exports_exactly_the_expected_cmdlets()
        {
            Assert.Equal(ExpectedCmdlets.OrderBy(n => n, StringComparer.Ordinal), Module.Cmdlets.Select(c => c.Name));
        }

        [Fact]
        public void The_manifest_exports_exactly_the_cmdlets_the_assembly_defines()
        {
            var manifest = Path.Combine(Module.RepositoryRoot, "MediaOps.psd1");
            if (!File.Exists(manifest)) return; // written separately; checked once it exists.

            var text = File.ReadAllText(manifest);
            var block = Regex.Match(text, @"CmdletsToExport\s*=\s*@\((?<list>[^)]*)\)", RegexOptions.Singleline);
            Assert.True(block.Success, "MediaOps.psd1 has no CmdletsToExport = @( ... ) list.");
            var listed = Regex.Matches(block.Groups["list"].Value, @"'([^']+)'|""([^""]+)""")
                .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
                .OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(Module.Cmdlets.Select(c => c.Name), listed);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Every_cmdlet_is_a_public_sealed_PSCmdlet_named_VerbNounCommand_in_the_Commands_namespace(string name)
        {
            var cmdlet = Module.Cmdlet(name);
            var type = cmdlet.Type;
            Assert.True(type.IsPublic, $"{type.FullName} is not public.");
            Assert.True(type.IsSealed, $"{type.FullName} is not sealed.");
            Assert.Equal(cmdlet.Verb + cmdlet.Noun + "Command", type.Name);
            Assert.Equal(ModuleMetadata.CmdletNamespace, type.Namespace);
            Assert.Contains(ModuleMetadata.SmaNamespace + "PSCmdlet", BaseTypes(type).Select(t => t.FullName));
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Every_cmdlet_is_in_its_own_file_under_Commands_named_after_the_class(string name)
        {
            var type = Module.Cmdlet(name).Type;
            var file = Path.Combine(Module.SourceDirectory, "Commands", type.Name + ".cs");
            Assert.True(File.Exists(file), $"{type.FullName} should be in {file}.");
            var classes = Regex.Matches(StripComments(File.ReadAllText(file)), @"\b(class|struct|record|interface|enum)\s+(\w+)")
                .Select(m => m.Groups[2].Value).ToList();
            Assert.Equal(new[] { type.Name }, classes);
        }

        [Fact]
        public void Every_file_under_Commands_defines_an_exported_cmdlet()
        {
            var files = Directory.GetFiles(Path.Combine(Module.SourceDirectory, "Commands"), "*.cs", SearchOption.AllDirectories)
                .Select(Path.GetFileNameWithoutExtension).OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(Module.Cmdlets.Select(c => c.Type.Name).OrderBy(n => n, StringComparer.Ordinal), files);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Every_cmdlet_uses_an_approved_verb(string name)
        {
            var verb = Module.Cmdlet(name).Verb;
            Assert.True(ApprovedVerbs.GroupOf.ContainsKey(verb), $"'{verb}' ({name}) is not an approved verb (Get-Verb).");
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Every_cmdlet_declares_an_OutputType_that_names_a_real_type(string name)
        {
            var cmdlet = Module.Cmdlet(name);
            Assert.NotEmpty(cmdlet.OutputTypes);
            foreach (var declaration in cmdlet.OutputTypes)
            {
                Assert.True(declaration.Types.Count + declaration.TypeNames.Count > 0, $"{name} has an empty [OutputType].");
                foreach (var type in declaration.Types)
                {
                    // Resolving through MetadataLoadContext proves the type exists in an assembly the module ships or the runtime has.
                    Assert.NotNull(type.Assembly);
                    Assert.False(string.IsNullOrEmpty(type.FullName));
                    Assert.NotEqual("System.Void", type.FullName);
                }
                foreach (var typeName in declaration.TypeNames)
                {
                    var found = new[] { Module.Assembly, Module.CoreAssembly }.Any(a => a.GetType(typeName) != null);
                    Assert.True(found, $"[OutputType('{typeName}')] of {name} names no type of the module.");
                }
            }
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Every_cmdlet_that_creates_changes_or_deletes_supports_ShouldProcess_and_calls_it(string name)
        {
            var cmdlet = Module.Cmdlet(name);
            if (!ApprovedVerbs.ChangeVerbs.Contains(cmdlet.Verb) && !cmdlet.SupportsShouldProcess) return;

            Assert.True(cmdlet.SupportsShouldProcess, $"{name} changes the account but does not declare SupportsShouldProcess = true.");
            var source = File.ReadAllText(Path.Combine(Module.SourceDirectory, "Commands", cmdlet.Type.Name + ".cs"));
            Assert.Matches(new Regex(@"\bShouldProcess\s*\("), StripComments(source));
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Remove_cmdlets_ask_for_confirmation_at_High_or_Medium_impact(string name)
        {
            var cmdlet = Module.Cmdlet(name);
            if (cmdlet.Verb != "Remove") return;
            // No ConfirmImpact in the attribute means Medium.
            Assert.Contains(cmdlet.ConfirmImpact ?? "Medium", new[] { "High", "Medium" });
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Get_cmdlets_change_nothing_and_do_not_offer_WhatIf(string name)
        {
            var cmdlet = Module.Cmdlet(name);
            if (cmdlet.Verb != "Get") return;
            Assert.False(cmdlet.SupportsShouldProcess, $"{name} only reads, yet declares SupportsShouldProcess.");
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Every_cmdlet_takes_a_Context_parameter_that_piped_objects_fill_by_property_name(string name)
        {
            var context = Module.Cmdlet(name).Parameter("Context");
            Assert.NotNull(context);
            Assert.Equal("MediaOps.Core.Accounts.MediaAccountContext", context!.Type.FullName);
            Assert.All(context.Declarations, d => Assert.True(d.ValueFromPipelineByPropertyName,
                $"-Context of {name} in set '{d.ParameterSetName}' is not ValueFromPipelineByPropertyName."));
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Every_object_a_cmdlet_outputs_carries_its_account_in_a_Context_property(string name)
        {
            foreach (var type in Module.Cmdlet(name).OutputTypes.SelectMany(o => o.Types))
            {
                if (type.IsPrimitive || type.FullName == "MediaOps.Core.Accounts.MediaAccountContext") continue;
                var context = type.GetProperty("Context", BindingFlags.Public | BindingFlags.Instance);
                Assert.True(context != null, $"{type.FullName}, output by {name}, has no public Context property; piped on, it would lose its account.");
                Assert.Equal("MediaOps.Core.Accounts.MediaAccountContext", context!.PropertyType.FullName);
            }
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Parameter_set_names_are_private_const_string_fields_ending_in_ParameterSet(string name)
        {
            var cmdlet = Module.Cmdlet(name);
            var constants = cmdlet.Type.GetFields(BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(f => f.IsLiteral && f.FieldType.FullName == "System.String" && f.Name.EndsWith("ParameterSet", StringComparison.Ordinal))
                .ToList();
            Assert.All(constants, f => Assert.True(f.IsPrivate, $"{cmdlet.Type.Name}.{f.Name} is not private."));
            var values = constants.Select(f => (string)f.GetRawConstantValue()!).ToList();
            foreach (var set in cmdlet.DeclaredParameterSetNames)
            {
                Assert.True(values.Contains(set, StringComparer.Ordinal),
                    $"{name} uses parameter set '{set}' without a private const string ...ParameterSet field holding it.");
            }
            foreach (var unused in values.Except(cmdlet.DeclaredParameterSetNames, StringComparer.Ordinal))
            {
                Assert.Fail($"{cmdlet.Type.Name} declares parameter set constant '{unused}' that no attribute uses.");
            }
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void A_cmdlet_with_several_parameter_sets_names_its_default_set(string name)
        {
            var cmdlet = Module.Cmdlet(name);
            if (cmdlet.ParameterSets.Count < 2) return;
            Assert.False(string.IsNullOrEmpty(cmdlet.DefaultParameterSetName), $"{name} has several parameter sets and no DefaultParameterSetName.");
            Assert.Contains(cmdlet.DefaultParameterSetName!, cmdlet.ParameterSets);
        }

        [Fact]
        public void Submit_MediaJob_offers_the_built_in_presets_by_tab_completion()
        {
            var preset = Module.Cmdlet("Submit-MediaJob").Parameter("Preset");
            Assert.NotNull(preset);
            var completer = Attributes.All(preset!.Property, "ArgumentCompleterAttribute").SingleOrDefault();
            Assert.NotNull(completer);
            var completerType = Assert.IsAssignableFrom<Type>(completer!.ConstructorArguments.Single().Value);
            Assert.Contains(ModuleMetadata.SmaNamespace + "IArgumentCompleter", completerType.GetInterfaces().Select(i => i.FullName));
            Assert.NotNull(completerType.GetConstructor(Type.EmptyTypes));
        }

        [Fact]
        public void Wait_MediaJobNotification_collects_job_ids_from_the_pipeline_and_takes_a_TimeSpan_timeout()
        {
            var wait = Module.Cmdlet("Wait-MediaJobNotification");
            var jobId = wait.Parameter("JobId")!;
            Assert.Contains("Id", jobId.Aliases);
            Assert.All(jobId.Declarations, d => Assert.True(d.Mandatory && d.ValueFromPipelineByPropertyName));
            Assert.Equal("System.TimeSpan", wait.Parameter("Timeout")!.Type.FullName);
            Assert.Equal("MediaOps.Core.Models.NotificationEndpoint", wait.Parameter("NotificationEndpoint")!.Type.FullName);
            Assert.Equal(ModuleMetadata.SmaNamespace + "SwitchParameter", wait.Parameter("PeekOnly")!.Type.FullName);
        }

        [Fact]
        public void New_MediaAsset_takes_files_from_Get_ChildItem_by_their_FullName()
        {
            var path = Module.Cmdlet("New-MediaAsset").Parameter("Path")!;
            Assert.Contains("FullName", path.Aliases);
            Assert.All(path.Declarations, d => Assert.True(d.Mandatory && d.ValueFromPipelineByPropertyName));
            Assert.Equal("System.String[]", path.Type.FullName);
        }

        [Fact]
        public void The_manifest_exports_the_failover_cmdlets()
        {
            var text = File.ReadAllText(Path.Combine(Module.RepositoryRoot, "MediaOps.psd1"));
            var block = Regex.Match(text, @"CmdletsToExport\s*=\s*@\((?<list>[^)]*)\)", RegexOptions.Singleline).Groups["list"].Value;
            foreach (var name in new[] { "New-MediaLocator", "Get-MediaLocator", "Remove-MediaLocator", "Copy-MediaAsset", "New-ReplicatedLocator" })
            {
                Assert.Matches(new Regex("'" + Regex.Escape(name) + "'"), block);
            }
        }

        [Fact]
        public void New_ReplicatedLocator_reports_a_locator_id_used_for_another_asset_as_NewReplicatedLocatorIdConflict()
        {
            var type = Module.Cmdlet("New-ReplicatedLocator").Type;
            var field = type.GetField("IdConflictErrorId", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static);
            Assert.NotNull(field);
            Assert.True(field!.IsLiteral);
            Assert.Equal("NewReplicatedLocatorIdConflict", field.GetRawConstantValue());

            // Core's Conflict becomes that id with category ResourceExists (ErrorMapping's category for Conflict).
            var source = StripComments(File.ReadAllText(Path.Combine(Module.SourceDirectory, "Commands", type.Name + ".cs")));
            Assert.Matches(new Regex(@"Kind\s*==\s*MediaErrorKind\.Conflict"), source);
            Assert.Matches(new Regex(@"new\s+ErrorRecord\(\s*\w+,\s*IdConflictErrorId,\s*ErrorMapping\.CategoryOf\(\w+\.Kind\)"), source);
            var mapping = StripComments(File.ReadAllText(Path.Combine(Module.SourceDirectory, "ErrorMapping.cs")));
            Assert.Matches(new Regex(@"case MediaErrorKind\.Conflict: return ErrorCategory\.ResourceExists;"), mapping);
        }

        [Fact]
        public void Copy_MediaAsset_requires_a_destination_account_that_no_piped_object_supplies()
        {
            var destination = Module.Cmdlet("Copy-MediaAsset").Parameter("DestinationContext");
            Assert.NotNull(destination);
            Assert.Equal("MediaOps.Core.Accounts.MediaAccountContext", destination!.Type.FullName);
            Assert.All(destination.Declarations, d => Assert.True(d.Mandatory, "-DestinationContext is not mandatory."));
            // A piped object's account is the source; it must never become the destination.
            Assert.All(destination.Declarations, d => Assert.False(d.ValueFromPipeline || d.ValueFromPipelineByPropertyName));
            Assert.Equal("System.Int32", Module.Cmdlet("Copy-MediaAsset").Parameter("ThrottleLimit")!.Type.FullName);
        }

        [Theory]
        [InlineData("New-MediaLocator")]
        [InlineData("Copy-MediaAsset")]
        public void A_finished_job_binds_its_output_asset_and_never_its_own_id_as_the_asset(string name)
        {
            var assetId = Module.Cmdlet(name).Parameter("AssetId")!;
            Assert.Contains("OutputAssetId", assetId.Aliases);
            Assert.DoesNotContain("Id", assetId.Aliases, StringComparer.OrdinalIgnoreCase);
            Assert.All(assetId.Declarations, d => Assert.True(d.Mandatory && d.ValueFromPipelineByPropertyName));
        }

        [Fact]
        public void New_MediaLocator_takes_the_locator_type_permissions_duration_and_start()
        {
            var cmdlet = Module.Cmdlet("New-MediaLocator");
            Assert.Equal("MediaOps.Core.Models.MediaLocatorType", cmdlet.Parameter("Type")!.Type.FullName);
            Assert.Equal("MediaOps.Core.Models.LocatorPermissions", cmdlet.Parameter("Permission")!.Type.FullName);
            Assert.Equal("System.TimeSpan", OptionalValueType(cmdlet.Parameter("Duration")!.Type));
            Assert.Equal("System.DateTimeOffset", OptionalValueType(cmdlet.Parameter("StartTime")!.Type));
        }

        /// <summary>T of a Nullable&lt;T&gt; parameter (optional: absent means Core's default), else null.</summary>
        private static string? OptionalValueType(Type type) =>
            type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? type.GetGenericArguments()[0].FullName : null;

        [Fact]
        public void New_ReplicatedLocator_takes_the_source_account_from_the_pipeline_without_requiring_it()
        {
            // Not mandatory: PowerShell would refuse a missing (null) SourceContext with its own generic message, where
            // the cmdlet's error names the fix (pipe from Copy-MediaAsset or pass -SourceContext).
            var sourceContext = Module.Cmdlet("New-ReplicatedLocator").Parameter("SourceContext")!;
            Assert.All(sourceContext.Declarations, d => Assert.True(!d.Mandatory && d.ValueFromPipelineByPropertyName));
            Assert.Empty(Attributes.All(sourceContext.Property, "ValidateNotNullAttribute"));

            var type = Module.Cmdlet("New-ReplicatedLocator").Type;
            var field = type.GetField("NoSourceContextErrorId", BindingFlags.NonPublic | BindingFlags.Static);
            Assert.Equal("NewReplicatedLocatorNoSourceContext", field!.GetRawConstantValue());
        }

        internal static IEnumerable<Type> BaseTypes(Type type)
        {
            for (var current = type.BaseType; current != null; current = current.BaseType) yield return current;
        }

        internal static string StripComments(string source) =>
            Regex.Replace(source, @"//[^\n]*|/\*.*?\*/", "", RegexOptions.Singleline);
    }
}
