using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using MediaOps.Core;
using MediaOps.Core.Jobs;
using MediaOps.Core.Models;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets encoding jobs.</para>
    /// <para type="description">By id (-JobId, also from piped jobs), or the account's jobs newest first, optionally only
    /// those in the given -State(s) or with a matching -Name (PowerShell wildcards). A piped job (from Submit-MediaJob,
    /// Wait-MediaJobNotification or Get-MediaJob) is read again from its account, with its current state and
    /// progress; a piped id string is read by its id.</para>
    /// </summary>
    /// <example>
    /// <code>Get-MediaJob -State Queued, Processing</code>
    /// <para>Lists the jobs that wait for a worker or are being encoded, with state, progress and output asset.</para>
    /// </example>
    /// <example>
    /// <code>Get-MediaJob -JobId $job.Id | Format-List</code>
    /// <para>Shows the finished job in detail: preset, times (UTC), input and output assets, error if any.</para>
    /// </example>
    /// <example>
    /// <code>Get-MediaJob -Name '*mezzanine*' | Where-Object State -eq Finished | Select-Object -First 1 | Get-MediaAsset</code>
    /// <para>The output asset of a finished job whose name mentions mezzanine.</para>
    /// </example>
    /// <remarks>
    /// PowerShell binds -Context (in every set) from a piped object's Context property in the default set first, which
    /// fixes the default set: a piped job would list every job instead of being read by its JobId. Binding by value
    /// comes before binding by property name, so the InputObject set takes a piped job first, as in Get-MediaLocator.
    /// </remarks>
    [Cmdlet(VerbsCommon.Get, "MediaJob", DefaultParameterSetName = ListParameterSet)]
    [OutputType(typeof(MediaJob))]
    public sealed class GetMediaJobCommand : MediaAccountCmdlet
    {
        private const string ListParameterSet = "List";
        private const string IdParameterSet = "Id";
        private const string InputObjectParameterSet = "InputObject";

        /// <summary>Ids of the jobs (nb:jid:UUID:&lt;guid&gt; or the bare guid); piped id strings bind here.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdParameterSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [MediaIdTransformation]
        [ValidateNotNullOrEmpty]
        public string[] JobId { get; set; } = new string[0];

        /// <summary>Only jobs in one of these states (Queued, Scheduled, Processing, Finished, Error, Canceling, Canceled).</summary>
        [Parameter(ParameterSetName = ListParameterSet)]
        [ValidateNotNullOrEmpty]
        public JobState[]? State { get; set; }

        /// <summary>Only jobs with a matching name; wildcards allowed.</summary>
        [Parameter(Position = 0, ParameterSetName = ListParameterSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>Jobs to read again (from Submit-MediaJob, Wait-MediaJobNotification, Get-MediaJob or Stop-MediaJob).</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectParameterSet, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public MediaJob[] InputObject { get; set; } = new MediaJob[0];

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectParameterSet)
            {
                WriteEachRead(InputObject, job => job.Id, job => ResolveContext(Context, job.Context), "job",
                    (account, id, token) => new MediaJobClient(account).GetAsync(id, token));
                return;
            }

            var context = ResolveContext(Context);
            var client = new MediaJobClient(context);
            if (ParameterSetName == IdParameterSet)
            {
                WriteEachRead(JobId, id => id, _ => context, "job", (_, id, token) => client.GetAsync(id, token));
                return;
            }

            WriteVerbose($"Listing the jobs of account '{context.Name}'" +
                         (State is null ? "" : $" in state {string.Join(" or ", State)}") + (Name is null ? "" : $" named '{Name}'") + ".");
            var states = State?.Select(s => EnumMapping.Convert<Core.Models.JobState>(s)).ToList();
            WriteListing(async token =>
                {
                    // One state is filtered by Core; several are read once and filtered here.
                    var one = states != null && states.Count == 1 ? states[0] : (Core.Models.JobState?)null;
                    var jobs = await client.ListAsync(one, null, token).ConfigureAwait(false);
                    return states is null || states.Count == 1 ? jobs : jobs.Where(j => states.Contains(j.State)).ToList();
                },
                Name, job => job.Name, reportNoMatch: State is null,
                $"Account '{context.Name}' has no job named '{Name}'. Run Get-MediaJob without -Name to list its jobs.");
        }
    }
}
