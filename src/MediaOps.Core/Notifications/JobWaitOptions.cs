using System;
using MediaOps.Core.Models;

namespace MediaOps.Core.Notifications
{
    /// <summary>
    /// How <see cref="JobNotificationWaiter"/> polls. The defaults keep a waiter quick while its jobs move (a final
    /// notification is seen within about <see cref="MinPollInterval"/>) and cheap while they do not (at most 11 requests
    /// a minute for one job that has not moved for <see cref="IdleAfter"/> plus the back-off: 10 peeks and 1 record read).
    /// </summary>
    public sealed class JobWaitOptions
    {
        /// <summary>Time between polls while a job is active (a notification of it arrived, or its record changed, within <see cref="IdleAfter"/>).</summary>
        public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

        /// <summary>Longest time between polls while idle: the interval doubles from <see cref="MinPollInterval"/> up to this.</summary>
        public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(6);

        /// <summary>A wait is idle when nothing of its jobs moved for this long.</summary>
        public TimeSpan IdleAfter { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>How often job records are read while active, to notice changes (and final states) that no notification announced.</summary>
        public TimeSpan RecordCheckInterval { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>How often job records are read while idle.</summary>
        public TimeSpan IdleRecordCheckInterval { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>
        /// The visibility timeout of every receive; whole seconds, at least one. Messages received but not ours (other
        /// jobs, registrations, anything else) are made visible again at once; this is how long they stay hidden only
        /// when that fails. It is also about how long, before returning, a wait waits for messages of its jobs that
        /// another reader holds.
        /// </summary>
        public TimeSpan HeldMessageVisibility { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>
        /// Never receive or delete: learn states only from peeks and job records, leaving every message (ours too) on the
        /// queue, for queues shared with readers that own the deletes. Nothing is moved to the poison queue either.
        /// </summary>
        public bool PeekOnly { get; set; }

        /// <summary>
        /// How long storage may fail with errors that may pass (unreachable, timeouts, 5xx, 408, 429) before the wait
        /// warns once through its progress (<see cref="JobWaitProgress.Warning"/>); it warns once more when storage
        /// answers again. Such errors never end a wait: it backs off and retries until its timeout.
        /// </summary>
        public TimeSpan OutageWarningAfter { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// A job whose record is final but whose final notification has not come is complete after this long (and at
        /// least two polls): its notification may still be on the queue, and is consumed when it is, but a wait never
        /// waits for something that already happened.
        /// </summary>
        public TimeSpan FinalRecordGracePeriod { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Messages per peek or receive, 1 to 32 (the queue service's limit).</summary>
        public int MaxMessagesPerPoll { get; set; } = 32;

        /// <summary>
        /// Pages received, at most, when a full page of other messages hides a notification of ours that the job record
        /// says is due (a busy queue).
        /// </summary>
        public int MaxReceivesPerPoll { get; set; } = 4;

        /// <summary>
        /// Called before every storage request the waiter makes (the operation: peek, receive, delete, release,
        /// send-poison, create-poison-queue, properties, read-record), for diagnostics and measurements. Must be quick and thread-safe.
        /// </summary>
        public Action<string>? OnStorageRequest { get; set; }

        internal JobWaitOptions Validated()
        {
            Positive(MinPollInterval, nameof(MinPollInterval));
            Positive(MaxPollInterval, nameof(MaxPollInterval));
            Positive(IdleAfter, nameof(IdleAfter));
            Positive(RecordCheckInterval, nameof(RecordCheckInterval));
            Positive(IdleRecordCheckInterval, nameof(IdleRecordCheckInterval));
            Positive(HeldMessageVisibility, nameof(HeldMessageVisibility));
            if (OutageWarningAfter < TimeSpan.Zero) Fail(nameof(OutageWarningAfter), "must not be negative");
            if (FinalRecordGracePeriod < TimeSpan.Zero) Fail(nameof(FinalRecordGracePeriod), "must not be negative");
            if (MaxPollInterval < MinPollInterval) Fail(nameof(MaxPollInterval), $"must not be shorter than {nameof(MinPollInterval)} ({MinPollInterval})");
            if (MaxMessagesPerPoll < 1 || MaxMessagesPerPoll > 32) Fail(nameof(MaxMessagesPerPoll), "must be 1 to 32");
            if (MaxReceivesPerPoll < 1) Fail(nameof(MaxReceivesPerPoll), "must be at least 1");
            return this;
        }

        private static void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero) Fail(name, "must be longer than zero");
        }

        private static void Fail(string name, string rule) =>
            throw new MediaOpsException(MediaErrorKind.InvalidArgument, $"The wait option {name} {rule}.", name);
    }

    /// <summary>What a wait has seen so far; reported for every state seen and every job that completes, as it happens.</summary>
    public sealed class JobWaitProgress
    {
        public string JobId { get; set; } = "";

        /// <summary>The job's latest state seen (from a notification, or from its record before any came).</summary>
        public JobState? LastState { get; set; }

        /// <summary>Set when this report is the job's completion: its record, read after its final notification.</summary>
        public MediaJob? CompletedJob { get; set; }

        public int CompletedCount { get; set; }

        public int TotalCount { get; set; }

        public TimeSpan Elapsed { get; set; }

        /// <summary>
        /// Set (and <see cref="JobId"/> empty) when this report is a warning about the wait itself: storage has not
        /// answered for <see cref="JobWaitOptions.OutageWarningAfter"/>, or answers again after that.
        /// </summary>
        public string? Warning { get; set; }

        public override string ToString() =>
            Warning != null ? Warning : CompletedJob != null ? $"{JobId} completed ({LastState}), {CompletedCount}/{TotalCount}" : $"{JobId} {LastState}, {CompletedCount}/{TotalCount}";
    }

    /// <summary>
    /// The adaptive polling policy, kept apart from storage so that its request rate can be checked with a simulated
    /// clock. Times are offsets on the waiter's monotonic clock.
    /// </summary>
    internal sealed class PollSchedule
    {
        private readonly JobWaitOptions _options;
        private TimeSpan _interval;

        public PollSchedule(JobWaitOptions options, TimeSpan start)
        {
            _options = options;
            _interval = options.MinPollInterval;
            LastActivity = start - options.IdleAfter - options.IdleAfter;
            LastRecordCheck = start;
        }

        public TimeSpan LastActivity { get; private set; }

        public TimeSpan LastRecordCheck { get; private set; }

        public bool IsActive(TimeSpan now) => now - LastActivity < _options.IdleAfter;

        /// <summary>Something moved at <paramref name="at"/>: a notification of ours, or a changed record.</summary>
        public void Activity(TimeSpan at)
        {
            if (at > LastActivity) LastActivity = at;
            _interval = _options.MinPollInterval;
        }

        /// <summary>
        /// <paramref name="blocked"/>: a full page of other messages hides the queue's rest, so while active records are read
        /// at least every second to learn what notifications of ours are due.
        /// </summary>
        public bool RecordCheckDue(TimeSpan now, bool blocked = false) =>
            now - LastRecordCheck >= (!IsActive(now) ? _options.IdleRecordCheckInterval
                : blocked ? TimeSpan.FromTicks(Math.Min(_options.RecordCheckInterval.Ticks, TimeSpan.TicksPerSecond))
                : _options.RecordCheckInterval);

        public void RecordsChecked(TimeSpan now) => LastRecordCheck = now;

        /// <summary>The delay before the next poll: the minimum while active (or when <paramref name="quick"/>), else doubling up to the maximum.</summary>
        public TimeSpan NextDelay(TimeSpan now, bool quick)
        {
            if (quick || IsActive(now))
            {
                _interval = _options.MinPollInterval;
                return _interval;
            }
            var doubled = TimeSpan.FromTicks(Math.Min(_interval.Ticks * 2, _options.MaxPollInterval.Ticks));
            _interval = doubled < _options.MinPollInterval ? _options.MinPollInterval : doubled;
            return _interval;
        }
    }
}
