using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;
using Azure.Storage;
using Azure.Storage.Sas;
using MediaOps.Core.Accounts;
using Xunit;
using Xunit.Abstractions;
using static MediaOps.Core.Tests.Notifications.NotificationTestKit;

namespace MediaOps.Core.Tests.Notifications
{
    [Collection(AzuriteCollection.Name)]
    public sealed class JobNotificationWaiterTests
    {
        private readonly AzuriteFixture _fixture;
        private readonly ITestOutputHelper _output;

        public JobNotificationWaiterTests(AzuriteFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddMinutes(-5);

        [Fact]
        public async Task Duplicates_are_applied_once_and_every_copy_is_deleted()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("dup");
            await CreateQueueAsync(context, queueName);
            var job = await CreateJobAsync(context, queueName, JobState.Finished);
            for (var i = 0; i < 3; i++) await SendAsync(context, queueName, job, JobState.Scheduled, JobState.Processing, T0.AddSeconds(1));
            for (var i = 0; i < 2; i++) await SendAsync(context, queueName, job, JobState.Processing, JobState.Finished, T0.AddSeconds(2 + i));
            var progress = new ProgressLog();

            var finished = await new JobNotificationWaiter(context, FastOptions(o => o.FinalRecordGracePeriod = TimeSpan.FromSeconds(30)))
                .WaitAsync(new[] { job.Id }, queueName, TimeSpan.FromSeconds(10), progress);

            Assert.Equal(JobState.Finished, Assert.Single(finished).State);
            Assert.Single(progress.Reports, r => r.CompletedJob != null);
            Assert.Empty(await PeekAllAsync(RawQueue(_fixture, "dca", queueName)));
            Assert.Equal(0, (await context.GetQueue(queueName).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        }

        [Fact]
        public async Task Duplicates_of_a_running_job_are_reported_once()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("dup");
            await CreateQueueAsync(context, queueName);
            var job = await CreateJobAsync(context, queueName, JobState.Scheduled);
            for (var i = 0; i < 3; i++) await SendAsync(context, queueName, job, JobState.Scheduled, JobState.Processing, DateTimeOffset.UtcNow);
            var progress = new ProgressLog();

            var ex = await Assert.ThrowsAsync<MediaOpsException>(() => new JobNotificationWaiter(context, FastOptions())
                .WaitAsync(new[] { job.Id }, queueName, TimeSpan.FromSeconds(1.5), progress));

            Assert.Equal(MediaErrorKind.Timeout, ex.Kind);
            Assert.Equal(new[] { JobState.Scheduled, JobState.Processing }, progress.StatesOf(job.Id));
            Assert.Equal(1, progress.Reports.Count(r => r.LastState == JobState.Processing));
            Assert.Contains("Processing (from a notification)", ex.Message);
            Assert.Equal(0, (await context.GetQueue(queueName).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        }

        [Fact]
        public async Task Finished_arriving_before_Processing_ends_the_wait_and_both_are_consumed()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("order");
            await CreateQueueAsync(context, queueName);
            var job = await CreateJobAsync(context, queueName, JobState.Finished);
            await SendAsync(context, queueName, job, JobState.Processing, JobState.Finished, T0.AddSeconds(3));
            await SendAsync(context, queueName, job, JobState.Scheduled, JobState.Processing, T0.AddSeconds(2));
            await SendAsync(context, queueName, job, JobState.Queued, JobState.Scheduled, T0.AddSeconds(1));
            var progress = new ProgressLog();

            // A grace period that cannot end the wait: only the notification can.
            var finished = await new JobNotificationWaiter(context, FastOptions(o => o.FinalRecordGracePeriod = TimeSpan.FromSeconds(30)))
                .WaitAsync(new[] { job.Id }, queueName, TimeSpan.FromSeconds(10), progress);

            Assert.Equal(job.Id, Assert.Single(finished).Id);
            Assert.Equal(new[] { JobState.Finished }, progress.StatesOf(job.Id));
            Assert.Empty(await PeekAllAsync(RawQueue(_fixture, "dca", queueName)));
            Assert.Equal(0, (await context.GetQueue(queueName).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        }

        [Fact]
        public async Task A_notification_of_an_earlier_state_arriving_later_does_not_move_the_last_state_back()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("order");
            await CreateQueueAsync(context, queueName);
            var job = await CreateJobAsync(context, queueName, JobState.Queued);
            await SendAsync(context, queueName, job, JobState.Scheduled, JobState.Processing, T0.AddSeconds(2));
            await SendAsync(context, queueName, job, JobState.Queued, JobState.Scheduled, T0.AddSeconds(1));
            var progress = new ProgressLog();

            // One message per poll: the late Scheduled comes in a poll of its own, after Processing.
            var ex = await Assert.ThrowsAsync<MediaOpsException>(() => new JobNotificationWaiter(context, FastOptions(o => o.MaxMessagesPerPoll = 1))
                .WaitAsync(new[] { job.Id }, queueName, TimeSpan.FromSeconds(1.5), progress));

            Assert.Equal(new[] { JobState.Queued, JobState.Processing }, progress.StatesOf(job.Id));
            Assert.Contains("last state seen Processing (from a notification)", ex.Message);
            Assert.Equal(0, (await context.GetQueue(queueName).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        }

        [Fact]
        public async Task Skipped_states_any_final_state_ends_the_wait_without_Processing_being_seen()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("skip");
            await CreateQueueAsync(context, queueName);
            var job = await CreateJobAsync(context, queueName, JobState.Queued);
            var progress = new ProgressLog();
            var waiter = new JobNotificationWaiter(context, FastOptions(o => o.FinalRecordGracePeriod = TimeSpan.FromSeconds(30)));
            var wait = waiter.WaitAsync(new[] { job.Id }, queueName, TimeSpan.FromSeconds(10), progress);
            await Task.Delay(300);
            // The record first, then the notification, as a worker does.
            await SetStateAsync(context, job, JobState.Error);
            await SendAsync(context, queueName, job, JobState.Queued, JobState.Error, DateTimeOffset.UtcNow);

            var done = await wait;

            Assert.Equal(JobState.Error, Assert.Single(done).State);
            Assert.Equal(new[] { JobState.Queued, JobState.Error }, progress.StatesOf(job.Id));
        }

        [Fact]
        public async Task Malformed_messages_go_to_the_poison_queue_with_their_original_text_and_leave_the_queue()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("bad");
            await CreateQueueAsync(context, queueName);
            var raw = RawQueue(_fixture, "dca", queueName);
            var job = await CreateJobAsync(context, queueName, JobState.Finished);
            var junk = new[]
            {
                "this is not base64 %%%",
                Base64("not json at all"),
                Base64("{\"hello\":\"world\"}"),
                Base64("{\"MessageVersion\":\"1.0\",\"EventType\":\"JobStateChange\",\"ETag\":\"e\",\"TimeStamp\":\"2026-11-22T03:04:05Z\",\"Properties\":{\"NewState\":\"Finished\"}}"),
                Base64("{\"MessageVersion\":\"1.0\",\"EventType\":\"JobStateChange\",\"ETag\":\"e\",\"TimeStamp\":\"2026-11-22T03:04:05Z\",\"Properties\":{\"JobId\":\"" + job.Id + "\"}}"),
                Base64(NotificationJson(job, JobState.Processing, JobState.Finished, T0).Replace("\"Finished\"", "\"Exploded\"")),
            };
            foreach (var text in junk) await raw.SendMessageAsync(text);
            await SendAsync(context, queueName, job, JobState.Processing, JobState.Finished, T0);

            var finished = await new JobNotificationWaiter(context, FastOptions(o => o.FinalRecordGracePeriod = TimeSpan.FromSeconds(30)))
                .WaitAsync(new[] { job.Id }, queueName, TimeSpan.FromSeconds(10));

            Assert.Single(finished);
            var poison = await PeekAllAsync(RawQueue(_fixture, "dca", queueName + "-poison"));
            Assert.Equal(junk.OrderBy(t => t, StringComparer.Ordinal), poison.Select(m => m.Body.ToString()).OrderBy(t => t, StringComparer.Ordinal));
            Assert.Equal(0, (await context.GetQueue(queueName).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        }

        [Fact]
        public async Task Messages_of_other_jobs_and_registrations_survive_the_wait_and_are_visible_at_once()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("shared");
            var endpoint = await new NotificationEndpointClient(context).CreateAsync(queueName);
            var raw = RawQueue(_fixture, "dca", queueName);
            var other = await CreateJobAsync(context, queueName, JobState.Finished);
            await SendAsync(context, queueName, other, JobState.Queued, JobState.Processing, T0);
            await SendAsync(context, queueName, other, JobState.Processing, JobState.Finished, T0.AddSeconds(1));
            await SendAsync(context, queueName, other, JobState.Processing, JobState.Finished, T0.AddSeconds(1));
            await raw.SendMessageAsync(Base64("{\"MessageVersion\":\"1.0\",\"EventType\":\"SomethingElse\",\"ETag\":\"e\",\"TimeStamp\":\"2026-11-22T03:04:05Z\",\"Properties\":{}}"));
            var job = await CreateJobAsync(context, queueName, JobState.Finished);
            await SendAsync(context, queueName, job, JobState.Processing, JobState.Finished, T0);
            var othersBefore = (await PeekAllAsync(raw)).Where(m => !FromBase64(m.Body.ToString()).Contains(job.Id))
                .ToDictionary(m => m.MessageId, m => m.Body.ToString());
            Assert.Equal(5, othersBefore.Count); // registration, three of the other job, one unknown event

            // Held messages would stay hidden for 10 s: seeing them at once proves they were released.
            var waiter = new JobNotificationWaiter(context, FastOptions(o =>
            {
                o.HeldMessageVisibility = TimeSpan.FromSeconds(10);
                o.FinalRecordGracePeriod = TimeSpan.FromSeconds(30);
            }));
            var finished = await waiter.WaitAsync(new[] { job.Id }, queueName, TimeSpan.FromSeconds(10));

            Assert.Single(finished);
            var after = await PeekAllAsync(raw);
            Assert.Equal(othersBefore, after.ToDictionary(m => m.MessageId, m => m.Body.ToString()));
            Assert.All(after, m => Assert.True(m.DequeueCount >= 1)); // they were received with ours, then released
            Assert.NotNull(endpoint);
        }

        [Fact]
        public async Task Other_readers_messages_are_only_peeked_while_none_of_ours_is_on_the_queue()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("shared");
            await CreateQueueAsync(context, queueName);
            var other = await CreateJobAsync(context, queueName, JobState.Processing);
            await SendAsync(context, queueName, other, JobState.Scheduled, JobState.Processing, T0);
            var job = await CreateJobAsync(context, queueName, JobState.Queued);

            await Assert.ThrowsAsync<MediaOpsException>(() => new JobNotificationWaiter(context, FastOptions())
                .WaitAsync(new[] { job.Id }, queueName, TimeSpan.FromSeconds(1)));

            var message = Assert.Single(await PeekAllAsync(RawQueue(_fixture, "dca", queueName)));
            Assert.Equal(0, message.DequeueCount);
        }

        [Fact]
        public async Task An_empty_queue_until_the_timeout_fails_naming_the_job_its_last_state_and_the_timeout()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("empty");
            await CreateQueueAsync(context, queueName);
            var job = await CreateJobAsync(context, queueName, JobState.Queued, name: "nightly encode");
            var clock = Stopwatch.StartNew();

            var ex = await Assert.ThrowsAsync<MediaOpsException>(() => new JobNotificationWaiter(context, FastOptions())
                .WaitAsync(new[] { job.Id }, queueName, TimeSpan.FromSeconds(1)));

            _output.WriteLine(ex.Message);
            Assert.Equal(MediaErrorKind.Timeout, ex.Kind);
            Assert.Contains(job.Id, ex.Message);
            Assert.Contains("'nightly encode'", ex.Message);
            Assert.Contains("last state seen Queued (from the job record)", ex.Message);
            Assert.Contains("after 1 second ", ex.Message);
            Assert.Contains(queueName, ex.Message);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3));
        }

        [Fact]
        public async Task Waiting_for_several_jobs_reports_each_completion_as_it_happens()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("many");
            await CreateQueueAsync(context, queueName);
            var first = await CreateJobAsync(context, queueName, JobState.Processing);
            var second = await CreateJobAsync(context, queueName, JobState.Processing);
            var firstCompleted = new TaskCompletionSource<JobWaitProgress>(TaskCreationOptions.RunContinuationsAsynchronously);
            var progress = new ProgressLog(r =>
            {
                if (r.CompletedJob != null && r.JobId == first.Id) firstCompleted.TrySetResult(r);
            });

            var wait = new JobNotificationWaiter(context, FastOptions(o => o.FinalRecordGracePeriod = TimeSpan.FromSeconds(30)))
                .WaitAsync(new[] { second.Id, first.Id }, queueName, TimeSpan.FromSeconds(15), progress);
            await SetStateAsync(context, first, JobState.Finished);
            await SendAsync(context, queueName, first, JobState.Processing, JobState.Finished, DateTimeOffset.UtcNow);

            var report = await firstCompleted.Task.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.False(wait.IsCompleted);
            Assert.Equal(JobState.Finished, report.CompletedJob!.State);
            Assert.Same(context, report.CompletedJob.Context);
            Assert.Equal(1, report.CompletedCount);
            Assert.Equal(2, report.TotalCount);

            await SetStateAsync(context, second, JobState.Canceled);
            await SendAsync(context, queueName, second, JobState.Canceling, JobState.Canceled, DateTimeOffset.UtcNow);
            var done = await wait;

            Assert.Equal(new[] { first.Id, second.Id }, done.Select(j => j.Id));
            Assert.Equal(new[] { JobState.Finished, JobState.Canceled }, done.Select(j => j.State));
            Assert.Equal(new[] { first.Id, second.Id }, progress.Completions);
        }

        [Fact]
        public async Task Cancellation_stops_the_wait_within_one_second()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("cancel");
            await CreateQueueAsync(context, queueName);
            var job = await CreateJobAsync(context, queueName, JobState.Processing);
            using var cancel = new CancellationTokenSource();

            // Default options: idle, so the wait is in a long back-off delay when cancelled.
            var wait = new JobNotificationWaiter(context).WaitAsync(new[] { job.Id }, queueName, TimeSpan.FromMinutes(5), cancellationToken: cancel.Token);
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            var clock = Stopwatch.StartNew();
            cancel.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        }

        [Fact]
        public async Task A_job_that_does_not_exist_is_NotFound_before_any_wait()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("nf");
            await CreateQueueAsync(context, queueName);
            var missing = MediaIds.NewJobId();
            var waiter = new JobNotificationWaiter(context, FastOptions());

            var ex = await Assert.ThrowsAsync<MediaOpsException>(() => waiter.WaitAsync(new[] { missing }, queueName, TimeSpan.FromMinutes(5)));

            Assert.Equal(MediaErrorKind.NotFound, ex.Kind);
            Assert.Contains(missing, ex.Message);
            Assert.Equal(1, waiter.RequestCount); // its record was read; the queue was never polled
        }

        [Fact]
        public async Task A_job_that_sends_no_notifications_to_the_queue_is_refused_with_the_fix()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("nosub");
            await CreateQueueAsync(context, queueName);
            var elsewhere = await CreateJobAsync(context, "somewhere-else", JobState.Queued);
            var nowhere = await CreateJobAsync(context, null, JobState.Queued);
            var waiter = new JobNotificationWaiter(context, FastOptions());

            var ex1 = await Assert.ThrowsAsync<MediaOpsException>(() => waiter.WaitAsync(new[] { elsewhere.Id }, queueName, TimeSpan.FromMinutes(5)));
            var ex2 = await Assert.ThrowsAsync<MediaOpsException>(() => waiter.WaitAsync(new[] { nowhere.Id }, queueName, TimeSpan.FromMinutes(5)));

            _output.WriteLine(ex1.Message);
            _output.WriteLine(ex2.Message);
            Assert.Equal(MediaErrorKind.InvalidArgument, ex1.Kind);
            Assert.Contains("sends no notifications to the queue '" + queueName + "'", ex1.Message);
            Assert.Contains("'somewhere-else'", ex1.Message);
            Assert.Contains("-NotificationEndpoint", ex1.Message);
            Assert.Equal(MediaErrorKind.InvalidArgument, ex2.Kind);
            Assert.Contains("no notification endpoints", ex2.Message);
            Assert.Contains("-NotificationEndpoint", ex2.Message);
        }

        [Fact]
        public async Task A_job_already_final_with_no_notification_completes_after_a_short_grace()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("final");
            await CreateQueueAsync(context, queueName);
            var job = await CreateJobAsync(context, queueName, JobState.Finished);
            var clock = Stopwatch.StartNew();

            var done = await new JobNotificationWaiter(context, FastOptions()).WaitAsync(new[] { job.Id }, queueName, TimeSpan.FromSeconds(30));

            Assert.Equal(JobState.Finished, Assert.Single(done).State);
            Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(3));
        }

        [Fact]
        public async Task A_job_already_final_consumes_its_final_notification_still_on_the_queue()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("final");
            await CreateQueueAsync(context, queueName);
            var job = await CreateJobAsync(context, queueName, JobState.Error);
            await SendAsync(context, queueName, job, JobState.Processing, JobState.Error, T0);

            var done = await new JobNotificationWaiter(context, FastOptions()).WaitAsync(new[] { job.Id }, queueName, TimeSpan.FromSeconds(30));

            Assert.Equal(JobState.Error, Assert.Single(done).State);
            Assert.Equal(0, (await context.GetQueue(queueName).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        }

        [Fact]
        public async Task The_final_notification_of_an_active_job_ends_the_wait_within_a_second()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("latency");
            await CreateQueueAsync(context, queueName);
            var latencies = new List<TimeSpan>();
            for (var run = 0; run < 3; run++)
            {
                // Default options. The job was just submitted: active from the start.
                var job = await CreateJobAsync(context, queueName, JobState.Queued, lastModified: DateTimeOffset.UtcNow);
                var wait = new JobNotificationWaiter(context).WaitAsync(new[] { job.Id }, queueName, TimeSpan.FromSeconds(30));
                await Task.Delay(400);
                await SetStateAsync(context, job, JobState.Processing);
                await SendAsync(context, queueName, job, JobState.Queued, JobState.Processing, DateTimeOffset.UtcNow);
                await Task.Delay(700);
                await SetStateAsync(context, job, JobState.Finished);
                var clock = Stopwatch.StartNew();
                await SendAsync(context, queueName, job, JobState.Processing, JobState.Finished, DateTimeOffset.UtcNow);
                await wait;
                latencies.Add(clock.Elapsed);
            }

            latencies.Sort();
            _output.WriteLine("latencies: " + string.Join(", ", latencies.Select(l => $"{l.TotalMilliseconds:0} ms")));
            Assert.True(latencies[1] < TimeSpan.FromSeconds(1), "median " + latencies[1]);
        }

        [Fact]
        public async Task An_idle_wait_stays_within_12_requests_per_scaled_minute()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("budget");
            await CreateQueueAsync(context, queueName);
            var job = await CreateJobAsync(context, queueName, JobState.Processing);
            // FastOptions are the defaults divided by 30: a scaled minute is 2 s, five scaled minutes 10 s.
            var scaledMinute = TimeSpan.FromSeconds(2);
            var stamps = new ConcurrentStamps();
            var waiter = new JobNotificationWaiter(context, FastOptions(o => o.OnStorageRequest = _ => stamps.Add()));
            var clock = Stopwatch.StartNew();
            stamps.Clock = clock;

            var ex = await Assert.ThrowsAsync<MediaOpsException>(() => waiter.WaitAsync(new[] { job.Id }, queueName, TimeSpan.FromSeconds(14)));

            Assert.Equal(MediaErrorKind.Timeout, ex.Kind);
            Assert.Equal(stamps.Count, waiter.RequestCount);
            // After five scaled minutes without movement: every window of a scaled minute holds at most 12 requests.
            var idle = stamps.Between(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(14));
            for (var start = TimeSpan.FromSeconds(10); start + scaledMinute <= TimeSpan.FromSeconds(14); start += TimeSpan.FromMilliseconds(100))
            {
                var inWindow = idle.Count(t => t >= start && t < start + scaledMinute);
                Assert.True(inWindow <= 12, $"{inWindow} requests in the scaled minute from {start}");
            }
            _output.WriteLine($"{waiter.RequestCount} requests in all; {idle.Count} between 10 s and 14 s (two scaled minutes)");
            Assert.True(idle.Count >= 8, $"only {idle.Count} requests in two scaled minutes: is it still polling?");
        }

        [Fact]
        public async Task Without_an_account_key_a_message_that_is_not_Base64_goes_to_poison_and_does_not_hide_ours()
        {
            // A SAS connection string: the context has no key, and reads raw message text with the SAS it was given.
            var key = new StorageSharedKeyCredential("dca", _fixture.Azurite.AccountKey("dca"));
            var sas = new AccountSasBuilder(AccountSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1), AccountSasServices.Blobs | AccountSasServices.Queues,
                AccountSasResourceTypes.All).ToSasQueryParameters(key).ToString();
            var connectionString = $"AccountName=dca;BlobEndpoint=http://127.0.0.1:{_fixture.Azurite.BlobPort}/dca;" +
                                   $"QueueEndpoint=http://127.0.0.1:{_fixture.Azurite.QueuePort}/dca;SharedAccessSignature={sas}";
            var context = MediaAccountContext.FromConnectionString("dca", connectionString);
            Assert.False(context.CanGenerateSas);
            var queueName = NewQueueName("nokey");
            await CreateQueueAsync(context, queueName);
            var raw = RawQueue(_fixture, "dca", queueName);
            var job = await CreateJobAsync(context, queueName, JobState.Finished);
            await raw.SendMessageAsync("not base64 !!");
            await raw.SendMessageAsync(Base64("{\"not\":\"the format\"}"));
            await SendAsync(context, queueName, job, JobState.Processing, JobState.Finished, T0);

            var done = await new JobNotificationWaiter(context, FastOptions(o => o.FinalRecordGracePeriod = TimeSpan.FromSeconds(30)))
                .WaitAsync(new[] { job.Id }, queueName, TimeSpan.FromSeconds(10));

            Assert.Equal(job.Id, Assert.Single(done).Id);
            var poison = await PeekAllAsync(RawQueue(_fixture, "dca", queueName + "-poison"));
            Assert.Equal(new[] { "not base64 !!", Base64("{\"not\":\"the format\"}") }.OrderBy(t => t), poison.Select(m => m.Body.ToString()).OrderBy(t => t));
            Assert.Equal(0, (await context.GetQueue(queueName).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        }

        private sealed class ConcurrentStamps
        {
            private readonly List<TimeSpan> _stamps = new List<TimeSpan>();

            public Stopwatch? Clock { get; set; }

            public int Count
            {
                get { lock (_stamps) return _stamps.Count; }
            }

            public void Add()
            {
                lock (_stamps) _stamps.Add(Clock?.Elapsed ?? TimeSpan.Zero);
            }

            public List<TimeSpan> Between(TimeSpan from, TimeSpan to)
            {
                lock (_stamps) return _stamps.Where(t => t >= from && t < to).ToList();
            }
        }
    }
}
