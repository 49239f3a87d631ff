using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core.Accounts;
using MediaOps.Core.Models;
using MediaOps.Core.Storage;

namespace MediaOps.Core.Notifications
{
    /// <summary>
    /// Waits for jobs to reach a final state (Finished, Error or Canceled) as announced by notifications on a queue,
    /// on a queue that gives no order, may duplicate, may skip states, and is shared with other readers:
    /// <list type="bullet">
    /// <item>notifications are deduplicated by ETag and applied in TimeStamp order; any final state ends a job's wait,
    /// and the last state seen never moves backwards;</item>
    /// <item>only the messages of the awaited jobs are deleted. Each poll first peeks (which leaves messages as they are);
    /// it receives only when a message of ours or a malformed one is visible (or, while active, when a full page may hide
    /// ours). Other messages so received stay hidden for <see cref="JobWaitOptions.HeldMessageVisibility"/> and reappear
    /// on their own; those still hidden when the wait ends are made visible at once;</item>
    /// <item>malformed messages are moved, text unchanged, to <c>&lt;queue&gt;-poison</c>;</item>
    /// <item>polls adapt: every <see cref="JobWaitOptions.MinPollInterval"/> while a job moves, backing off to
    /// <see cref="JobWaitOptions.MaxPollInterval"/> while idle; job records are read now and then to notice movement
    /// that sends no notification, and a job whose record is final completes even if its notification never comes.</item>
    /// </list>
    /// </summary>
    public sealed class JobNotificationWaiter
    {
        private readonly MediaAccountContext _context;
        private readonly JobWaitOptions _options;
        private long _requests;

        public JobNotificationWaiter(MediaAccountContext context, JobWaitOptions? options = null)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _options = (options ?? new JobWaitOptions()).Validated();
        }

        public JobWaitOptions Options => _options;

        /// <summary>Storage requests (queue and blob) this waiter has made, over all its waits; see also <see cref="JobWaitOptions.OnStorageRequest"/>.</summary>
        public long RequestCount => Interlocked.Read(ref _requests);

        /// <summary>
        /// Waits until every job reaches a final state, as seen in notifications on <paramref name="queueName"/>, and
        /// returns the jobs' records (read after their final notification) in completion order. Each state seen and each
        /// completion is reported through <paramref name="progress"/> as it happens.
        /// Throws <see cref="MediaOpsException"/>: NotFound for a job that does not exist (before waiting); InvalidArgument
        /// for a job that sends no notifications to the queue; Timeout, naming each unfinished job and its last state seen.
        /// Cancelling <paramref name="cancellationToken"/> stops the wait at once with <see cref="OperationCanceledException"/>.
        /// </summary>
        public async Task<IReadOnlyList<MediaJob>> WaitAsync(
            IReadOnlyCollection<string> jobIds, string queueName, TimeSpan timeout,
            IProgress<JobWaitProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (jobIds is null) throw new ArgumentNullException(nameof(jobIds));
            var ids = new List<string>();
            foreach (var id in jobIds)
            {
                if (string.IsNullOrWhiteSpace(id)) continue;
                var canonical = MediaIds.Normalize(id, MediaIds.JobPrefix, "job");
                if (!ids.Contains(canonical, StringComparer.OrdinalIgnoreCase)) ids.Add(canonical);
            }
            if (ids.Count == 0)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    "Give at least one job to wait for: its id (nb:jid:UUID:…) or the job object from Submit-MediaJob or Get-MediaJob.");
            }
            QueueNames.Validate(queueName);
            var infinite = timeout == Timeout.InfiniteTimeSpan || timeout.TotalMilliseconds >= int.MaxValue;
            if (!infinite && timeout <= TimeSpan.Zero)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"The timeout must be longer than zero (it was {timeout}). Give, for example, -Timeout (New-TimeSpan -Minutes 30).");
            }

            var session = new WaitSession(this, ids, queueName, progress);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (!infinite) deadline.CancelAfter(timeout);
            try
            {
                await session.RunAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                await session.ReleaseHeldAsync(cancellationToken, bestEffort: true).ConfigureAwait(false);
                throw session.TimeoutError(timeout);
            }
            // After the deadline's scope: a wait that has finished is not turned into a timeout by its clean-up.
            await session.ReleaseHeldAsync(cancellationToken, bestEffort: true).ConfigureAwait(false);
            return session.Completed;
        }

        private void CountRequest(string operation)
        {
            Interlocked.Increment(ref _requests);
            _options.OnStorageRequest?.Invoke(operation);
        }

        private static string Canonical(string? jobId)
        {
            if (string.IsNullOrWhiteSpace(jobId)) return "";
            var text = jobId!.Trim();
            if (text.StartsWith(MediaIds.JobPrefix, StringComparison.OrdinalIgnoreCase)) text = text.Substring(MediaIds.JobPrefix.Length);
            return Guid.TryParse(text, out var guid) ? MediaIds.Format(MediaIds.JobPrefix, guid) : jobId!;
        }

        private static int Rank(JobState state) => state switch
        {
            JobState.Queued => 0,
            JobState.Scheduled => 1,
            JobState.Processing => 2,
            JobState.Canceling => 3,
            _ => 4,
        };

        internal static string FormatDuration(TimeSpan value)
        {
            if (value.TotalSeconds < 60)
            {
                return value == TimeSpan.FromSeconds(1) ? "1 second" : value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " seconds";
            }
            if (value.Ticks % TimeSpan.TicksPerMinute == 0 && value.TotalMinutes < 120)
            {
                var minutes = (long)value.TotalMinutes;
                return minutes == 1 ? "1 minute" : minutes.ToString(CultureInfo.InvariantCulture) + " minutes";
            }
            if (value.Ticks % TimeSpan.TicksPerHour == 0)
            {
                var hours = (long)value.TotalHours;
                return hours == 1 ? "1 hour" : hours.ToString(CultureInfo.InvariantCulture) + " hours";
            }
            return value.ToString("c", CultureInfo.InvariantCulture);
        }

        private sealed class JobWatch
        {
            public JobWatch(string id, string path)
            {
                Id = id;
                Path = path;
            }

            public string Id { get; }

            public string Path { get; }

            public string Name { get; set; } = "";

            public JobState LastState { get; set; }

            /// <summary>When the last state happened: the notification's TimeStamp, or the record's LastModified.</summary>
            public DateTimeOffset LastStateAt { get; set; }

            public bool LastStateFromNotification { get; set; }

            public MediaJob? Record { get; set; }

            public Azure.ETag RecordETag { get; set; }

            /// <summary>A final notification of the job has been seen.</summary>
            public bool FinalNotified { get; set; }

            /// <summary>When (on the wait's clock) the record was first seen final with no final notification yet.</summary>
            public TimeSpan? FinalRecordSeenAt { get; set; }

            public int PollsAtFinalRecord { get; set; }

            public bool Completed { get; set; }
        }

        private sealed class HeldMessage
        {
            public HeldMessage(ReceivedMessage message, TimeSpan receivedAt)
            {
                Message = message;
                ReceivedAt = receivedAt;
            }

            public ReceivedMessage Message { get; }

            public TimeSpan ReceivedAt { get; }
        }

        private sealed class WaitSession
        {
            private readonly JobNotificationWaiter _waiter;
            private readonly MediaAccountContext _context;
            private readonly JobWaitOptions _options;
            private readonly string _queueName;
            private readonly IProgress<JobWaitProgress>? _progress;
            private readonly Stopwatch _clock = Stopwatch.StartNew();
            private readonly NotificationQueue _queue;
            private readonly RecordStore _records;
            private readonly PollSchedule _schedule;
            private readonly List<JobWatch> _watches = new List<JobWatch>();
            private readonly Dictionary<string, JobWatch> _byId = new Dictionary<string, JobWatch>(StringComparer.OrdinalIgnoreCase);
            private readonly HashSet<string> _seenETags = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            private readonly Dictionary<string, HeldMessage> _held = new Dictionary<string, HeldMessage>(StringComparer.Ordinal);
            private readonly List<MediaJob> _completed = new List<MediaJob>();
            private int _polls;

            public WaitSession(JobNotificationWaiter waiter, IReadOnlyList<string> ids, string queueName, IProgress<JobWaitProgress>? progress)
            {
                _waiter = waiter;
                _context = waiter._context;
                _options = waiter._options;
                _queueName = queueName;
                _progress = progress;
                _queue = new NotificationQueue(_context, queueName, waiter.CountRequest);
                _records = new RecordStore(_context);
                _schedule = new PollSchedule(_options, TimeSpan.Zero);
                foreach (var id in ids)
                {
                    var watch = new JobWatch(id, StorageNames.JobRecord(MediaIds.ParseGuid(id, MediaIds.JobPrefix, "job")));
                    _watches.Add(watch);
                    _byId[id] = watch;
                }
            }

            public IReadOnlyList<MediaJob> Completed => _completed;

            private TimeSpan Now => _clock.Elapsed;

            private bool AllCompleted => _watches.All(w => w.Completed);

            public async Task RunAsync(CancellationToken token)
            {
                await StartAsync(token).ConfigureAwait(false);
                while (!AllCompleted)
                {
                    await PollAsync(token).ConfigureAwait(false);
                    if (AllCompleted) break;
                    var inGrace = _watches.Any(w => !w.Completed && w.FinalRecordSeenAt.HasValue);
                    await Task.Delay(_schedule.NextDelay(Now, inGrace), token).ConfigureAwait(false);
                }
            }

            /// <summary>Reads every job's record: it must exist and send notifications to the queue. Its state is the first state seen.</summary>
            private async Task StartAsync(CancellationToken token)
            {
                var reads = _watches.Select(async w => (Watch: w, Record: await ReadRecordAsync(w, token).ConfigureAwait(false))).ToList();
                var results = await Task.WhenAll(reads).ConfigureAwait(false);
                foreach (var (watch, record) in results)
                {
                    if (record is null)
                    {
                        throw new MediaOpsException(MediaErrorKind.NotFound,
                            $"Job {watch.Id} does not exist in account '{_context.Name}'. Use Get-MediaJob to list the account's jobs.", watch.Id);
                    }
                }
                foreach (var (watch, record) in results)
                {
                    await CheckSubscriptionAsync(record!.Value.Value, token).ConfigureAwait(false);
                }

                var utcNow = DateTimeOffset.UtcNow;
                foreach (var (watch, record) in results)
                {
                    var job = record!.Value.Value;
                    watch.Name = job.Name ?? "";
                    watch.Record = job;
                    watch.RecordETag = record.Value.ETag;
                    watch.LastState = job.State;
                    watch.LastStateAt = job.LastModified;
                    if (job.State.IsFinal())
                    {
                        watch.FinalRecordSeenAt = Now;
                        watch.PollsAtFinalRecord = _polls;
                    }
                    // A job changed a moment ago (just submitted, or running) is active: poll quickly from the start.
                    var age = utcNow - job.LastModified;
                    if (age >= TimeSpan.Zero && age < _options.IdleAfter) _schedule.Activity(Now - age);
                    Report(watch, null);
                }
            }

            private async Task CheckSubscriptionAsync(MediaJob job, CancellationToken token)
            {
                var subscriptions = job.NotificationSubscriptions ?? new List<JobNotificationSubscription>();
                var queues = new List<string>();
                foreach (var subscription in subscriptions.Where(s => s != null))
                {
                    var queue = subscription.QueueName;
                    if (string.IsNullOrEmpty(queue) && !string.IsNullOrEmpty(subscription.NotificationEndpointId))
                    {
                        try
                        {
                            _waiter.CountRequest("read-endpoint");
                            queue = (await new NotificationEndpointClient(_context).GetAsync(subscription.NotificationEndpointId, token).ConfigureAwait(false)).QueueName;
                        }
                        catch (MediaOpsException ex) when (ex.Kind == MediaErrorKind.NotFound || ex.Kind == MediaErrorKind.InvalidArgument)
                        {
                            continue;
                        }
                    }
                    if (string.Equals(queue, _queueName, StringComparison.OrdinalIgnoreCase)) return;
                    if (!string.IsNullOrEmpty(queue)) queues.Add(queue);
                }

                var name = string.IsNullOrEmpty(job.Name) ? "" : $" ('{job.Name}')";
                var sendsTo = queues.Count == 0
                    ? "it has no notification endpoints"
                    : "it notifies only " + string.Join(", ", queues.Distinct().Select(q => $"'{q}'"));
                var instead = queues.Count == 0 ? "" : $"Wait on its queue instead (-QueueName {queues[0]}), or submit ";
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"Job {job.Id}{name} sends no notifications to the queue '{_queueName}': {sendsTo}. " +
                    (queues.Count == 0 ? "Submit " : instead) +
                    $"the job with -NotificationEndpoint for an endpoint on '{_queueName}' (New-MediaNotificationEndpoint -QueueName {_queueName}).",
                    job.Id);
            }

            private async Task PollAsync(CancellationToken token)
            {
                _polls++;
                var active = _schedule.IsActive(Now) || _watches.Any(w => !w.Completed && w.FinalRecordSeenAt.HasValue);

                // Peeking changes nothing on the queue: other readers' messages keep their visibility and dequeue count.
                var peeked = await _queue.PeekAsync(_options.MaxMessagesPerPoll, token).ConfigureAwait(false);
                var needReceive = peeked.Any(m => m.Notification == null || IsOurs(m));
                var fullPage = peeked.Count >= _options.MaxMessagesPerPoll;
                var pages = fullPage && active ? _options.MaxReceivesPerPoll : needReceive ? 1 : 0;

                var ours = new List<ReceivedMessage>();
                var malformed = new List<ReceivedMessage>();
                for (var page = 0; page < pages; page++)
                {
                    var batch = await _queue.ReceiveAsync(_options.MaxMessagesPerPoll, _options.HeldMessageVisibility, token).ConfigureAwait(false);
                    var receivedAt = Now;
                    foreach (var message in batch)
                    {
                        if (message.Notification == null) malformed.Add(message);
                        else if (IsOurs(message)) ours.Add(message);
                        else _held[message.MessageId] = new HeldMessage(message, receivedAt);
                    }
                    if (batch.Count < _options.MaxMessagesPerPoll) break;
                }
                if (ours.Count > 0 || malformed.Count > 0)
                {
                    await Task.WhenAll(
                        malformed.Select(m => _queue.MoveToPoisonAsync(m, token))
                            .Concat(ours.Select(m => _queue.DeleteAsync(m, token)))).ConfigureAwait(false);
                }
                ForgetExpiredHolds();

                var moved = false;
                foreach (var message in ours
                    .OrderBy(m => m.TimeStamp)
                    .ThenBy(m => NotificationMessages.TryParseState(m.Notification!.NewState, out var s) ? Rank(s) : 0))
                {
                    var notification = message.Notification!;
                    if (!_seenETags.Add(notification.ETag)) continue;
                    NotificationMessages.TryParseState(notification.NewState, out var state);
                    ApplyNotification(_byId[Canonical(notification.JobId)], state, message.TimeStamp);
                    moved = true;
                }
                if (moved) _schedule.Activity(Now);

                foreach (var watch in _watches.Where(w => w.FinalNotified && !w.Completed).ToList())
                {
                    // The record is written before the notification is published: read now, it is the final record.
                    var record = await ReadRecordAsync(watch, token).ConfigureAwait(false);
                    Complete(watch, record?.Value ?? watch.Record!);
                }

                var now = Now;
                if (_schedule.RecordCheckDue(now))
                {
                    _schedule.RecordsChecked(now);
                    var pending = _watches.Where(w => !w.Completed && !w.FinalRecordSeenAt.HasValue).ToList();
                    var reads = await Task.WhenAll(pending.Select(async w => (Watch: w, Record: await ReadRecordAsync(w, token).ConfigureAwait(false))))
                        .ConfigureAwait(false);
                    foreach (var (watch, record) in reads)
                    {
                        if (record is null || record.Value.ETag == watch.RecordETag) continue;
                        _schedule.Activity(now);
                        watch.RecordETag = record.Value.ETag;
                        ApplyRecord(watch, record.Value.Value);
                    }
                }

                foreach (var watch in _watches.Where(w => !w.Completed && w.FinalRecordSeenAt.HasValue).ToList())
                {
                    if (_polls - watch.PollsAtFinalRecord >= 2 && Now - watch.FinalRecordSeenAt!.Value >= _options.FinalRecordGracePeriod)
                    {
                        Complete(watch, watch.Record!);
                    }
                }
            }

            private bool IsOurs(ReceivedMessage message)
            {
                var notification = message.Notification;
                return notification != null
                    && notification.EventType == MediaNotification.JobStateChangeEvent
                    && _byId.ContainsKey(Canonical(notification.JobId));
            }

            private void ApplyNotification(JobWatch watch, JobState state, DateTimeOffset timeStamp)
            {
                if (watch.Completed) return;
                if (state.IsFinal()) watch.FinalNotified = true;
                var current = watch.LastState;
                if (current.IsFinal() && !state.IsFinal()) return;
                // Older than what was seen: ignored, unless it is the first final state (a final state is final, whatever the clocks say).
                var firstFinal = state.IsFinal() && !current.IsFinal();
                if (!firstFinal && timeStamp < watch.LastStateAt) return;
                if (!firstFinal && timeStamp == watch.LastStateAt && Rank(state) < Rank(current)) return;
                watch.LastStateAt = timeStamp;
                watch.LastStateFromNotification = true;
                if (state == current) return;
                watch.LastState = state;
                Report(watch, null);
            }

            private void ApplyRecord(JobWatch watch, MediaJob job)
            {
                watch.Record = job;
                if (job.State.IsFinal() && !watch.FinalRecordSeenAt.HasValue)
                {
                    watch.FinalRecordSeenAt = Now;
                    watch.PollsAtFinalRecord = _polls;
                }
                var current = watch.LastState;
                if (current.IsFinal() && !job.State.IsFinal()) return;
                var firstFinal = job.State.IsFinal() && !current.IsFinal();
                if (!firstFinal && job.LastModified < watch.LastStateAt) return;
                watch.LastStateAt = job.LastModified;
                if (job.State == current) return;
                watch.LastState = job.State;
                watch.LastStateFromNotification = false;
                Report(watch, null);
            }

            private void Complete(JobWatch watch, MediaJob job)
            {
                job.Context = _context;
                watch.Completed = true;
                watch.Record = job;
                if (job.State.IsFinal()) watch.LastState = job.State;
                _completed.Add(job);
                Report(watch, job);
            }

            private void Report(JobWatch watch, MediaJob? completedJob) =>
                _progress?.Report(new JobWaitProgress
                {
                    JobId = watch.Id,
                    LastState = watch.LastState,
                    CompletedJob = completedJob,
                    CompletedCount = _completed.Count,
                    TotalCount = _watches.Count,
                    Elapsed = Now,
                });

            private async Task<StoredRecord<MediaJob>?> ReadRecordAsync(JobWatch watch, CancellationToken token)
            {
                _waiter.CountRequest("read-record");
                var record = await _records.TryGetAsync<MediaJob>(watch.Path, token).ConfigureAwait(false);
                if (record.HasValue) record.Value.Value.Context = _context;
                return record;
            }

            private void ForgetExpiredHolds()
            {
                var expiry = Now - _options.HeldMessageVisibility - TimeSpan.FromSeconds(1);
                foreach (var id in _held.Where(h => h.Value.ReceivedAt < expiry).Select(h => h.Key).ToList()) _held.Remove(id);
            }

            /// <summary>Makes the other readers' messages this wait still hides visible again at once.</summary>
            public async Task ReleaseHeldAsync(CancellationToken token, bool bestEffort)
            {
                // Visibility is kept in whole seconds by the service; a message received less than that ago may still be hidden.
                var hiddenSince = Now - TimeSpan.FromSeconds(Math.Ceiling(_options.HeldMessageVisibility.TotalSeconds));
                var stillHidden = _held.Values.Where(h => h.ReceivedAt > hiddenSince).Select(h => h.Message).ToList();
                _held.Clear();
                if (stillHidden.Count == 0 || token.IsCancellationRequested) return;
                try
                {
                    await Task.WhenAll(stillHidden.Select(m => _queue.ReleaseAsync(m, token))).ConfigureAwait(false);
                }
                catch (Exception) when (bestEffort)
                {
                    // They reappear on their own within the hold time.
                }
            }

            public MediaOpsException TimeoutError(TimeSpan timeout)
            {
                var unfinished = _watches.Where(w => !w.Completed).ToList();
                var details = unfinished.Select(w =>
                {
                    var name = string.IsNullOrEmpty(w.Name) ? "" : $" ('{w.Name}')";
                    var state = w.Record == null && !w.LastStateFromNotification
                        ? "no state seen yet"
                        : $"last state seen {w.LastState} ({(w.LastStateFromNotification ? "from a notification" : "from the job record")})";
                    return $"{w.Id}{name}: {state}";
                });
                var count = unfinished.Count == _watches.Count
                    ? (_watches.Count == 1 ? "The job" : $"None of the {_watches.Count} jobs")
                    : $"{unfinished.Count} of {_watches.Count} jobs";
                var verb = unfinished.Count == _watches.Count && _watches.Count > 1 ? "finished" : "did not finish";
                var message =
                    $"Timed out after {FormatDuration(timeout)} waiting for notifications on the queue '{_queueName}'. " +
                    $"{count} {verb}: {string.Join("; ", details)}. " +
                    "Wait again with a longer -Timeout, check that a worker is running ('mediaops worker'), or look at the job with Get-MediaJob.";
                return new MediaOpsException(MediaErrorKind.Timeout, message, unfinished.Count == 1 ? unfinished[0].Id : _queueName);
            }
        }
    }
}
