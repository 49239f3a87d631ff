using System.Collections.Generic;
using System.Management.Automation;
using MediaOps.Core;
using MediaOps.Core.Jobs;
using MediaOps.Core.Models;
using JobState = MediaOps.Core.Models.JobState;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets encoding jobs.</para>
    /// <para type="description">By id (-JobId, also from piped jobs), or the account's jobs newest first, optionally only
    /// those in one -State or with a matching -Name (wildcards allowed).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MediaJob", DefaultParameterSetName = ListParameterSet)]
    [OutputType(typeof(MediaJob))]
    public sealed class GetMediaJobCommand : MediaAccountCmdlet
    {
        private const string ListParameterSet = "List";
        private const string IdParameterSet = "Id";

        /// <summary>Ids of the jobs (nb:jid:UUID:&lt;guid&gt; or the bare guid).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdParameterSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] JobId { get; set; } = new string[0];

        /// <summary>Only jobs in this state.</summary>
        [Parameter(ParameterSetName = ListParameterSet)]
        public JobState? State { get; set; }

        /// <summary>Only jobs with a matching name; wildcards allowed.</summary>
        [Parameter(Position = 0, ParameterSetName = ListParameterSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        protected override void ProcessRecord()
        {
            var context = ResolveContext(Context);
            var client = new MediaJobClient(context);
            if (ParameterSetName == IdParameterSet)
            {
                ForEachItem(JobId, id =>
                {
                    WriteVerbose($"Reading job {id} of account '{context.Name}'.");
                    WriteObject(Run(token => client.GetAsync(id, token)));
                });
                return;
            }

            WriteVerbose($"Listing the jobs of account '{context.Name}'" +
                         (State is null ? "" : $" in state {State}") + (Name is null ? "" : $" named '{Name}'") + ".");
            WriteListing(token => client.ListAsync(State, Name, token), Name, reportNoMatch: State is null,
                $"Account '{context.Name}' has no job named '{Name}'. Run Get-MediaJob without -Name to list its jobs.");
        }
    }
}
