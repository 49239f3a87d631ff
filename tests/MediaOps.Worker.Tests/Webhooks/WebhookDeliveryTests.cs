using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core;
using MediaOps.Core.Accounts;
using MediaOps.Core.Jobs;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;
using MediaOps.Core.Tests;
using MediaOps.Testing;
using MediaOps.Worker.Models;
using Microsoft.Extensions.Logging.Testing;
using Xunit;

namespace MediaOps.Worker.Tests.Webhooks
{
    /// <summary>WebHook delivery by real <c>mediaops worker</c> processes to a receiver written as Media Services' article.</summary>
    [Collection(AzuriteCollection.Name)]
    public sealed class WebhookDeliveryTests : IDisposable
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

        private readonly AzuriteFixture _fixture;
        private readonly string _temp = TestMedia.NewTempDirectory("webhook");
        private readonly string _workQueue = "jobs-" + Guid.NewGuid().ToString("N").Substring(0, 12);
        private readonly List<IDisposable> _cleanup = new List<IDisposable>();
        private readonly List<string> _endpoints = new List<string>();

        public WebhookDeliveryTests(AzuriteFixture fixture) => _fixture = fixture;

        private MediaAccountContext Dca() => _fixture.Dca(new MediaClientOptions { WorkQueueName = _workQueue });

        public void Dispose()
        {
            foreach (var item in Enumerable.Reverse(_cleanup)) item.Dispose();
            var client = new NotificationEndpointClient(Dca());
            foreach (var id in _endpoints) client.DeleteAsync(id).GetAwaiter().GetResult();
            Directory.Delete(_temp, recursive: true);
        }

        private WorkerProcess StartWorker(string label, params string[] extra)
        {
            var args = new List<string>
            {
                "--work-queue", _workQueue, "--work-directory", Path.Combine(_temp, label),
                "--webhook-refresh", "1", "--webhook-retry-delay", "1", "--webhook-max-retry-delay", "2",
            };
            args.AddRange(extra);
            var worker = WorkerProcess.Start(_fixture.Azurite.ConnectionString("dca"), args.ToArray());
            _cleanup.Add(worker);
            return worker;
        }

        private ArticleWebhookReceiver Receiver(string signingKey, int? port = null)
        {
            var receiver = new ArticleWebhookReceiver(signingKey, port);
            _cleanup.Add(receiver);
            return receiver;
        }

        private async Task<NotificationEndpoint> CreateEndpointAsync(string address, string? signingKey = null)
        {
            var endpoint = await new NotificationEndpointClient(Dca()).CreateWebhookAsync(new WebhookEndpointCreateOptions { Address = address, SigningKey = signingKey });
            _endpoints.Add(endpoint.Id);
            return endpoint;
        }

        /// <summary>Publishes a job's transition as a worker does, for a job that only needs to exist in its notifications.</summary>
        private async Task<MediaJob> PublishAsync(NotificationEndpoint endpoint, params (JobState Old, JobState New)[] transitions)
        {
            var context = Dca();
            var job = new MediaJob { Id = MediaIds.NewJobId(), Name = "webhook test", AccountName = context.Name, Context = context };
            job.NotificationSubscriptions.Add(new JobNotificationSubscription { NotificationEndpointId = endpoint.Id, NotifyOn = NotifyOn.All });
            foreach (var (oldState, newState) in transitions)
            {
                await new JobNotificationPublisher(context).PublishJobStateChangeAsync(job, oldState, newState);
            }
            return job;
        }

        private static void AssertNoSecret(string text, NotificationEndpoint endpoint)
        {
            Assert.DoesNotContain(endpoint.SigningKey!, text);
            // JSON logs escape '+' as \u002B: look for that spelling too.
            Assert.DoesNotContain(System.Text.Json.JsonEncodedText.Encode(endpoint.SigningKey!).ToString(), text);
            Assert.DoesNotContain(ArticleWebhookReceiver.QuerySecret, text);
        }

        [Fact]
        public async Task Every_transition_of_a_job_arrives_signed_and_the_articles_receiver_verifies_and_parses_each()
        {
            var context = Dca();
            var mezzanine = await TestMedia.CreateMezzanineAsync(Path.Combine(_temp, "in.mp4"), seconds: 2, width: 320, height: 180);
            var receiver = Receiver(WebhookSignature.NewSigningKey()).Start();
            var endpoint = await CreateEndpointAsync(receiver.Address, receiver.SigningKey);
            var accountId = await new NotificationEndpointClient(context).GetAccountIdAsync();

            var job = await new MediaJobClient(context).SubmitAsync(new MediaJobSubmission
            {
                InputFiles = new[] { mezzanine },
                Preset = "H264 Single Bitrate 720p",
                NotificationEndpoints = new[] { endpoint },
                NotifyOn = NotifyOn.All,
            });
            var worker = StartWorker("a");

            await receiver.WaitForAsync(r => r.Accepted.FirstOrDefault(p => p.Message.Get("NewState") == "Finished"), TimeSpan.FromMinutes(2), "the Finished notification");
            await receiver.WaitForAsync(r => r.Accepted.Count >= 4 ? r : null, Patience, "4 notifications");

            var accepted = receiver.Accepted;
            Assert.All(receiver.Posts, p => Assert.True(p.Accepted, "Every POST passes the article's checks."));
            var registration = Assert.Single(accepted, p => p.Message!.EventType == NotificationEventType.NotificationEndPointRegistration);
            Assert.Equal(endpoint.Id, registration.Message!.Properties["NotificationEndPointId"]);
            var changes = accepted.Where(p => p.Message!.EventType == NotificationEventType.JobStateChange).Select(p => p.Message!).OrderBy(m => m.TimeStamp).ToList();
            Assert.Equal(new[] { "Queued>Scheduled", "Scheduled>Processing", "Processing>Finished" },
                changes.Select(m => m.Properties["OldState"] + ">" + m.Properties["NewState"]).Distinct());
            Assert.All(changes, m =>
            {
                Assert.Equal("1.0", m.MessageVersion);
                Assert.Equal(job.Id, m.Properties["JobId"]);
                Assert.Equal(accountId.ToString("D"), m.Properties["AccountId"]);
                Assert.Equal(endpoint.Id, m.Properties["NotificationEndPointId"]);
                Assert.Equal("dca", m.Properties["AccountName"]);
                Assert.Equal(NotificationMessages.ComputeJobStateChangeETag(job.Id, Enum.Parse<JobState>(m.Properties["OldState"]), Enum.Parse<JobState>(m.Properties["NewState"])), m.ETag);
            });

            // The outcome is recorded and shown by Get, with the backlog; the key and the address's query never appear.
            var client = new NotificationEndpointClient(context);
            var read = (await client.ReadBacklogAsync(new[] { await client.GetAsync(endpoint.Id) }))[0];
            await WaitUntilAsync(async () => (read = (await client.ReadBacklogAsync(new[] { await client.GetAsync(endpoint.Id) }))[0]).Backlog == 0, "an empty backlog");
            Assert.Equal(WebhookDeliveryOutcome.DeliveredResult, read.LastDelivery!.Result);
            Assert.Equal(200, read.LastDelivery.StatusCode);
            Assert.Null(read.SigningKey);
            AssertNoSecret(System.Text.Json.JsonSerializer.Serialize(read) + read + read.LastDelivery, endpoint);
            Assert.Contains(worker.Events(WebhookLog.DeliveredId), line => line.GetProperty("State").GetProperty("jobId").GetString() == job.Id);
            AssertNoSecret(worker.Log, endpoint);
        }

        [Fact]
        public async Task A_receiver_with_the_wrong_key_rejects_every_POST_which_is_retried_until_the_right_key_verifies_it()
        {
            var receiver = Receiver(WebhookSignature.NewSigningKey()).Start();
            var endpoint = await CreateEndpointAsync(receiver.Address);
            Assert.NotEqual(endpoint.SigningKey, receiver.SigningKey);
            var job = await PublishAsync(endpoint, (JobState.Processing, JobState.Finished));
            var worker = StartWorker("a");

            // The receiver's check fails on a wrong key: the same notification comes again and again, never accepted.
            await receiver.WaitForAsync(r => r.Posts.Count(p => !p.SignatureVerified && p.Body.Length > 0 && Text(p).Contains(job.Id)) >= 2 ? r : null,
                Patience, "two rejected attempts at the job's notification");
            Assert.Empty(receiver.Accepted);
            var client = new NotificationEndpointClient(Dca());
            var failing = (await client.ReadBacklogAsync(new[] { await client.GetAsync(endpoint.Id) }))[0];
            Assert.Equal(WebhookDeliveryOutcome.FailedResult, failing.LastDelivery!.Result);
            Assert.Equal(400, failing.LastDelivery.StatusCode);
            Assert.True(failing.Backlog >= 1, $"Backlog {failing.Backlog}");
            Assert.Contains(worker.Events(WebhookLog.DeliveryFailedId), line => line.GetProperty("State").GetProperty("endpointId").GetString() == endpoint.Id);

            receiver.SigningKey = endpoint.SigningKey!;
            var delivered = await receiver.WaitForAsync(r => r.Accepted.FirstOrDefault(p => p.Message.Get("JobId") == job.Id), Patience, "the job's notification, verified");
            Assert.Equal("Finished", delivered.Message!.Properties["NewState"]);
            await receiver.WaitForAsync(r => r.Accepted.FirstOrDefault(p => p.Message!.EventType == NotificationEventType.NotificationEndPointRegistration), Patience, "the registration");
            AssertNoSecret(worker.Log, endpoint);
        }

        [Fact]
        public async Task A_receiver_that_is_down_for_a_while_gets_every_notification_once_it_is_back()
        {
            var receiver = Receiver(WebhookSignature.NewSigningKey());
            var endpoint = await CreateEndpointAsync(receiver.Address, receiver.SigningKey);
            var job = await PublishAsync(endpoint, (JobState.Queued, JobState.Scheduled), (JobState.Scheduled, JobState.Processing), (JobState.Processing, JobState.Finished));
            var worker = StartWorker("a");

            await worker.WaitForEventAsync(WebhookLog.DeliveryFailedId, Patience);
            var client = new NotificationEndpointClient(Dca());
            await WaitUntilAsync(async () => (await client.GetAsync(endpoint.Id)).LastDelivery?.Result == WebhookDeliveryOutcome.FailedResult, "a failed outcome");
            var down = await client.GetAsync(endpoint.Id);
            Assert.Null(down.LastDelivery!.StatusCode);
            Assert.False(string.IsNullOrEmpty(down.LastDelivery.Error));
            await Task.Delay(TimeSpan.FromSeconds(3)); // down for a while: several attempts each

            receiver.Start();
            await receiver.WaitForAsync(r => r.Accepted.Count >= 4 ? r : null, Patience, "the registration and the three transitions");
            var states = receiver.Accepted.Where(p => p.Message!.EventType == NotificationEventType.JobStateChange).Select(p => p.Message!.Properties["NewState"]).OrderBy(s => s);
            Assert.Equal(new[] { "Finished", "Processing", "Scheduled" }, states.Distinct());
            Assert.All(receiver.Accepted.Where(p => p.Message!.EventType == NotificationEventType.JobStateChange), p => Assert.Equal(job.Id, p.Message!.Properties["JobId"]));
            await WaitUntilAsync(async () => (await client.GetAsync(endpoint.Id)).LastDelivery?.Result == WebhookDeliveryOutcome.DeliveredResult, "a delivered outcome");
            AssertNoSecret(worker.Log, endpoint);
        }

        [Fact]
        public async Task A_worker_killed_mid_delivery_loses_nothing_and_the_next_worker_delivers_the_same_bytes_and_ETag()
        {
            var receiver = Receiver(WebhookSignature.NewSigningKey()).Start();
            var endpoint = await CreateEndpointAsync(receiver.Address, receiver.SigningKey);
            var job = await PublishAsync(endpoint, (JobState.Processing, JobState.Finished));
            receiver.Hold();

            var first = StartWorker("a", "--webhook-timeout", "3");
            await receiver.WaitForAsync(r => r.Posts.FirstOrDefault(p => p.Message.Get("JobId") == job.Id), Patience, "the held POST");
            first.Crash(); // before any answer, so before any 2xx could be recorded
            var held = receiver.Posts.First(p => p.Message.Get("JobId") == job.Id);
            Assert.Equal(0, held.Answer);
            receiver.Release();

            var second = StartWorker("b", "--webhook-timeout", "3");
            var redelivered = await receiver.WaitForAsync(r => r.Accepted.FirstOrDefault(p => p.Message.Get("JobId") == job.Id), Patience, "the re-delivery");
            Assert.Equal(held.Message!.ETag, redelivered.Message!.ETag);
            Assert.Equal(held.Body, redelivered.Body);
            var client = new NotificationEndpointClient(Dca());
            await WaitUntilAsync(async () => (await client.ReadBacklogAsync(new[] { await client.GetAsync(endpoint.Id) }))[0].Backlog == 0, "an empty backlog");
            AssertNoSecret(second.Log, endpoint);
        }

        [Fact]
        public async Task A_notification_still_failing_after_the_retry_period_goes_to_the_poison_queue_and_the_outcome_says_so()
        {
            var receiver = Receiver(WebhookSignature.NewSigningKey()).Start();
            receiver.AcceptedStatus = 503;
            var endpoint = await CreateEndpointAsync(receiver.Address, receiver.SigningKey);
            var log = new FakeLogger<WebhookDelivery>();
            using var delivery = new WebhookDelivery(Dca(), new WebhookDeliveryOptions { RetryPeriod = TimeSpan.Zero }, log);

            Assert.True(await delivery.RunOnceAsync(CancellationToken.None) >= 1);

            var poison = Dca().GetQueue(endpoint.DeliveryQueueName + "-poison");
            var moved = Assert.Single((await poison.PeekMessagesAsync(32)).Value);
            Assert.Equal(receiver.Posts.Single().Body, moved.Body.ToArray());
            Assert.Equal(0, (await Dca().GetQueue(endpoint.DeliveryQueueName!).GetPropertiesAsync()).Value.ApproximateMessagesCount);
            var outcome = (await new NotificationEndpointClient(Dca()).GetAsync(endpoint.Id)).LastDelivery!;
            Assert.Equal(WebhookDeliveryOutcome.AbandonedResult, outcome.Result);
            Assert.Equal(503, outcome.StatusCode);
            var abandoned = Assert.Single(log.Collector.GetSnapshot(), r => r.Id.Id == WebhookLog.DeliveryAbandonedId);
            Assert.Equal(endpoint.Address, abandoned.GetStructuredStateValue("address"));
            Assert.Equal("503", abandoned.GetStructuredStateValue("status"));
        }

        [Fact]
        public void The_retry_delay_doubles_from_the_initial_delay_up_to_the_maximum()
        {
            using var delivery = new WebhookDelivery(Dca(), new WebhookDeliveryOptions { InitialRetryDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromMinutes(10) });
            Assert.Equal(new[] { 5.0, 10, 20, 40, 80, 160, 320, 600, 600 }, Enumerable.Range(1, 9).Select(n => delivery.RetryDelay(n).TotalSeconds));
        }

        private static string Text(ReceivedPost post) => System.Text.Encoding.UTF8.GetString(post.Body);

        private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (!await condition())
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("Timed out waiting for " + what + ".");
                await Task.Delay(200);
            }
        }
    }
}
