using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;
using MediaOps.Testing;
using Xunit;
using Xunit.Abstractions;
using static MediaOps.Core.Tests.Notifications.NotificationTestKit;

namespace MediaOps.Core.Tests.Notifications
{
    /// <summary>Storage going away under a wait, each test with an Azurite of its own that it stops.</summary>
    public sealed class StorageOutageTests
    {
        private readonly ITestOutputHelper _output;

        public StorageOutageTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task A_wait_rides_out_30_seconds_without_storage_warns_once_each_way_and_returns_the_job_that_finished()
        {
            using var azurite = await AzuriteInstance.StartAsync(new[] { "dca" }, persistent: true);
            var context = azurite.Context("dca");
            var queueName = NewQueueName("outage");
            await CreateQueueAsync(context, queueName);
            var job = await CreateJobAsync(context, queueName, JobState.Processing, lastModified: DateTimeOffset.UtcNow);
            await SendAsync(context, queueName, job, JobState.Scheduled, JobState.Processing, DateTimeOffset.UtcNow);
            var progress = new ProgressLog();
            var wait = new JobNotificationWaiter(context, new JobWaitOptions { OutageWarningAfter = TimeSpan.FromSeconds(5) })
                .WaitAsync(new[] { job.Id }, queueName, TimeSpan.FromMinutes(3), progress);
            await Task.Delay(1000);

            await azurite.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(30));
            Assert.False(wait.IsCompleted, $"the wait ended during the outage: {wait.Exception?.GetBaseException().Message}");
            Assert.Single(progress.Reports, r => r.Warning != null);
            await azurite.RestartAsync();
            // The worker rode the outage out as well, and finishes the job now.
            await SetStateAsync(context, job, JobState.Finished);
            await SendAsync(context, queueName, job, JobState.Processing, JobState.Finished, DateTimeOffset.UtcNow);
            var clock = Stopwatch.StartNew();
            var done = await wait.WaitAsync(TimeSpan.FromSeconds(60));

            _output.WriteLine($"returned {clock.Elapsed.TotalSeconds:0.0} s after the job finished");
            Assert.Equal(JobState.Finished, Assert.Single(done).State);
            var warnings = progress.Reports.Where(r => r.Warning != null).Select(r => r.Warning!).ToList();
            foreach (var warning in warnings) _output.WriteLine(warning);
            Assert.Equal(2, warnings.Count);
            Assert.StartsWith("Storage has not answered for ", warnings[0]);
            Assert.StartsWith("Storage answers again after ", warnings[1]);
            Assert.DoesNotContain(azurite.AccountKey("dca"), string.Join("\n", warnings));
            Assert.Empty(await PeekAllAsync(context.GetQueue(queueName)));
        }

        [Fact]
        public async Task A_queue_deleted_under_a_wait_ends_it_at_once_as_NotFound()
        {
            using var azurite = await AzuriteInstance.StartAsync(new[] { "dca" });
            var context = azurite.Context("dca");
            var queueName = NewQueueName("gone");
            var queue = await CreateQueueAsync(context, queueName);
            var job = await CreateJobAsync(context, queueName, JobState.Processing, lastModified: DateTimeOffset.UtcNow);
            var wait = new JobNotificationWaiter(context).WaitAsync(new[] { job.Id }, queueName, TimeSpan.FromMinutes(3));
            await Task.Delay(500);

            await queue.DeleteAsync();
            var clock = Stopwatch.StartNew();
            var ex = await Assert.ThrowsAsync<MediaOpsException>(() => wait.WaitAsync(TimeSpan.FromSeconds(30)));

            Assert.Equal(MediaErrorKind.NotFound, ex.Kind);
            Assert.Contains(queueName, ex.Message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        }
    }
}
