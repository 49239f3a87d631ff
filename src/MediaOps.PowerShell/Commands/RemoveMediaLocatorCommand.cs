using System.Management.Automation;
using MediaOps.Core.Locators;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Deletes locators.</para>
    /// <para type="description">An origin stops serving the asset through a removed origin locator; a removed SAS
    /// locator's stored access policy is deleted, which revokes its SAS (on Azure within 30 seconds), except for a SAS
    /// signed with a user delegation key (an Entra ID context), which stays valid until it expires. The asset itself is kept. Asks for confirmation for each locator (ConfirmImpact
    /// Medium). With -PassThru, writes $true for each locator removed.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "MediaLocator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(bool))]
    public sealed class RemoveMediaLocatorCommand : MediaAccountCmdlet
    {
        /// <summary>Ids of the locators (nb:lid:UUID:&lt;guid&gt; or the bare guid); piped locators bind by their LocatorId.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] LocatorId { get; set; } = new string[0];

        /// <summary>Write $true for each locator removed.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var context = ResolveContext(Context);
            var client = new MediaLocatorClient(context);
            ForEachItem(LocatorId, id =>
            {
                if (!ShouldProcess(id, $"Delete the locator from account '{context.Name}'")) return;
                WriteVerbose($"Deleting locator {id} of account '{context.Name}'.");
                Run(token => client.DeleteAsync(id, token));
                if (PassThru.IsPresent) WriteObject(true);
            });
        }
    }
}
