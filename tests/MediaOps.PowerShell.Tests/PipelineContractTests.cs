using System;
using System.Linq;
using MediaOps.PowerShell.Tests.Infrastructure;
using Xunit;

namespace MediaOps.PowerShell.Tests
{
    /// <summary>
    /// Objects flow through the pipeline and bind by property name (docs/DESIGN.md, "The shape users see"). Each row is one
    /// pipeline users write, and says which parameter set PowerShell takes for the piped object
    /// (<see cref="ParameterSetResolver"/>), since an object that several sets could take goes to one of them: -Context,
    /// in every set, binds first in the default set and so fixes it, unless a set takes the object by value before.
    /// </summary>
    public sealed class PipelineContractTests
    {
        private static ModuleMetadata Module => ModuleMetadata.Instance;

        [Theory]
        [InlineData("Submit-MediaJob", "Wait-MediaJobNotification", CmdletMetadata.AllParameterSets)]
        [InlineData("Get-MediaJob", "Wait-MediaJobNotification", CmdletMetadata.AllParameterSets)]
        [InlineData("New-MediaAsset", "Submit-MediaJob", "InputObject")]
        [InlineData("Get-MediaAsset", "Submit-MediaJob", "InputObject")]
        [InlineData("Get-MediaJob", "Stop-MediaJob", CmdletMetadata.AllParameterSets)]
        [InlineData("Submit-MediaJob", "Stop-MediaJob", CmdletMetadata.AllParameterSets)]
        [InlineData("Wait-MediaJobNotification", "Get-MediaJob", "InputObject")]
        [InlineData("Get-MediaAsset", "Remove-MediaAsset", CmdletMetadata.AllParameterSets)]
        [InlineData("New-MediaAsset", "Get-MediaAsset", "InputObject")]
        [InlineData("Get-MediaNotificationEndpoint", "Remove-MediaNotificationEndpoint", CmdletMetadata.AllParameterSets)]
        [InlineData("New-MediaNotificationEndpoint", "Get-MediaNotificationEndpoint", "InputObject")]
        [InlineData("New-MediaNotificationEndpoint", "Receive-MediaNotification", "Endpoint")]
        public void The_pipeline_binds_into_the_set_PowerShell_picks_and_carries_the_account(string upstream, string downstream, string parameterSet)
        {
            var result = PipelineBinding.Analyze(Module.Cmdlet(upstream), Module.Cmdlet(downstream));

            Assert.True(result.Binds, result.ToString());
            Assert.True(result.TypesNotCarryingContext.Count == 0,
                $"{upstream} | {downstream}: the account of {string.Join(", ", result.TypesNotCarryingContext.Select(t => t.Name))} does not flow into -Context.");
            foreach (var outputType in Module.Cmdlet(upstream).OutputTypes.SelectMany(o => o.Types).Distinct())
            {
                var resolution = ParameterSetResolver.Resolve(Module.Cmdlet(downstream), outputType);
                Assert.True(resolution.ParameterSet == parameterSet, $"expected set '{parameterSet}': {resolution}");
                Assert.True(resolution.Bound.TryGetValue("Context", out var contextFrom) && contextFrom == "Context",
                    $"the piped object's Context should become -Context: {resolution}");
            }
        }

        [Theory]
        [InlineData("New-MediaAsset", "Get-MediaAsset", "AssetId")]
        [InlineData("Get-MediaAsset", "Get-MediaAsset", "AssetId")]
        [InlineData("Copy-MediaAsset", "Get-MediaAsset", "AssetId")]
        [InlineData("Submit-MediaJob", "Get-MediaJob", "JobId")]
        [InlineData("Wait-MediaJobNotification", "Get-MediaJob", "JobId")]
        [InlineData("Get-MediaJob", "Get-MediaJob", "JobId")]
        [InlineData("Stop-MediaJob", "Get-MediaJob", "JobId")]
        [InlineData("New-MediaNotificationEndpoint", "Get-MediaNotificationEndpoint", "NotificationEndpointId")]
        [InlineData("Get-MediaNotificationEndpoint", "Get-MediaNotificationEndpoint", "NotificationEndpointId")]
        [InlineData("New-MediaAsset", "Submit-MediaJob", "InputAsset")]
        [InlineData("Get-MediaAsset", "Submit-MediaJob", "InputAsset")]
        [InlineData("Copy-MediaAsset", "Submit-MediaJob", "InputAsset")]
        public void A_piped_model_object_binds_by_value_to_InputObject_rather_than_the_default_set(string upstream, string downstream, string idParameter)
        {
            // Without the InputObject set, -Context binds in the default set first and fixes it: Get-* would list the
            // whole account instead of the piped object, and Submit-MediaJob would ask the asset for a -Path.
            var cmdlet = Module.Cmdlet(downstream);
            var outputType = Assert.Single(Module.Cmdlet(upstream).OutputTypes.SelectMany(o => o.Types).Distinct());

            var resolution = ParameterSetResolver.Resolve(cmdlet, outputType);

            Assert.True(resolution.ParameterSet == "InputObject", resolution.ToString());
            Assert.True(resolution.Bound.TryGetValue("InputObject", out var from) && from == "(by value)", resolution.ToString());
            Assert.True(resolution.Bound.TryGetValue("Context", out var context) && context == "Context", resolution.ToString());
            Assert.False(resolution.Bound.ContainsKey(idParameter), resolution.ToString());
            var inputObject = cmdlet.Parameter("InputObject")!;
            Assert.True(inputObject.Type.IsArray ? inputObject.Type.GetElementType() == outputType : inputObject.Type == outputType,
                $"{downstream} -InputObject is a {inputObject.Type}, not a {outputType}.");
        }

        [Theory]
        [InlineData("Get-MediaAsset", "AssetId", "Id", "Name")]
        [InlineData("Get-MediaJob", "JobId", "Id", "Name")]
        [InlineData("Get-MediaNotificationEndpoint", "NotificationEndpointId", "Id", "Name")]
        [InlineData("Submit-MediaJob", "InputAsset", "InputAsset", null)]
        [InlineData("Submit-MediaJob", "Path", "Path", null)]
        public void The_InputObject_set_leaves_the_explicit_parameters_and_their_sets_as_they_were(
            string name, string parameter, string set, string? listPositional)
        {
            // A runbook calls Get-MediaJob -JobId $id, Get-MediaJob $id or Submit-MediaJob -InputAsset $id.
            var cmdlet = Module.Cmdlet(name);
            var declaration = Assert.Single(cmdlet.Parameter(parameter)!.Declarations);
            Assert.Equal(set, declaration.ParameterSetName);
            Assert.True(declaration.Mandatory && declaration.ValueFromPipelineByPropertyName);
            if (listPositional != null)
            {
                Assert.Equal(0, declaration.Position);
                Assert.Equal("List", cmdlet.DefaultParameterSetName);
                Assert.Equal(0, Assert.Single(cmdlet.Parameter(listPositional)!.Declarations).Position);
            }

            var inputObject = Assert.Single(cmdlet.Parameter("InputObject")!.Declarations);
            Assert.Equal("InputObject", inputObject.ParameterSetName);
            Assert.Null(inputObject.Position);
            Assert.True(inputObject.ValueFromPipeline && !inputObject.ValueFromPipelineByPropertyName);
            // The set is chosen only when -InputObject binds: it is the only parameter of its own set.
            Assert.Equal(new[] { "InputObject" },
                cmdlet.ParametersIn("InputObject").Select(p => p.Parameter.Name).Where(p => cmdlet.Parameter(p)!.Declarations.All(d => d.ParameterSetName != CmdletMetadata.AllParameterSets)));
        }

        [Fact]
        public void Submit_MediaJob_still_takes_piped_files_by_their_FullName_into_the_Path_set()
        {
            // Get-ChildItem *.mp4 | Submit-MediaJob: why Submit-MediaJob's -InputObject is not mandatory. A set whose only
            // mandatory parameter takes pipeline input by value would be chosen before any object arrives, files too.
            var submit = Module.Cmdlet("Submit-MediaJob");
            var fileInfo = submit.Parameter("Path")!.Type.GetElementType()!.Assembly.GetType("System.IO.FileInfo");
            Assert.NotNull(fileInfo);

            var resolution = ParameterSetResolver.Resolve(submit, fileInfo!);

            Assert.True(resolution.ParameterSet == "Path", resolution.ToString());
            Assert.Equal("FullName", resolution.Bound["Path"]);
            Assert.False(Assert.Single(submit.Parameter("InputObject")!.Declarations).Mandatory);
        }

        [Theory]
        [InlineData("Wait-MediaJobNotification", "New-MediaLocator", "Type", CmdletMetadata.AllParameterSets, "AssetId", "OutputAssetId")]
        [InlineData("New-MediaLocator", "Copy-MediaAsset", "DestinationContext", CmdletMetadata.AllParameterSets, "AssetId", "AssetId")]
        [InlineData("Get-MediaAsset", "Copy-MediaAsset", "DestinationContext", CmdletMetadata.AllParameterSets, "AssetId", "AssetId")]
        [InlineData("Wait-MediaJobNotification", "Copy-MediaAsset", "DestinationContext", CmdletMetadata.AllParameterSets, "AssetId", "OutputAssetId")]
        [InlineData("Copy-MediaAsset", "New-ReplicatedLocator", null, "Replica", "SourceContext", "SourceContext")]
        [InlineData("Get-MediaLocator", "Remove-MediaLocator", null, CmdletMetadata.AllParameterSets, "LocatorId", "LocatorId")]
        [InlineData("New-MediaLocator", "Get-MediaLocator", null, "InputObject", "InputObject", "(by value)")]
        [InlineData("Get-MediaAsset", "Get-MediaLocator", null, "Asset", "AssetId", "AssetId")]
        [InlineData("Wait-MediaJobNotification", "Get-MediaLocator", null, "Asset", "AssetId", "OutputAssetId")]
        [InlineData("Get-MediaAsset", "New-ReplicatedLocator", "SourceLocator", "SourceLocator", "Asset", "(by value)")]
        public void A_failover_pipeline_binds_into_the_intended_parameter_set_and_carries_the_account(
            string upstream, string downstream, string? commandLine, string expectedSet, string parameter, string source)
        {
            var given = commandLine is null ? Array.Empty<string>() : new[] { commandLine };
            var binding = PipelineBinding.Analyze(Module.Cmdlet(upstream), Module.Cmdlet(downstream), given);
            Assert.True(binding.Binds, binding.ToString());
            Assert.True(binding.TypesNotCarryingContext.Count == 0, $"{upstream} | {downstream}: the account does not flow into -Context.");

            foreach (var outputType in Module.Cmdlet(upstream).OutputTypes.SelectMany(o => o.Types).Distinct())
            {
                var resolution = ParameterSetResolver.Resolve(Module.Cmdlet(downstream), outputType, given);
                Assert.True(resolution.ParameterSet == expectedSet, $"expected set '{expectedSet}': {resolution}");
                Assert.True(resolution.Bound.TryGetValue(parameter, out var boundFrom) && boundFrom == source,
                    $"expected -{parameter} <- {source}: {resolution}");
                Assert.True(resolution.Bound.TryGetValue("Context", out var contextFrom) && contextFrom == "Context",
                    $"the piped object's Context should become -Context: {resolution}");
            }
        }

        [Fact]
        public void The_five_stage_failover_pipeline_of_DESIGN_md_binds_end_to_end_by_property_name()
        {
            // Submit-MediaJob -Context $a -Path ... -NotificationEndpoint $ep | Wait-MediaJobNotification -Timeout ... |
            //     New-MediaLocator -Type OnDemandOrigin -Duration ... | Copy-MediaAsset -DestinationContext $b | New-ReplicatedLocator
            var stages = new (string Cmdlet, string[] CommandLine, string Set, string Parameter, string Property)[]
            {
                ("Submit-MediaJob", new[] { "Context", "Path", "NotificationEndpoint" }, "Path", "", ""),
                ("Wait-MediaJobNotification", new[] { "Timeout" }, CmdletMetadata.AllParameterSets, "JobId", "JobId"),
                ("New-MediaLocator", new[] { "Type", "Duration" }, CmdletMetadata.AllParameterSets, "AssetId", "OutputAssetId"),
                ("Copy-MediaAsset", new[] { "DestinationContext" }, CmdletMetadata.AllParameterSets, "AssetId", "AssetId"),
                ("New-ReplicatedLocator", Array.Empty<string>(), "Replica", "AssetId", "AssetId"),
            };
            for (var i = 1; i < stages.Length; i++)
            {
                var upstream = Module.Cmdlet(stages[i - 1].Cmdlet);
                var downstream = Module.Cmdlet(stages[i].Cmdlet);
                var binding = PipelineBinding.Analyze(upstream, downstream, stages[i].CommandLine);
                Assert.True(binding.Binds, binding.ToString());
                Assert.Empty(binding.TypesNotCarryingContext);

                var outputType = Assert.Single(upstream.OutputTypes.SelectMany(o => o.Types).Distinct());
                var resolution = ParameterSetResolver.Resolve(downstream, outputType, stages[i].CommandLine);
                Assert.True(resolution.ParameterSet == stages[i].Set, $"stage {i + 1}: expected set '{stages[i].Set}': {resolution}");
                Assert.True(resolution.Bound.TryGetValue(stages[i].Parameter, out var from) && from == stages[i].Property,
                    $"stage {i + 1}: expected -{stages[i].Parameter} <- .{stages[i].Property}: {resolution}");
                // Each stage works in the account of the object it receives (the -Context given to Submit-MediaJob travels on).
                Assert.True(resolution.Bound.TryGetValue("Context", out var context) && context == "Context", $"stage {i + 1}: {resolution}");
            }

            // Copy-MediaAsset's output is the destination asset: its Context is the destination account, which becomes
            // New-ReplicatedLocator's -Context, and its SourceContext says where the origin locators to replicate are.
            var copied = Module.Cmdlet("Copy-MediaAsset").OutputTypes.SelectMany(o => o.Types).Single();
            Assert.Equal("MediaOps.Core.Models.MediaAsset", copied.FullName);
            var last = ParameterSetResolver.Resolve(Module.Cmdlet("New-ReplicatedLocator"), copied);
            Assert.Equal("SourceContext", last.Bound["SourceContext"]);
            Assert.Equal(copied.GetProperty("Context")!.PropertyType, copied.GetProperty("SourceContext")!.PropertyType);
            Assert.Equal("MediaOps.Core.Models.MediaLocator", Module.Cmdlet("New-ReplicatedLocator").OutputTypes.SelectMany(o => o.Types).Single().FullName);
        }

        [Theory]
        [InlineData("Get-MediaLocator")]
        [InlineData("New-MediaLocator")]
        [InlineData("New-ReplicatedLocator")]
        public void Get_MediaLocator_reads_a_piped_locator_again_rather_than_listing_its_assets_locators(string upstream)
        {
            var locator = Module.Cmdlet(upstream).OutputTypes.SelectMany(o => o.Types).Single();

            var resolution = ParameterSetResolver.Resolve(Module.Cmdlet("Get-MediaLocator"), locator);

            Assert.Equal("InputObject", resolution.ParameterSet);
            Assert.False(resolution.Bound.ContainsKey("AssetId"), resolution.ToString());
        }

        [Fact]
        public void Submit_MediaJob_piped_to_Wait_MediaJobNotification_fills_JobId_from_the_job()
        {
            var result = PipelineBinding.Analyze(Module.Cmdlet("Submit-MediaJob"), Module.Cmdlet("Wait-MediaJobNotification"));

            Assert.True(result.Binds, result.ToString());
            var binding = Assert.Single(result.Bindings);
            Assert.Equal("MediaOps.Core.Models.MediaJob", binding.OutputType.FullName);
            Assert.Equal("MediaOps.Core", binding.OutputType.Assembly.GetName().Name);
            Assert.Contains(binding.Bindings["JobId"], new[] { "JobId", "Id" });
        }

        [Fact]
        public void New_MediaAsset_piped_to_Submit_MediaJob_binds_the_asset_itself_with_its_account()
        {
            // By property name alone the asset could fill -InputAsset from its AssetId, but PowerShell would take the
            // default Path set first (where -Context binds) and then miss -Path; by value, the InputObject set takes it.
            var result = PipelineBinding.Analyze(Module.Cmdlet("New-MediaAsset"), Module.Cmdlet("Submit-MediaJob"));
            Assert.True(result.Binds, result.ToString());
            Assert.Equal("AssetId", Assert.Single(result.Bindings, b => b.ParameterSet == "InputAsset").Bindings["InputAsset"]);

            var asset = Module.Cmdlet("New-MediaAsset").OutputTypes.SelectMany(o => o.Types).Single();
            var resolution = ParameterSetResolver.Resolve(Module.Cmdlet("Submit-MediaJob"), asset);
            Assert.Equal("InputObject", resolution.ParameterSet);
            Assert.Equal("(by value)", resolution.Bound["InputObject"]);
            Assert.Equal("Context", resolution.Bound["Context"]);
            Assert.False(resolution.Bound.ContainsKey("Path"), resolution.ToString());
        }

        [Fact]
        public void Get_MediaJob_piped_to_Stop_MediaJob_fills_JobId_from_the_job()
        {
            var result = PipelineBinding.Analyze(Module.Cmdlet("Get-MediaJob"), Module.Cmdlet("Stop-MediaJob"));

            Assert.True(result.Binds, result.ToString());
            Assert.Contains(result.Bindings.Single().Bindings["JobId"], new[] { "JobId", "Id" });
        }

        [Theory]
        [InlineData("Get-MediaNotificationEndpoint", "Submit-MediaJob")]
        [InlineData("Connect-MediaAccount", "Stop-MediaJob")]
        [InlineData("Remove-MediaAsset", "Wait-MediaJobNotification")]
        public void The_binding_check_rejects_a_pipeline_that_would_not_bind(string upstream, string downstream)
        {
            var result = PipelineBinding.Analyze(Module.Cmdlet(upstream), Module.Cmdlet(downstream));

            Assert.False(result.Binds, result.ToString());
            Assert.NotEmpty(result.Problems);
            foreach (var outputType in Module.Cmdlet(upstream).OutputTypes.SelectMany(o => o.Types).Distinct())
            {
                var resolution = ParameterSetResolver.Resolve(Module.Cmdlet(downstream), outputType);
                Assert.True(resolution.ParameterSet is null, resolution.ToString());
            }
        }

        [Fact]
        public void A_mandatory_parameter_given_on_the_command_line_is_not_asked_of_the_piped_object()
        {
            // Get-MediaJob | Wait-MediaJobNotification -JobId $id: JobId comes from the command line, the job still brings its account.
            var withJobId = PipelineBinding.Analyze(Module.Cmdlet("Get-MediaJob"), Module.Cmdlet("Wait-MediaJobNotification"), new[] { "JobId" });
            Assert.True(withJobId.Binds, withJobId.ToString());
            Assert.Equal("Context", Assert.Single(withJobId.Bindings).Bindings.Keys.Single());

            // A context has no Context property: with -JobId given, it would fill nothing, which PowerShell rejects.
            var nothingToFill = PipelineBinding.Analyze(Module.Cmdlet("Connect-MediaAccount"), Module.Cmdlet("Stop-MediaJob"), new[] { "Id" });
            Assert.False(nothingToFill.Binds, nothingToFill.ToString());
        }
    }
}
