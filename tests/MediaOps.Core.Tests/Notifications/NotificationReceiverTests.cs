using System;
using System.Linq;
using System.Threading.Tasks;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;
using Xunit;
using static MediaOps.Core.Tests.Notifications.NotificationTestKit;

namespace MediaOps.Core.Tests.Notifications
{
    [Collection(AzuriteCollection.Name)]
    public sealed class NotificationReceiverTests
    {
        private readonly AzuriteFixture _fixture;

        public NotificationReceiverTests(AzuriteFixture fixture) => _fixture = fixture;

        [Fact]
        public async Task Receive_without_delete_leaves_notifications_that_reappear_after_the_visibility_timeout()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("rcv");
            await CreateQueueAsync(context, queueName);
            var job = await CreateJobAsync(context, queueName);
            var t0 = DateTimeOffset.UtcNow;
            // Sent out of order: returned in TimeStamp order.
            await SendAsync(context, queueName, job, JobState.Scheduled, JobState.Processing, t0.AddSeconds(2));
            await SendAsync(context, queueName, job, JobState.Queued, JobState.Scheduled, t0.AddSeconds(1));
            var receiver = new NotificationReceiver(context);

            var first = await receiver.ReceiveAsync(queueName, visibilityTimeout: TimeSpan.FromSeconds(1));
            var whileHidden = await receiver.ReceiveAsync(queueName, visibilityTimeout: TimeSpan.FromSeconds(1));
            await Task.Delay(TimeSpan.FromMilliseconds(2100));
            var again = await receiver.ReceiveAsync(queueName, visibilityTimeout: TimeSpan.FromSeconds(1));

            Assert.Equal(new[] { "Scheduled", "Processing" }, first.Select(n => n.NewState));
            Assert.All(first, n =>
            {
                Assert.Equal(job.Id, n.JobId);
                Assert.False(string.IsNullOrEmpty(n.MessageId));
                Assert.Equal(1, n.DequeueCount);
                Assert.Same(context, n.Context);
            });
            Assert.Empty(whileHidden);
            Assert.Equal(first.Select(n => n.MessageId).OrderBy(i => i), again.Select(n => n.MessageId).OrderBy(i => i));
            Assert.All(again, n => Assert.Equal(2, n.DequeueCount));
        }

        [Fact]
        public async Task Receive_with_delete_removes_the_notifications_from_the_queue()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("rcv");
            await CreateQueueAsync(context, queueName);
            var job = await CreateJobAsync(context, queueName);
            await SendAsync(context, queueName, job, JobState.Processing, JobState.Finished, DateTimeOffset.UtcNow);

            var received = await new NotificationReceiver(context).ReceiveAsync(queueName, deleteAfterReceive: true, visibilityTimeout: TimeSpan.FromSeconds(1));

            Assert.Equal("Finished", Assert.Single(received).NewState);
            await Task.Delay(TimeSpan.FromMilliseconds(1100));
            Assert.Empty(await PeekAllAsync(RawQueue(_fixture, "dca", queueName)));
        }

        [Fact]
        public async Task Receive_moves_malformed_messages_to_the_poison_queue_with_their_text_and_returns_the_rest()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("rcv");
            await CreateQueueAsync(context, queueName);
            var raw = RawQueue(_fixture, "dca", queueName);
            var job = await CreateJobAsync(context, queueName);
            await SendAsync(context, queueName, job, JobState.Processing, JobState.Finished, DateTimeOffset.UtcNow);
            var junk = new[] { "plain text, not base64!", Base64("{\"not\":\"the format\"}") };
            foreach (var text in junk) await raw.SendMessageAsync(text);

            var received = await new NotificationReceiver(context).ReceiveAsync(queueName, maxMessages: 10);

            Assert.Equal("Finished", Assert.Single(received).NewState);
            var poison = RawQueue(_fixture, "dca", queueName + "-poison");
            Assert.Equal(junk.OrderBy(t => t), (await PeekAllAsync(poison)).Select(m => m.Body.ToString()).OrderBy(t => t));
            Assert.Empty(await PeekAllAsync(raw)); // the good one is hidden, the bad ones are gone
            Assert.Equal(1, (await context.GetQueue(queueName).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        }

        [Fact]
        public async Task Receive_from_a_missing_queue_is_NotFound_and_names_the_queue()
        {
            var queueName = NewQueueName("missing");

            var ex = await Assert.ThrowsAsync<MediaOpsException>(() => new NotificationReceiver(_fixture.Dca()).ReceiveAsync(queueName));

            Assert.Equal(MediaErrorKind.NotFound, ex.Kind);
            Assert.Contains(queueName, ex.Message);
        }
    }
}
