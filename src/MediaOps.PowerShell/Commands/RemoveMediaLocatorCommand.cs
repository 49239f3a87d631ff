using System.Management.Automation;
using MediaOps.Core;
using MediaOps.Core.Locators;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Deletes locators.</para>
    /// <para type="description">An origin stops serving the asset through a removed origin locator; a removed SAS
    /// locator's stored access policy is deleted, which revokes its SAS (on Azure within 30 seconds), except for a SAS
    /// signed with a user delegation key (an Entra ID context), which stays valid until it expires. The asset itself
    /// is kept. The locators come from -LocatorId, piped locators or piped id strings. Asks for confirmation for each
    /// locator when $ConfirmPreference is Medium or lower (ConfirmImpact Medium); -Force never asks. With -PassThru,
    /// writes $true for each locator removed.</para>
    /// </summary>
    /// <example>
    /// <code>$locator | Remove-MediaLocator -Force</code>
    /// <para>Deletes the origin locator from the setup; its streaming URLs stop working.</para>
    /// </example>
    /// <example>
    /// <code>$job | Get-MediaLocator | Remove-MediaLocator -WhatIf</code>
    /// <para>Says which locators of the job's output asset would be deleted, and deletes nothing.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Remove, "MediaLocator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(bool))]
    public sealed class RemoveMediaLocatorCommand : MediaAccountCmdlet
    {
        /// <summary>Ids of the locators (nb:lid:UUID:&lt;guid&gt; or the bare guid); piped locators bind by their LocatorId, id strings by value.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [MediaIdTransformation]
        [ValidateNotNullOrEmpty]
        public string[] LocatorId { get; set; } = new string[0];

        /// <summary>Delete without asking for confirmation (-WhatIf still only says what would be deleted).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write $true for each locator removed.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var context = ResolveContext(Context);
            var client = new MediaLocatorClient(context);
            ForEachItem(LocatorId, id =>
            {
                var locatorId = MediaIds.Normalize(id, MediaIds.LocatorPrefix, "locator");
                if (!ShouldProcessItem(locatorId, $"Delete the locator from account '{context.Name}'", Force.IsPresent)) return;
                WriteVerbose($"Deleting locator {locatorId} of account '{context.Name}'.");
                Run(token => client.DeleteAsync(locatorId, token));
                if (PassThru.IsPresent) WriteObject(true);
            });
        }
    }
}
