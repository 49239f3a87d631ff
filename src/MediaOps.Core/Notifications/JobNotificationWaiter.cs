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
    /// <item>only the messages of the awaited jobs are deleted, and other readers' messages stay visible. Each poll peeks
    /// (which leaves messages as they are); it receives only as far as the last message of ours or malformed one it saw,
    /// or, when a full page of other messages hides the rest of the queue, only once the job record says a notification
    /// of ours is due. Other messages so received are made visible again at once. Each receive that touches other
    /// messages must be paid for by a message of ours consumed: their dequeue count rises by at most one per message of
    /// ours, plus, only while readers contend for the same messages, one a second (one a minute while a due
    /// notification hides behind a full page);</item>
    /// <item>before returning, a wait deletes its jobs' messages still on the queue, waiting up to about
    /// <see cref="JobWaitOptions.HeldMessageVisibility"/> plus a second for those another reader holds;</item>
    /// <item>with <see cref="JobWaitOptions.PeekOnly"/> it never receives or deletes;</item>
    /// <item>storage errors that may pass do not end a wait: it backs off, retries, and warns through its progress;</item>
    /// <item>malformed messages are moved, text unchanged, to <c>&lt;queue&gt;-poison</c>;</item>
    /// <item>polls adapt: every <see cref="JobWaitOptions.MinPollInterval"/> while a job moves, backing off to
    /// <see cref="JobWaitOptions.MaxPollInterval"/> while idle; job records are read now and then to notice movement
    /// that sends no notification, and a job whose record is final completes even if its notification never comes.</item>
    /// </list>
    /// </summary>
    public sealed class JobNotificationWaiter
    {
        private static readonly TimeSpan OutageFirstRetry = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan OutageMaxRetry = TimeSpan.FromSeconds(10);
        private static readonly TimeSpan UnpaidTouchInterval = TimeSpan.FromMinutes(1);
        private static readonly TimeSpan GuidedUnpaidTouchInterval = TimeSpan.FromSeconds(1);
        // The record is written just before its notification is published: give the publisher this long.
        private static readonly TimeSpan DueDelay = TimeSpan.FromMilliseconds(250);
        private static readonly TimeSpan LeftoverRecheck = TimeSpan.FromMilliseconds(200);

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
            WebhookAddress.EnsureNotDeliveryQueue(queueName, "waiting on it");
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
                throw session.TimeoutError(timeout);
            }
            // After the deadline's scope: a wait that has finished is not turned into a timeout by its clean-up.
            await session.RemoveLeftoversAsync(cancellationToken).ConfigureAwait(false);
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

            /// <summary>Every transition is notified (NotifyOn All), not only final states.</summary>
            public bool NotifiesAll { get; set; } = true;

            public HashSet<JobState> NotifiedStates { get; } = new HashSet<JobState>();

            /// <summary>Since when the record shows a state whose notification should be on the queue but was not seen.</summary>
            public TimeSpan? DueSince { get; set; }

            public Azure.ETag RecordETag { get; set; }

            /// <summary>A final notification of the job has been seen.</summary>
            public bool FinalNotified { get; set; }

            /// <summary>When (on the wait's clock) the record was first seen final with no final notification yet.</summary>
            public TimeSpan? FinalRecordSeenAt { get; set; }

            public int PollsAtFinalRecord { get; set; }

            public bool Completed { get; set; }
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
            private readonly List<MediaJob> _completed = new List<MediaJob>();
            private int _polls;
            private bool _blocked;
            private int _foreignTouches;
            private int _oursConsumed;
            private TimeSpan? _lastUnpaidTouch;
            private TimeSpan? _unreachableSince;
            private MediaOpsException? _lastOutage;
            private bool _outageWarned;

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
                await RetryingAsync(StartAsync, token).ConfigureAwait(false);
                while (!AllCompleted)
                {
                    await RetryingAsync(PollAsync, token).ConfigureAwait(false);
                    if (AllCompleted) break;
                    var inGrace = _watches.Any(w => !w.Completed && w.FinalRecordSeenAt.HasValue);
                    await Task.Delay(_schedule.NextDelay(Now, inGrace), token).ConfigureAwait(false);
                }
            }

            /// <summary>Runs a step until it succeeds, backing off while storage fails with errors that may pass.</summary>
            private async Task RetryingAsync(Func<CancellationToken, Task> step, CancellationToken token)
            {
                var delay = _options.MinPollInterval < OutageFirstRetry ? OutageFirstRetry : _options.MinPollInterval;
                while (true)
                {
                    try
                    {
                        await step(token).ConfigureAwait(false);
                        StorageAnswered();
                        return;
                    }
                    catch (Exception ex) when (IsTransient(ex, token))
                    {
                        StorageFailed(ex as MediaOpsException ?? new MediaOpsException(MediaErrorKind.StorageUnreachable,
                            $"A request to storage account '{_context.StorageAccountName}' timed out.", _queueName, ex) { IsTransient = true });
                    }
                    await Task.Delay(delay, token).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, OutageMaxRetry.Ticks));
                }
            }

            private static bool IsTransient(Exception ex, CancellationToken token) => ex switch
            {
                MediaOpsException m => m.IsTransient,
                // The SDK's own network timeout, not our cancellation.
                OperationCanceledException _ => !token.IsCancellationRequested,
                _ => false,
            };

            private void StorageFailed(MediaOpsException error)
            {
                _lastOutage = error;
                _unreachableSince ??= Now;
                var down = Now - _unreachableSince.Value;
                if (_outageWarned || down < _options.OutageWarningAfter) return;
                _outageWarned = true;
                Warn($"Storage has not answered for {FormatDuration(Rounded(down))}; still waiting for the jobs and retrying. {error.Message}");
            }

            private void StorageAnswered()
            {
                if (_unreachableSince is null) return;
                var down = Now - _unreachableSince.Value;
                if (_outageWarned) Warn($"Storage answers again after {FormatDuration(Rounded(down))}; still waiting for the jobs on the queue '{_queueName}'.");
                _unreachableSince = null;
                _lastOutage = null;
                _outageWarned = false;
            }

            private static TimeSpan Rounded(TimeSpan value) => TimeSpan.FromSeconds(Math.Max(1, Math.Round(value.TotalSeconds)));

            private void Warn(string warning) =>
                _progress?.Report(new JobWaitProgress
                {
                    Warning = warning,
                    CompletedCount = _completed.Count,
                    TotalCount = _watches.Count,
                    Elapsed = Now,
                });

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
                    // Earlier states' notifications may long be gone; a final one is on the queue unless a reader took it.
                    if (job.State.IsFinal()) MarkDue(watch, job.State);
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
                    if (string.Equals(queue, _queueName, StringComparison.OrdinalIgnoreCase))
                    {
                        _byId[Canonical(job.Id)].NotifiesAll = subscription.NotifyOn == NotifyOn.All;
                        return;
                    }
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

                // Peeking changes nothing on the queue: other readers' messages keep their visibility and dequeue count.
                var peeked = await _queue.PeekAsync(_options.MaxMessagesPerPoll, token).ConfigureAwait(false);
                var ours = new List<ReceivedMessage>();
                if (_options.PeekOnly)
                {
                    ours.AddRange(peeked.Where(IsOurs));
                    _blocked = ours.Count == 0 && peeked.Count >= _options.MaxMessagesPerPoll;
                }
                else
                {
                    var last = LastIndex(peeked, m => m.Notification == null || IsOurs(m));
                    _blocked = last < 0 && peeked.Count >= _options.MaxMessagesPerPoll;
                    if (last >= 0 && (!peeked.Take(last + 1).Any(IsForeign) || MayTouchForeign(guided: true)))
                    {
                        ours.AddRange(await ReceiveAsync(last + 1, 1, token).ConfigureAwait(false));
                    }
                    else if (_blocked && OursDue() && MayTouchForeign(guided: false))
                    {
                        ours.AddRange(await ReceiveAsync(_options.MaxMessagesPerPoll, _options.MaxReceivesPerPoll, token).ConfigureAwait(false));
                    }
                }

                var moved = false;
                foreach (var message in ours
                    .OrderBy(m => m.TimeStamp)
                    .ThenBy(m => NotificationMessages.TryParseState(m.Notification!.NewState, out var s) ? Rank(s) : 0))
                {
                    var notification = message.Notification!;
                    if (!_seenETags.Add(notification.ETag)) continue;
                    NotificationMessages.TryParseState(notification.NewState, out var state);
                    var watch = _byId[Canonical(notification.JobId)];
                    watch.NotifiedStates.Add(state);
                    if (watch.Record is null || watch.NotifiedStates.Contains(watch.Record.State)) watch.DueSince = null;
                    ApplyNotification(watch, state, message.TimeStamp);
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
                if (_schedule.RecordCheckDue(now, _blocked))
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

            /// <summary>
            /// Receives pages of up to <paramref name="count"/> messages (each hidden only meanwhile), deletes ours, moves
            /// malformed ones to poison and makes the others visible again at once. Returns ours.
            /// </summary>
            private async Task<List<ReceivedMessage>> ReceiveAsync(int count, int pages, CancellationToken token)
            {
                var received = new Dictionary<string, ReceivedMessage>(StringComparer.Ordinal);
                for (var page = 0; page < pages; page++)
                {
                    var batch = await _queue.ReceiveAsync(count, _options.HeldMessageVisibility, token).ConfigureAwait(false);
                    foreach (var message in batch) received[message.MessageId] = message;
                    if (batch.Count < count) break;
                }
                var ours = received.Values.Where(IsOurs).ToList();
                var malformed = received.Values.Where(m => m.Notification == null).ToList();
                var foreign = received.Values.Where(IsForeign).ToList();
                if (foreign.Count > 0)
                {
                    _foreignTouches++;
                    if (ours.Count == 0) _lastUnpaidTouch = Now;
                }
                _oursConsumed += ours.Count;
                await Task.WhenAll(
                    malformed.Select(m => _queue.MoveToPoisonAsync(m, token))
                        .Concat(ours.Select(m => _queue.DeleteAsync(m, token)))
                        .Concat(foreign.Select(m => ReleaseAsync(m, token)))).ConfigureAwait(false);
                return ours;
            }

            private async Task ReleaseAsync(ReceivedMessage message, CancellationToken token)
            {
                try
                {
                    await _queue.ReleaseAsync(message, token).ConfigureAwait(false);
                }
                catch (MediaOpsException ex) when (ex.IsTransient)
                {
                    // It reappears on its own when its visibility timeout passes.
                }
            }

            /// <summary>
            /// Touching other readers' messages is paid for by a message of ours consumed. A receive that was not paid for
            /// may be followed by another only after a while: a second when a peek has just shown ours (<paramref name="guided"/>;
            /// another reader held them a moment), a minute when the records say ours are due but no peek can see them.
            /// </summary>
            private bool MayTouchForeign(bool guided) =>
                _foreignTouches <= _oursConsumed || _lastUnpaidTouch is null
                || Now - _lastUnpaidTouch.Value >= (guided ? GuidedUnpaidTouchInterval : UnpaidTouchInterval);

            private bool OursDue() => _watches.Any(w => w.DueSince is TimeSpan since && Now - since >= DueDelay);

            /// <summary>The record shows <paramref name="state"/>: unless already seen, its notification is due on the queue.</summary>
            private void MarkDue(JobWatch watch, JobState state)
            {
                if (watch.NotifiedStates.Contains(state) || !(watch.NotifiesAll || state.IsFinal())) return;
                watch.DueSince ??= Now;
            }

            private static int LastIndex(IReadOnlyList<ReceivedMessage> messages, Func<ReceivedMessage, bool> match)
            {
                for (var i = messages.Count - 1; i >= 0; i--)
                {
                    if (match(messages[i])) return i;
                }
                return -1;
            }

            private bool IsForeign(ReceivedMessage message) => message.Notification != null && !IsOurs(message);

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
                MarkDue(watch, job.State);
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

            /// <summary>
            /// Deletes the messages of the jobs that are still on the queue, also those another reader holds at this moment:
            /// while the queue holds more messages than are visible, it looks again, for about the hold time plus a second.
            /// Best effort: a wait that has its jobs is not failed by this.
            /// </summary>
            public async Task RemoveLeftoversAsync(CancellationToken token)
            {
                if (_options.PeekOnly) return;
                var until = Now + TimeSpan.FromSeconds(Math.Ceiling(_options.HeldMessageVisibility.TotalSeconds) + 1);
                try
                {
                    while (!token.IsCancellationRequested)
                    {
                        var peeked = await _queue.PeekAsync(_options.MaxMessagesPerPoll, token).ConfigureAwait(false);
                        var last = LastIndex(peeked, IsOurs);
                        if (last >= 0)
                        {
                            if (!peeked.Take(last + 1).Any(IsForeign) || MayTouchForeign(guided: true))
                            {
                                await ReceiveAsync(last + 1, 1, token).ConfigureAwait(false);
                            }
                        }
                        else if (peeked.Count >= _options.MaxMessagesPerPoll)
                        {
                            // The rest of the queue is out of a peek's sight: look only for what the records say is due.
                            if (OursDue() && MayTouchForeign(guided: false))
                            {
                                await ReceiveAsync(_options.MaxMessagesPerPoll, _options.MaxReceivesPerPoll, token).ConfigureAwait(false);
                            }
                            return;
                        }
                        else if (await _queue.CountAsync(token).ConfigureAwait(false) <= peeked.Count)
                        {
                            return;
                        }
                        if (Now >= until) return;
                        await Task.Delay(LeftoverRecheck, token).ConfigureAwait(false);
                    }
                }
                catch (MediaOpsException ex) when (ex.IsTransient)
                {
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
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
                var outage = _unreachableSince is TimeSpan since && _lastOutage != null
                    ? $"Storage had not answered for the last {FormatDuration(Rounded(Now - since))}: {_lastOutage.Message} "
                    : "";
                var message =
                    $"Timed out after {FormatDuration(timeout)} waiting for notifications on the queue '{_queueName}'. " +
                    $"{count} {verb}: {string.Join("; ", details)}. " + outage +
                    "Wait again with a longer -Timeout, check that a worker is running ('mediaops worker'), or look at the job with Get-MediaJob.";
                return new MediaOpsException(MediaErrorKind.Timeout, message, unfinished.Count == 1 ? unfinished[0].Id : _queueName);
            }
        }
    }
}
