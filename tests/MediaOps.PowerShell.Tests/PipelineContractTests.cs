using System.Linq;
using MediaOps.PowerShell.Tests.Infrastructure;
using Xunit;

namespace MediaOps.PowerShell.Tests
{
    /// <summary>
    /// Objects flow through the pipeline and bind by property name (DESIGN.md, "The shape users see"). Each row is one
    /// pipeline users write; the next milestone adds its own (New-MediaLocator, Copy-MediaAsset, New-ReplicatedLocator).
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
