using System.Management.Automation;

namespace MediaOps.PowerShell
{
    /// <summary>
    /// A cmdlet that works in one media account: <c>-Context</c>, bound by property name so that piped objects
    /// (which carry a <c>Context</c> property) bring their account along; without it, the session's default account.
    /// </summary>
    public abstract class MediaAccountCmdlet : MediaOpsCmdlet
    {
        /// <summary>The media account; defaults to the one most recently connected with Connect-MediaAccount in this session.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public MediaAccount? Context { get; set; }
    }
}
