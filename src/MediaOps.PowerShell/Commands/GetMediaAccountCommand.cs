using System.Management.Automation;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the media accounts connected in this session.</para>
    /// <para type="description">Lists the accounts that Connect-MediaAccount connected in this session (as
    /// Get-AzContext -ListAvailable does), in the order they were connected; the last one is the default account
    /// of the other cmdlets. With -Name, only the accounts whose name matches (wildcards allowed); a plain name that
    /// is not connected is an error. -Default gets only the default account. Reads nothing from storage and shows no
    /// key, SAS or token.</para>
    /// </summary>
    /// <example>
    /// <code>Get-MediaAccount</code>
    /// <para>Lists the connected accounts (dcb and dca after the setup), the default one last.</para>
    /// </example>
    /// <example>
    /// <code>Get-MediaAccount -Name dc* | Format-List</code>
    /// <para>Shows the name, storage account, endpoints and sign-in of each connected account whose name starts with dc.</para>
    /// </example>
    /// <example>
    /// <code>(Get-MediaAccount -Default).Name</code>
    /// <para>The name of the account that cmdlets use without -Context.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "MediaAccount", DefaultParameterSetName = NameParameterSet)]
    [OutputType(typeof(MediaAccount))]
    public sealed class GetMediaAccountCommand : MediaOpsCmdlet
    {
        private const string NameParameterSet = "Name";
        private const string DefaultParameterSet = "Default";

        /// <summary>Names of the accounts (as given to Connect-MediaAccount -Name); wildcards allowed. Without it, all connected accounts.</summary>
        [Parameter(Position = 0, ParameterSetName = NameParameterSet, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>Only the session's default account, the one cmdlets use without -Context.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DefaultParameterSet)]
        public SwitchParameter Default { get; set; }

        protected override void ProcessRecord()
        {
            if (Default.IsPresent)
            {
                var current = SessionDefaults.Get();
                if (current != null) WriteObject(MediaAccount.For(current));
                return;
            }
            ForEachNameMatch(Name ?? new[] { "*" }, SessionDefaults.Connected(), c => c.Name, c => WriteObject(MediaAccount.For(c)),
                name => $"No media account named '{name}' is connected in this session. Run Get-MediaAccount to list the connected accounts, or Connect-MediaAccount -Name {name} to connect it.");
        }
    }
}
