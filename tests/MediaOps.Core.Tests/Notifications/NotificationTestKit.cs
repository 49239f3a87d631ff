using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using MediaOps.Core.Accounts;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;
using MediaOps.Core.Storage;

namespace MediaOps.Core.Tests.Notifications
{
    /// <summary>Job records written directly, hand-made notifications and raw queue access for the notification tests.</summary>
    internal static class NotificationTestKit
    {
        public static string NewQueueName(string prefix = "n") => prefix + "-" + Guid.NewGuid().ToString("N");

        /// <summary>Intervals a thirtieth of the defaults' (a scaled minute is 2 s), so that a test sees the whole policy in seconds.</summary>
        public static JobWaitOptions FastOptions(Action<JobWaitOptions>? change = null)
        {
            var options = new JobWaitOptions
            {
                MinPollInterval = TimeSpan.FromMilliseconds(25),
                MaxPollInterval = TimeSpan.FromMilliseconds(200),
                IdleAfter = TimeSpan.FromSeconds(2),
                RecordCheckInterval = TimeSpan.FromMilliseconds(500),
                IdleRecordCheckInterval = TimeSpan.FromSeconds(2),
                HeldMessageVisibility = TimeSpan.FromSeconds(1),
                FinalRecordGracePeriod = TimeSpan.FromMilliseconds(300),
            };
            change?.Invoke(options);
            return options;
        }

        public static async Task<QueueClient> CreateQueueAsync(MediaAccountContext context, string queueName)
        {
            var queue = context.GetQueue(queueName);
            await queue.CreateIfNotExistsAsync();
            return queue;
        }

        /// <summary>A queue client without Base64: it sees (and sends) message texts exactly as they are on the queue.</summary>
        public static QueueClient RawQueue(AzuriteFixture fixture, string accountName, string queueName) =>
            new QueueClient(fixture.Azurite.ConnectionString(accountName), queueName);

        public static async Task<MediaJob> CreateJobAsync(
            MediaAccountContext context, string? queueName, JobState state = JobState.Queued, NotifyOn notifyOn = NotifyOn.All,
            string? name = null, DateTimeOffset? lastModified = null)
        {
            var job = new MediaJob
            {
                Id = MediaIds.NewJobId(),
                Name = name ?? "test job",
                State = state,
                Created = DateTimeOffset.UtcNow.AddMinutes(-10),
                LastModified = lastModified ?? DateTimeOffset.UtcNow.AddMinutes(-10),
                AccountName = context.Name,
            };
            if (queueName != null)
            {
                job.NotificationSubscriptions.Add(new JobNotificationSubscription
                {
                    NotificationEndpointId = MediaIds.NewEndpointId(),
                    QueueName = queueName,
                    NotifyOn = notifyOn,
                });
            }
            await new RecordStore(context).CreateAsync(PathOf(job), job, CancellationToken.None);
            job.Context = context;
            return job;
        }

        /// <summary>Moves the record as a worker does before it publishes.</summary>
        public static async Task SetStateAsync(MediaAccountContext context, MediaJob job, JobState state)
        {
            await new RecordStore(context).UpdateAsync<MediaJob>(PathOf(job), j =>
            {
                j.PreviousState = j.State;
                j.State = state;
                j.LastModified = DateTimeOffset.UtcNow;
                return true;
            }, CancellationToken.None);
            job.State = state;
        }

        public static string NotificationJson(MediaJob job, JobState oldState, JobState newState, DateTimeOffset timeStamp) =>
            NotificationMessages.Serialize(NotificationMessages.CreateJobStateChange(job, oldState, newState, timeStamp));

        /// <summary>Sends a JobStateChange as the publisher writes it (Base64 of the JSON), with the given TimeStamp.</summary>
        public static Task SendAsync(MediaAccountContext context, string queueName, MediaJob job, JobState oldState, JobState newState, DateTimeOffset timeStamp) =>
            context.GetQueue(queueName).SendMessageAsync(NotificationJson(job, oldState, newState, timeStamp));

        public static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));

        public static string FromBase64(string text) => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(text));

        public static async Task<PeekedMessage[]> PeekAllAsync(QueueClient raw) => (await raw.PeekMessagesAsync(32)).Value;

        private static string PathOf(MediaJob job) => StorageNames.JobRecord(MediaIds.ParseGuid(job.Id, MediaIds.JobPrefix, "job"));
    }

    /// <summary>Records every report on the reporting thread, so that a test sees it before the awaited call returns.</summary>
    internal sealed class ProgressLog : IProgress<JobWaitProgress>
    {
        private readonly Action<JobWaitProgress>? _onReport;

        public ProgressLog(Action<JobWaitProgress>? onReport = null) => _onReport = onReport;

        public ConcurrentQueue<JobWaitProgress> Reports { get; } = new ConcurrentQueue<JobWaitProgress>();

        public void Report(JobWaitProgress value)
        {
            Reports.Enqueue(value);
            _onReport?.Invoke(value);
        }

        /// <summary>The states reported for a job, in order, each change once.</summary>
        public List<JobState> StatesOf(string jobId)
        {
            var states = new List<JobState>();
            foreach (var report in Reports.Where(r => r.JobId == jobId && r.LastState.HasValue))
            {
                if (states.Count == 0 || states[states.Count - 1] != report.LastState!.Value) states.Add(report.LastState!.Value);
            }
            return states;
        }

        public List<string> Completions => Reports.Where(r => r.CompletedJob != null).Select(r => r.JobId).ToList();
    }
}
