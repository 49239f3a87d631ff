using System;
using System.Management.Automation;
using MediaOps.Core;
using MediaOps.Core.Jobs;
using MediaOps.Core.Models;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Cancels encoding jobs.</para>
    /// <para type="description">A queued job is Canceled at once; a scheduled or processing job becomes Canceling, and
    /// its worker stops encoding and moves it to Canceled. A job that already ended is left as it is, with a warning.
    /// Writes each job as it is after the request. The jobs come from -JobId, piped jobs or piped id strings; -Force
    /// never asks for confirmation.</para>
    /// </summary>
    /// <example>
    /// <code>$asset | Submit-MediaJob -Preset 'H264 Single Bitrate 720p' -Name 'to cancel' | Stop-MediaJob</code>
    /// <para>Submits a job and cancels it at once: a queued job is Canceled, a running one Canceling until its worker stops.</para>
    /// </example>
    /// <example>
    /// <code>Get-MediaJob -State Queued, Scheduled, Processing | Stop-MediaJob -WhatIf</code>
    /// <para>Says which running or waiting jobs would be canceled, and cancels nothing.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Stop, "MediaJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MediaJob))]
    public sealed class StopMediaJobCommand : MediaAccountCmdlet
    {
        /// <summary>Ids of the jobs (nb:jid:UUID:&lt;guid&gt; or the bare guid); piped jobs and id strings bind here.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [MediaIdTransformation]
        [ValidateNotNullOrEmpty]
        public string[] JobId { get; set; } = new string[0];

        /// <summary>Cancel without asking for confirmation (-WhatIf still only says what would be canceled).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var context = ResolveContext(Context);
            var client = new MediaJobClient(context);
            ForEachItem(JobId, id =>
            {
                var jobId = MediaIds.Normalize(id, MediaIds.JobPrefix, "job");
                if (!ShouldProcessItem(jobId, $"Cancel the encoding job in account '{context.Name}'", Force.IsPresent)) return;
                WriteVerbose($"Canceling job {jobId} of account '{context.Name}'.");
                var requested = DateTimeOffset.UtcNow;
                var job = Run(token => client.CancelAsync(jobId, token));
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
