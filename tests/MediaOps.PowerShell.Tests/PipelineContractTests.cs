using System;
using System.Linq;
using MediaOps.PowerShell.Tests.Infrastructure;
using Xunit;

namespace MediaOps.PowerShell.Tests
{
    /// <summary>
    /// Objects flow through the pipeline and bind by property name (DESIGN.md, "The shape users see"). Each row is one
    /// pipeline users write. For the failover cmdlets, each row also says which parameter set PowerShell takes for the
    /// piped object (<see cref="ParameterSetResolver"/>), since an object that several sets could take goes to one of them.
    /// </summary>
    public sealed class PipelineContractTests
    {
        private static ModuleMetadata Module => ModuleMetadata.Instance;

        [Theory]
        [InlineData("Submit-MediaJob", "Wait-MediaJobNotification", null)]
        [InlineData("Get-MediaJob", "Wait-MediaJobNotification", null)]
        [InlineData("New-MediaAsset", "Submit-MediaJob", "InputAsset")]
        [InlineData("Get-MediaAsset", "Submit-MediaJob", "InputAsset")]
        [InlineData("Get-MediaJob", "Stop-MediaJob", null)]
        [InlineData("Submit-MediaJob", "Stop-MediaJob", null)]
        [InlineData("Wait-MediaJobNotification", "Get-MediaJob", "Id")]
        [InlineData("Get-MediaAsset", "Remove-MediaAsset", null)]
        [InlineData("New-MediaAsset", "Get-MediaAsset", "Id")]
        [InlineData("Get-MediaNotificationEndpoint", "Remove-MediaNotificationEndpoint", null)]
        [InlineData("New-MediaNotificationEndpoint", "Get-MediaNotificationEndpoint", "Id")]
        [InlineData("New-MediaNotificationEndpoint", "Receive-MediaNotification", "Queue")]
        public void The_pipeline_binds_by_property_name_and_carries_the_account(string upstream, string downstream, string? parameterSet)
        {
            var result = PipelineBinding.Analyze(Module.Cmdlet(upstream), Module.Cmdlet(downstream));

            Assert.True(result.Binds, result.ToString());
            if (parameterSet != null) Assert.Contains(parameterSet, result.ParameterSetsBound);
            Assert.True(result.TypesNotCarryingContext.Count == 0,
                $"{upstream} | {downstream}: the account of {string.Join(", ", result.TypesNotCarryingContext.Select(t => t.Name))} does not flow into -Context.");
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
        public void New_MediaAsset_piped_to_Submit_MediaJob_fills_InputAsset_from_the_asset()
        {
            var result = PipelineBinding.Analyze(Module.Cmdlet("New-MediaAsset"), Module.Cmdlet("Submit-MediaJob"));

            Assert.True(result.Binds, result.ToString());
            var binding = Assert.Single(result.Bindings);
            Assert.Equal("InputAsset", binding.ParameterSet);
            Assert.Equal("AssetId", binding.Bindings["InputAsset"]);
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
