using System.Management.Automation;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Disconnects media accounts from this session.</para>
    /// <para type="description">Forgets connected accounts (by -Name, wildcards allowed, or the piped or given
    /// accounts), as Disconnect-AzAccount does: they are no longer listed by Get-MediaAccount or found by name for
    /// -Context. When the default account is disconnected, the most recently connected of the others becomes the
    /// default (none when no other is left). Nothing in storage changes, and objects read earlier keep working
    /// with their own account. With -PassThru, writes each account disconnected.</para>
    /// </summary>
    /// <example>
    /// <code>
    /// $null = Connect-MediaAccount -Name scratch -ConnectionString $csB
    /// Disconnect-MediaAccount -Name scratch
    /// </code>
    /// <para>Connects dcb a second time under the name scratch, then disconnects it again; dca is the default again afterwards.</para>
    /// </example>
    /// <example>
    /// <code>
    /// Connect-MediaAccount -Name temp1 -ConnectionString $csB | Disconnect-MediaAccount -PassThru
    /// Get-MediaAccount -Name temp* | Disconnect-MediaAccount
    /// </code>
    /// <para>Disconnects a piped account, then every account whose name starts with temp (none is left, so the second line does nothing).</para>
    /// </example>
    [Cmdlet(VerbsCommunications.Disconnect, "MediaAccount", DefaultParameterSetName = ContextParameterSet)]
    [OutputType(typeof(MediaAccount))]
    public sealed class DisconnectMediaAccountCommand : MediaOpsCmdlet
    {
        private const string NameParameterSet = "Name";
        private const string ContextParameterSet = "Context";

        /// <summary>Names of the connected accounts to disconnect; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameParameterSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MediaAccountNameCompleter))]
        public string[] Name { get; set; } = new string[0];

        /// <summary>The accounts to disconnect (from Connect-MediaAccount or Get-MediaAccount), or their names.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ContextParameterSet, ValueFromPipeline = true)]
        [MediaAccountTransformation]
        [ArgumentCompleter(typeof(MediaAccountNameCompleter))]
        [ValidateNotNull]
        public MediaAccount[] Context { get; set; } = new MediaAccount[0];

        /// <summary>Write each account disconnected.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ContextParameterSet)
            {
                foreach (var account in Context) Disconnect(account);
                return;
            }
            ForEachNameMatch(Name, SessionDefaults.Connected(), c => c.Name, c => Disconnect(MediaAccount.For(c)),
                name => $"No media account named '{name}' is connected in this session. Run Get-MediaAccount to list the connected accounts.");
        }

        private void Disconnect(MediaAccount account)
        {
            if (!SessionDefaults.Remove(account.Core))
            {
                WriteError(new ErrorRecord(new ItemNotFoundException(
                        $"The media account '{account.Name}' is not connected in this session. Run Get-MediaAccount to list the connected accounts."),
                    ErrorIdPrefix + "NotFound", ErrorCategory.ObjectNotFound, account.Name));
                return;
            }
            var next = SessionDefaults.Get();
            WriteVerbose(next is null
                ? $"Disconnected '{account.Name}'; no media account is connected now."
                : $"Disconnected '{account.Name}'; the default media account is '{next.Name}'.");
            if (PassThru.IsPresent) WriteObject(account);
        }
    }
}
