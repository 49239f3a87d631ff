using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core;
using MediaOps.Core.Accounts;
using MediaOps.Core.Jobs;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;
using CoreJob = MediaOps.Core.Models.MediaJob;
using CoreJobState = MediaOps.Core.Models.JobState;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Waits for encoding jobs to end, reading their notifications from a queue, and writes each
    /// finished job as soon as it finishes.</para>
    /// <para type="description">Collects the job ids from the pipeline (Submit-MediaJob ... | Wait-MediaJobNotification)
    /// or -JobId and waits for all of them on one notification queue: -NotificationEndpoint's, or else the queue that all
    /// the jobs were subscribed to when submitted. Only the waited-for jobs' messages are deleted; other readers' messages
    /// stay visible (-PeekOnly deletes nothing at all). A job that ends in Error or Canceled is reported as a
    /// non-terminating error; a finished job goes down the pipeline. Storage that does not answer for a while (a network
    /// blip, an outage, throttling) does not end the wait: it retries, and warns once when storage has not answered for
    /// 10 seconds and once when it answers again. When -Timeout passes first, a terminating error names the last state
    /// seen of each job still running. While it waits, the progress bar shows each job's state and percent complete
    /// (read from its record every few seconds) and a live elapsed time.</para>
    /// </summary>
    /// <example>
    /// <code>Submit-MediaJob -Path $clip -Preset 'H264 Single Bitrate 720p' -NotificationEndpoint $ep | Wait-MediaJobNotification -Timeout (New-TimeSpan -Minutes 5)</code>
    /// <para>Submits a job and waits at most 5 minutes for it on the endpoint's queue; the finished job comes out, ready to pipe to New-MediaLocator.</para>
    /// </example>
    /// <example>
    /// <code>
    /// $next = $asset | Submit-MediaJob -Preset 'H264 Single Bitrate 720p' -NotificationEndpoint $ep -NotifyOn All
    /// $next.Id | Wait-MediaJobNotification -NotificationEndpoint $ep -Verbose
    /// </code>
    /// <para>Waits for a job by its piped id on the given endpoint's queue; -Verbose prints each state the notifications bring.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Wait, "MediaJobNotification")]
    [OutputType(typeof(MediaJob))]
    public sealed class WaitMediaJobNotificationCommand : MediaAccountCmdlet
    {
        private const int ProgressActivityId = 1;

        private readonly List<string> _jobIds = new List<string>();
        private readonly HashSet<string> _seenIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, CoreJobState> _lastStates = new Dictionary<string, CoreJobState>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _emitted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, (CoreJobState State, double Progress)> _live =
            new ConcurrentDictionary<string, (CoreJobState State, double Progress)>(StringComparer.OrdinalIgnoreCase);
        private readonly Stopwatch _clock = new Stopwatch();
        private TimeSpan _lastLiveWrite = TimeSpan.MinValue;
        private MediaAccountContext? _context;

        /// <summary>How often the records of running jobs are read for their percent complete.</summary>
        private static readonly TimeSpan ProgressPollInterval = TimeSpan.FromSeconds(2);

        /// <summary>Ids of the jobs to wait for (nb:jid:UUID:&lt;guid&gt; or the bare guid); piped jobs bind by their JobId, piped id strings by value.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [MediaIdTransformation]
        [ValidateNotNullOrEmpty]
        public string[] JobId { get; set; } = new string[0];

        /// <summary>The endpoint whose queue the jobs notify; by default, the queue the jobs were subscribed to.</summary>
        [Parameter]
        [ValidateNotNull]
        public NotificationEndpoint? NotificationEndpoint { get; set; }

        /// <summary>How long to wait for all the jobs (default 30 minutes; [Threading.Timeout]::InfiniteTimeSpan waits until they end).</summary>
        [Parameter]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);

        /// <summary>
        /// Only look at the queue: never receive or delete a message, not even the jobs' own, for a queue shared with readers
        /// that own the deletes (an Azure Function, another runbook). States are learnt from peeks and the job records.
        /// </summary>
        [Parameter]
        public SwitchParameter PeekOnly { get; set; }

        protected override void BeginProcessing()
        {
            if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
            {
                TerminateWith(new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"-Timeout {Timeout} is not positive. Give how long to wait, for example (New-TimeSpan -Minutes 30).",
                    Timeout.ToString()));
            }
        }

        protected override void ProcessRecord()
        {
            var context = ResolveContext(Context, NotificationEndpoint?.Context);
            if (_context is null)
            {
                _context = context;
            }
            else if (!SameAccount(_context, context))
            {
                foreach (var id in JobId)
                {
                    WriteError(ErrorRecordFor(new MediaOpsException(MediaErrorKind.InvalidArgument,
                        $"Job {id} is in account '{context.Name}', but this command waits for jobs of account '{_context.Name}'. " +
                        "Wait for the jobs of each account with a separate Wait-MediaJobNotification.", id), id));
                }
                return;
            }

            ForEachItem(JobId, id =>
            {
                var normalized = MediaIds.Normalize(id, MediaIds.JobPrefix, "job");
                if (_seenIds.Add(normalized)) _jobIds.Add(normalized);
            });
        }

        protected override void EndProcessing()
        {
            if (_context is null || _jobIds.Count == 0) return;
            var context = _context;

            var queueName = ResolveQueue(context);
            if (queueName is null || _jobIds.Count == 0) return;

            var total = _jobIds.Count;
            var activity = string.Format(CultureInfo.CurrentCulture, "Waiting for {0} media job(s) on queue '{1}'", total, queueName);
            WriteVerbose($"{activity} of account '{context.Name}' for at most {Timeout}.");
            _clock.Start();
            WriteLiveProgress(activity, force: true);

            IReadOnlyList<CoreJob> finals;
            var jobIds = _jobIds.ToList();
            using var stopPolling = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken);
            var poller = Task.Run(() => PollProgressAsync(context, jobIds, stopPolling.Token));
            try
            {
                finals = Run<IReadOnlyList<CoreJob>, JobWaitProgress>(
                    (progress, token) => new JobNotificationWaiter(context, new JobWaitOptions { PeekOnly = PeekOnly.IsPresent })
                        .WaitAsync(jobIds, queueName, Timeout, progress, token),
                    report => OnProgress(report, activity),
                    () => WriteLiveProgress(activity, force: false));
            }
            catch (MediaOpsException ex)
            {
                stopPolling.Cancel();
                CompleteProgress(activity);
                // Timeout (WaitMediaJobNotificationTimedOut) and storage failures end the wait; finished jobs are already out.
                TerminateWith(ex, ex.Target ?? string.Join(", ", _jobIds.Where(id => !_emitted.Contains(id))));
                return;
            }

            finally
            {
                stopPolling.Cancel();
            }

            foreach (var job in finals)
            {
                Emit(job, context);
            }
            CompleteProgress(activity);
        }

        /// <summary>
        /// Reads the records of the jobs still running every few seconds, for their percent complete (notifications carry
        /// only states). A failed read is skipped: the wait itself reports storage failures.
        /// </summary>
        private async Task PollProgressAsync(MediaAccountContext context, IReadOnlyList<string> jobIds, CancellationToken token)
        {
            var client = new MediaJobClient(context);
            try
            {
                while (!token.IsCancellationRequested)
                {
                    foreach (var id in jobIds)
                    {
                        if (_live.TryGetValue(id, out var known) && known.State.IsFinal()) continue;
                        try
                        {
                            var job = await client.GetAsync(id, token).ConfigureAwait(false);
                            _live[id] = (job.State, job.Progress);
                        }
                        catch (MediaOpsException)
                        {
                        }
                    }
                    await Task.Delay(ProgressPollInterval, token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        /// <summary>The progress bar: jobs done, each running job's state and percent, the elapsed time (about once a second).</summary>
        private void WriteLiveProgress(string activity, bool force)
        {
            var elapsed = _clock.Elapsed;
            if (!force && elapsed - _lastLiveWrite < TimeSpan.FromSeconds(1)) return;
            _lastLiveWrite = elapsed;
            var total = Math.Max(1, _jobIds.Count);
            var done = _jobIds.Count(id => _emitted.Contains(id) || (_lastStates.TryGetValue(id, out var s) && s.IsFinal()));
            var percents = new List<double>();
            var running = new List<string>();
            foreach (var id in _jobIds)
            {
                var state = _lastStates.TryGetValue(id, out var seen) ? seen : (CoreJobState?)null;
                double percent = 0;
                if (_live.TryGetValue(id, out var live))
                {
                    // The record may be ahead of the notifications (or the only source, with FinalStatesOnly).
                    if (state is null || !state.Value.IsFinal()) state = live.State;
                    percent = live.Progress;
                }
                if (state is CoreJobState s && s.IsFinal()) percent = 100;
                percents.Add(Math.Max(0, Math.Min(100, percent)));
                if (!(state is CoreJobState f && f.IsFinal()) && running.Count < 3)
                {
                    running.Add(string.Format(CultureInfo.CurrentCulture, "{0}: {1} {2:0}%", ShortId(id), state?.ToString() ?? "Queued", percent));
                }
            }
            var status = string.Format(CultureInfo.CurrentCulture, "{0} of {1} done, {2:hh\\:mm\\:ss} elapsed", done, _jobIds.Count, elapsed);
            var record = new ProgressRecord(ProgressActivityId, activity, status)
            {
                PercentComplete = (int)Math.Max(0, Math.Min(100, percents.Count == 0 ? 0 : percents.Sum() / total)),
            };
            if (running.Count > 0) record.CurrentOperation = string.Join(", ", running);
            WriteProgress(record);
        }

        private void OnProgress(JobWaitProgress report, string activity)
        {
            if (report.Warning != null)
            {
                WriteWarning(report.Warning);
                return;
            }
            if (report.LastState is CoreJobState state
                && (!_lastStates.TryGetValue(report.JobId, out var previous) || previous != state))
            {
                _lastStates[report.JobId] = state;
                WriteVerbose(string.Format(CultureInfo.CurrentCulture, "Job {0}: {1} after {2:hh\\:mm\\:ss}.", report.JobId, state, report.Elapsed));
            }

            WriteLiveProgress(activity, force: true);

            if (report.CompletedJob != null) Emit(report.CompletedJob, _context!);
        }

        /// <summary>Writes a job that ended: a finished one to the pipeline, a failed or canceled one as an error. Once per job.</summary>
        private void Emit(CoreJob job, MediaAccountContext context)
        {
            if (!_emitted.Add(job.Id)) return;
            job.Context ??= context;
            _lastStates[job.Id] = job.State;
            switch (job.State)
            {
                case CoreJobState.Finished:
                    WriteVerbose($"Job {job.Id} ('{job.Name}') finished; its output is asset {job.OutputAssetId}.");
                    WriteResult(job);
                    break;
                case CoreJobState.Error:
                    var reason = string.IsNullOrWhiteSpace(job.ErrorMessage) ? "no reason was recorded" : job.ErrorMessage;
                    WriteError(new ErrorRecord(
                        new MediaOpsException(MediaErrorKind.OperationFailed, $"Job {job.Id} ('{job.Name}') failed: {reason}", job.Id),
                        ErrorIdPrefix + "JobFailed", ErrorCategory.InvalidResult, PowerShellObjects.Wrap(job))
                    {
                        ErrorDetails = new ErrorDetails($"Job {job.Id} ('{job.Name}') failed: {reason}")
                        {
                            RecommendedAction = "Correct the input or the preset as the message says, then submit the job again.",
                        },
                    });
                    break;
                case CoreJobState.Canceled:
                    WriteError(new ErrorRecord(
                        new MediaOpsException(MediaErrorKind.Canceled, $"Job {job.Id} ('{job.Name}') was canceled.", job.Id),
                        ErrorIdPrefix + "JobCanceled", ErrorCategory.OperationStopped, PowerShellObjects.Wrap(job)));
                    break;
                default:
                    // Core returns only final jobs; anything else is not an outcome to report.
                    _emitted.Remove(job.Id);
                    break;
            }
        }

        /// <summary>
        /// The queue to wait on: -NotificationEndpoint's, or the one queue that every job notifies (each job is read
        /// once). A job that cannot be read or notifies no queue is reported and left out; jobs that share no queue are
        /// a terminating error naming the fix.
        /// </summary>
        private string? ResolveQueue(MediaAccountContext context)
        {
            if (NotificationEndpoint != null)
            {
                if (NotificationEndpoint.IsWebHook) EnsureQueueEndpoint(NotificationEndpoint);
                WriteVerbose($"Waiting on the queue '{NotificationEndpoint.QueueName}' of endpoint {NotificationEndpoint.Id}.");
                return NotificationEndpoint.QueueName;
            }

            var client = new MediaJobClient(context);
            var queuesByJob = new List<KeyValuePair<string, List<string>>>();
            foreach (var id in _jobIds.ToList())
            {
                CoreJob job;
                try
                {
                    WriteVerbose($"Reading job {id} to find the queue it notifies.");
                    job = Run(token => client.GetAsync(id, token));
                }
                catch (MediaOpsException ex)
                {
                    _jobIds.Remove(id);
                    WriteItemError(ex, id);
                    continue;
                }

                var queues = job.NotificationSubscriptions
                    .Select(s => s.QueueName)
                    .Where(q => !string.IsNullOrEmpty(q))
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
                if (queues.Count == 0)
                {
                    _jobIds.Remove(id);
                    WriteError(new ErrorRecord(
                        new MediaOpsException(MediaErrorKind.InvalidArgument,
                            (job.NotificationSubscriptions.Count > 0
                                ? $"Job {job.Id} ('{job.Name}') notifies only WebHook endpoints, whose notifications are POSTed, not kept in a queue to wait on. "
                                : $"Job {job.Id} ('{job.Name}') has no notification endpoint, so no notification will say when it ends. ") +
                            "Submit jobs with Submit-MediaJob -NotificationEndpoint <a queue endpoint> to wait for them here, or follow this one with Get-MediaJob.",
                            job.Id),
                        ErrorIdPrefix + "NoNotificationEndpoint", ErrorCategory.InvalidArgument, PowerShellObjects.Wrap(job)));
                    continue;
                }
                queuesByJob.Add(new KeyValuePair<string, List<string>>(job.Id, queues));
            }
            if (queuesByJob.Count == 0) return null;

            var common = queuesByJob[0].Value.Where(q => queuesByJob.All(j => j.Value.Contains(q))).ToList();
            if (common.Count == 0)
            {
                var listing = string.Join("; ", queuesByJob.Select(j => $"{j.Key} -> {string.Join(", ", j.Value)}"));
                Terminate(new ErrorRecord(
                    new MediaOpsException(MediaErrorKind.InvalidArgument,
                        $"The jobs notify different queues ({listing}), and one wait reads one queue. " +
                        "Wait for the jobs of each queue separately, or pass -NotificationEndpoint with the endpoint of a queue that all of them notify."),
                    ErrorIdPrefix + "NoCommonQueue", ErrorCategory.InvalidArgument, string.Join(", ", queuesByJob.Select(j => j.Key))));
            }
            WriteVerbose($"All {queuesByJob.Count} job(s) notify queue '{common[0]}'.");
            return common[0];
        }

        private void CompleteProgress(string activity) =>
            WriteProgressCompleted(new ProgressRecord(ProgressActivityId, activity, "Done") { RecordType = ProgressRecordType.Completed });

        private static bool SameAccount(MediaAccountContext a, MediaAccountContext b) =>
            ReferenceEquals(a, b)
            || (string.Equals(a.BlobEndpoint.GetLeftPart(UriPartial.Path).TrimEnd('/'), b.BlobEndpoint.GetLeftPart(UriPartial.Path).TrimEnd('/'),
                    StringComparison.OrdinalIgnoreCase)
                && string.Equals(a.QueueEndpoint.GetLeftPart(UriPartial.Path).TrimEnd('/'), b.QueueEndpoint.GetLeftPart(UriPartial.Path).TrimEnd('/'),
                    StringComparison.OrdinalIgnoreCase));

        private static string ShortId(string jobId) =>
            jobId.StartsWith(MediaIds.JobPrefix, StringComparison.OrdinalIgnoreCase) ? jobId.Substring(MediaIds.JobPrefix.Length, 8) : jobId;

        private void EnsureQueueEndpoint(NotificationEndpoint endpoint)
        {
            try
            {
                NotificationEndpointClient.EnsureQueueEndpoint(endpoint.Model, "wait on");
            }
            catch (MediaOpsException ex)
            {
                Terminate(new ErrorRecord(ex, ErrorIdPrefix + "WebHookEndpoint", ErrorCategory.InvalidArgument, endpoint));
            }
        }
    }
}
