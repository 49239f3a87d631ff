using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Serialization.Json;
using System.Threading.Tasks;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;
using Xunit;
using static MediaOps.Core.Tests.Notifications.NotificationTestKit;

namespace MediaOps.Core.Tests.Notifications
{
    [Collection(AzuriteCollection.Name)]
    public sealed class JobNotificationPublisherTests
    {
        private readonly AzuriteFixture _fixture;

        public JobNotificationPublisherTests(AzuriteFixture fixture) => _fixture = fixture;

        /// <summary>Shaped exactly like the EncodingJobMessage class of the Media Services sample that consumers still run.</summary>
        public class EncodingJobMessage
        {
            public String MessageVersion { get; set; } = "";

            public String EventType { get; set; } = "";

            public String ETag { get; set; } = "";

            public String TimeStamp { get; set; } = "";

            public IDictionary<string, object> Properties { get; set; } = new Dictionary<string, object>();
        }

        [Fact]
        public async Task Published_messages_read_from_a_raw_queue_deserialize_as_the_samples_EncodingJobMessage()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("pub");
            await CreateQueueAsync(context, queueName);
            var job = await CreateJobAsync(context, queueName, JobState.Finished, NotifyOn.FinalStatesOnly, name: "Vidéo «spéciale» ✓");
            var before = DateTimeOffset.UtcNow;

            await new JobNotificationPublisher(context).PublishJobStateChangeAsync(job, JobState.Processing, JobState.Finished);

            // As the sample reads them: the raw message text (no Base64 option on the client), Base64-decoded bytes,
            // DataContractJsonSerializer with UseSimpleDictionaryFormat.
            var raw = RawQueue(_fixture, "dca", queueName);
            var received = Assert.Single((await raw.ReceiveMessagesAsync(32)).Value);
            var bytes = Convert.FromBase64String(received.Body.ToString());
            var serializer = new DataContractJsonSerializer(typeof(EncodingJobMessage), new DataContractJsonSerializerSettings { UseSimpleDictionaryFormat = true });
            using var stream = new MemoryStream(bytes);
            var message = (EncodingJobMessage)serializer.ReadObject(stream)!;

            Assert.Equal("1.0", message.MessageVersion);
            Assert.Equal("JobStateChange", message.EventType);
            Assert.Equal(NotificationMessages.ComputeJobStateChangeETag(job.Id, JobState.Processing, JobState.Finished), message.ETag);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$", message.TimeStamp);
            var timeStamp = DateTimeOffset.Parse(message.TimeStamp, CultureInfo.InvariantCulture);
            Assert.InRange(timeStamp, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
            Assert.Equal(new[] { "AccountName", "JobId", "JobName", "NewState", "OldState" }, message.Properties.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal(job.Id, message.Properties["JobId"]);
            Assert.Equal("Vidéo «spéciale» ✓", message.Properties["JobName"]);
            Assert.Equal("Finished", message.Properties["NewState"]);
            Assert.Equal("Processing", message.Properties["OldState"]);
            Assert.Equal("dca", message.Properties["AccountName"]);
            Assert.All(message.Properties.Values, v => Assert.IsType<string>(v));
            // The sample's own way of reading a state.
            Assert.Equal(JobState.Finished, (JobState)Enum.Parse(typeof(JobState), (string)message.Properties.First(p => p.Key == "NewState").Value));
        }

        [Fact]
        public async Task AccountName_is_the_contexts_name_unless_the_job_carries_its_own()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("pub");
            await CreateQueueAsync(context, queueName);
            var job = await CreateJobAsync(context, queueName, JobState.Scheduled);
            var publisher = new JobNotificationPublisher(context);

            job.AccountName = "";
            await publisher.PublishJobStateChangeAsync(job, JobState.Queued, JobState.Scheduled);
            job.AccountName = "westeuropewamsaccount";
            await publisher.PublishJobStateChangeAsync(job, JobState.Scheduled, JobState.Processing);

            var accounts = (await new NotificationReceiver(context).ReceiveAsync(queueName)).Select(n => n.AccountName).ToList();
            Assert.Equal(new[] { "dca", "westeuropewamsaccount" }, accounts);
        }

        [Fact]
        public async Task FinalStatesOnly_subscribers_get_only_final_states_and_All_subscribers_every_state()
        {
            var context = _fixture.Dca();
            var finalOnly = NewQueueName("final");
            var all = NewQueueName("all");
            await CreateQueueAsync(context, finalOnly);
            await CreateQueueAsync(context, all);
            var job = await CreateJobAsync(context, finalOnly, notifyOn: NotifyOn.FinalStatesOnly);
            job.NotificationSubscriptions.Add(new JobNotificationSubscription { NotificationEndpointId = MediaIds.NewEndpointId(), QueueName = all, NotifyOn = NotifyOn.All });
            var publisher = new JobNotificationPublisher(context);

            var transitions = new[]
            {
                (JobState.Queued, JobState.Scheduled), (JobState.Scheduled, JobState.Processing), (JobState.Processing, JobState.Canceling),
                (JobState.Canceling, JobState.Canceled), (JobState.Processing, JobState.Error), (JobState.Processing, JobState.Finished),
            };
            foreach (var (oldState, newState) in transitions)
            {
                await publisher.PublishJobStateChangeAsync(job, oldState, newState);
            }

            var receiver = new NotificationReceiver(context);
            Assert.Equal(new[] { "Canceled", "Error", "Finished" }, (await receiver.ReceiveAsync(finalOnly)).Select(n => n.NewState));
            Assert.Equal(new[] { "Scheduled", "Processing", "Canceling", "Canceled", "Error", "Finished" }, (await receiver.ReceiveAsync(all)).Select(n => n.NewState));
        }

        [Fact]
        public async Task A_job_without_subscriptions_publishes_nothing_and_a_deleted_queue_is_created_again()
        {
            var context = _fixture.Dca();
            var publisher = new JobNotificationPublisher(context);
            await publisher.PublishJobStateChangeAsync(await CreateJobAsync(context, null), JobState.Processing, JobState.Finished);

            var queueName = NewQueueName("gone");
            var job = await CreateJobAsync(context, queueName, notifyOn: NotifyOn.FinalStatesOnly);
            await publisher.PublishJobStateChangeAsync(job, JobState.Processing, JobState.Finished);

            Assert.Equal("Finished", Assert.Single(await new NotificationReceiver(context).ReceiveAsync(queueName)).NewState);
        }
    }
}
