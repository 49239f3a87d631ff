using System.Management.Automation;

namespace MediaOps.PowerShell
{
    /// <summary>
    /// A cmdlet that works in one media account: <c>-Context</c>, bound by property name so that piped objects
    /// (which carry a <c>Context</c> property) bring their account along; without it, the session's default account.
    /// </summary>
    public abstract class MediaAccountCmdlet : MediaOpsCmdlet
    {
        /// <summary>
        /// The media account to work in: an object from Connect-MediaAccount or Get-MediaAccount, or the name of an account
        /// connected in this session (press Tab for the names). Piped objects bring their own account. Defaults to the
        /// account most recently connected in this session.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [MediaAccountTransformation]
        [ArgumentCompleter(typeof(MediaAccountNameCompleter))]
        public MediaAccount? Context { get; set; }
    }
}
