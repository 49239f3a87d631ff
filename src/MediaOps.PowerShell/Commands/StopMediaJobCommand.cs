using System;
using System.Management.Automation;
using MediaOps.Core.Jobs;
using MediaOps.Core.Models;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Cancels encoding jobs.</para>
    /// <para type="description">A queued job is Canceled at once; a scheduled or processing job becomes Canceling, and
    /// its worker stops encoding and moves it to Canceled. A job that already ended is left as it is, with a warning.
    /// Writes each job as it is after the request.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "MediaJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MediaJob))]
    public sealed class StopMediaJobCommand : MediaAccountCmdlet
    {
        /// <summary>Ids of the jobs (nb:jid:UUID:&lt;guid&gt; or the bare guid).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] JobId { get; set; } = new string[0];

        protected override void ProcessRecord()
        {
            var context = ResolveContext(Context);
            var client = new MediaJobClient(context);
            ForEachItem(JobId, id =>
            {
                if (!ShouldProcess(id, $"Cancel the encoding job in account '{context.Name}'")) return;
                WriteVerbose($"Canceling job {id} of account '{context.Name}'.");
                var requested = DateTimeOffset.UtcNow;
                var job = Run(token => client.CancelAsync(id, token));
                // Core returns a job that had already ended unchanged: its record was last written before this request
                // (a job this request canceled was written during it, by this machine's clock).
                if (job.IsFinal && job.LastModified < requested)
                {
                    WriteWarning($"Job {job.Id} ('{job.Name}') had already ended in state {job.State}; nothing was canceled.");
                }
                else
                {
                    WriteVerbose($"Job {job.Id} is now {job.State}.");
                }
                WriteResult(job);
            });
        }
    }
}
