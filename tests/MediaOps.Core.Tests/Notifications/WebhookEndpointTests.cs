using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;
using Xunit;
using static MediaOps.Core.Tests.Notifications.NotificationTestKit;

namespace MediaOps.Core.Tests.Notifications
{
    [Collection(AzuriteCollection.Name)]
    public sealed class WebhookEndpointTests
    {
        private const string Secret = "s3cr3t-function-code";

        private readonly AzuriteFixture _fixture;

        public WebhookEndpointTests(AzuriteFixture fixture) => _fixture = fixture;

        private static WebhookEndpointCreateOptions Options(string address, string? key = null) =>
            new WebhookEndpointCreateOptions { Address = address, SigningKey = key };

        [Fact]
        public async Task Create_returns_a_generated_key_once_stores_it_for_workers_and_Get_and_List_never_return_it()
        {
            var context = _fixture.Dca();
            var client = new NotificationEndpointClient(context);

            var created = await client.CreateWebhookAsync(Options($"https://receiver.example.net/api/hook?code={Secret}"));

            Assert.Equal("WebHook", created.EndpointType);
            Assert.True(created.IsWebHook);
            Assert.Equal(64, Convert.FromBase64String(created.SigningKey!).Length);
            Assert.Equal("https://receiver.example.net/api/hook", created.Address);
            Assert.Equal("", created.QueueName);
            Assert.Equal("mediaops-webhook-" + created.Id.Substring("nb:nepid:UUID:".Length), created.DeliveryQueueName);
            Assert.DoesNotContain(created.SigningKey!, created.ToString());
            Assert.DoesNotContain(Secret, created.ToString() + created.Name);

            // Stored in the record, with the full address, so that any worker can sign and send.
            var record = (await context.GetContainer("mediaops").GetBlobClient($"endpoints/{created.Id.Substring(14)}.json").DownloadContentAsync()).Value.Content.ToString();
            using (var document = JsonDocument.Parse(record))
            {
                Assert.Equal(created.SigningKey, document.RootElement.GetProperty("SigningKey").GetString());
                Assert.Equal($"https://receiver.example.net/api/hook?code={Secret}", document.RootElement.GetProperty("Address").GetString());
            }
            var stored = (await client.ListWebhooksForDeliveryAsync(CancellationToken.None)).Single(e => e.Id == created.Id);
            Assert.Equal(created.SigningKey, stored.StoredSigningKey);

            var read = await client.GetAsync(created.Id);
            var listed = (await client.ListAsync()).Single(e => e.Id == created.Id);
            foreach (var endpoint in new[] { read, listed })
            {
                Assert.Null(endpoint.SigningKey);
                Assert.Equal("https://receiver.example.net/api/hook", endpoint.Address);
                // Everything a caller can see of it: its public properties (as PowerShell shows them) and its text.
                var shown = JsonSerializer.Serialize(typeof(NotificationEndpoint).GetProperties()
                    .Where(p => p.GetMethod!.IsPublic && p.Name != nameof(NotificationEndpoint.Context))
                    .ToDictionary(p => p.Name, p => p.GetValue(endpoint)?.ToString())) + endpoint + JsonSerializer.Serialize(endpoint);
                Assert.DoesNotContain(created.SigningKey!, shown);
                Assert.DoesNotContain(Secret, shown);
            }
        }

        [Fact]
        public async Task Create_enqueues_a_signed_registration_whose_Properties_carry_the_AccountId_and_the_endpoint_id()
        {
            var context = _fixture.Dca();
            var client = new NotificationEndpointClient(context);
            var created = await client.CreateWebhookAsync(Options("https://receiver.example.net/hook"));

            var message = Assert.Single(await PeekAllAsync(RawQueue(_fixture, "dca", created.DeliveryQueueName!)));
            Assert.True(NotificationMessages.TryParse(FromBase64(message.Body.ToString()), out var registration, out var error), error);
            Assert.Equal("NotificationEndPointRegistration", registration!.EventType);
            Assert.Equal("Registered", registration.Properties["State"]);
            Assert.Equal(created.Id, registration.Properties["NotificationEndPointId"]);
            Assert.Equal((await client.GetAccountIdAsync()).ToString("D"), registration.Properties["AccountId"]);
            Assert.DoesNotContain(created.SigningKey!, FromBase64(message.Body.ToString()));
            Assert.DoesNotContain(JsonEncodedText.Encode(created.SigningKey!).ToString(), FromBase64(message.Body.ToString()));
        }

        [Fact]
        public async Task The_AccountId_is_one_stable_guid_even_when_many_ask_for_it_at_once()
        {
            var context = _fixture.Dcb();
            var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => new NotificationEndpointClient(_fixture.Dcb()).GetAccountIdAsync()));
            Assert.NotEqual(Guid.Empty, ids[0]);
            Assert.All(ids, id => Assert.Equal(ids[0], id));
            Assert.Equal(ids[0], await new NotificationEndpointClient(context).GetAccountIdAsync());
            Assert.NotEqual(ids[0], await new NotificationEndpointClient(_fixture.Dca()).GetAccountIdAsync());
        }

        [Theory]
        [InlineData("http://receiver.example.net/hook")]
        [InlineData("http://localhost:8080/hook")]
        [InlineData("http://10.0.0.1/hook")]
        [InlineData("http://[::ffff:10.0.0.1]/hook")]
        public async Task Http_is_refused_except_on_a_loopback_address(string address)
        {
            var ex = await Assert.ThrowsAsync<MediaOpsException>(() =>
                new NotificationEndpointClient(_fixture.Dca()).CreateWebhookAsync(Options(address + "?code=" + Secret)));
            Assert.Equal(MediaErrorKind.InvalidArgument, ex.Kind);
            Assert.Contains("Use https://", ex.Message);
            Assert.Contains("127.0.0.1", ex.Message);
            Assert.DoesNotContain(Secret, ex.Message);
        }

        [Theory]
        [InlineData("http://127.0.0.1:9/hook")]
        [InlineData("http://127.10.20.30/hook")]
        [InlineData("http://[::1]:9/hook")]
        [InlineData("https://receiver.example.net/hook")]
        public async Task Https_and_http_on_a_loopback_address_are_accepted(string address)
        {
            var client = new NotificationEndpointClient(_fixture.Dca());
            var created = await client.CreateWebhookAsync(Options(address));
            Assert.Equal(address, created.Address);
            await client.DeleteAsync(created.Id);
        }

        [Theory]
        [InlineData("ftp://receiver.example.net/hook")]
        [InlineData("receiver.example.net/hook")]
        [InlineData("")]
        public async Task An_address_that_is_not_an_http_url_is_refused(string address)
        {
            var ex = await Assert.ThrowsAsync<MediaOpsException>(() => new NotificationEndpointClient(_fixture.Dca()).CreateWebhookAsync(Options(address)));
            Assert.Equal(MediaErrorKind.InvalidArgument, ex.Kind);
            Assert.Contains("https://", ex.Message);
        }

        [Fact]
        public async Task A_given_key_is_kept_and_one_that_is_not_Base64_of_64_bytes_is_refused_without_being_echoed()
        {
            var client = new NotificationEndpointClient(_fixture.Dca());
            var key = WebhookSignature.NewSigningKey();
            Assert.Equal(key, (await client.CreateWebhookAsync(Options("https://receiver.example.net/hook", key))).SigningKey);

            foreach (var bad in new[] { Convert.ToBase64String(new byte[32]), "not base64 at all!", Convert.ToBase64String(new byte[65]) })
            {
                var ex = await Assert.ThrowsAsync<MediaOpsException>(() => client.CreateWebhookAsync(Options("https://receiver.example.net/hook", bad)));
                Assert.Equal(MediaErrorKind.InvalidArgument, ex.Kind);
                Assert.Contains("64 bytes", ex.Message);
                Assert.DoesNotContain(bad, ex.Message);
            }
        }

        [Fact]
        public async Task A_transition_published_twice_enqueues_the_same_ETag_for_a_WebHook_and_a_queue_endpoint_gets_its_usual_message()
        {
            var context = _fixture.Dca();
            var client = new NotificationEndpointClient(context);
            var webhook = await client.CreateWebhookAsync(Options("https://receiver.example.net/hook"));
            var queueEndpoint = await client.CreateAsync(NewQueueName("wh"));
            var job = await CreateJobAsync(context, null, JobState.Finished);
            job.NotificationSubscriptions.Add(new JobNotificationSubscription { NotificationEndpointId = webhook.Id, QueueName = "", NotifyOn = NotifyOn.All });
            job.NotificationSubscriptions.Add(new JobNotificationSubscription { NotificationEndpointId = queueEndpoint.Id, QueueName = queueEndpoint.QueueName, NotifyOn = NotifyOn.All });

            var publisher = new JobNotificationPublisher(context);
            await publisher.PublishJobStateChangeAsync(job, JobState.Processing, JobState.Finished);
            await publisher.PublishJobStateChangeAsync(job, JobState.Processing, JobState.Finished);

            var deliveries = (await PeekAllAsync(RawQueue(_fixture, "dca", webhook.DeliveryQueueName!)))
                .Select(m => { NotificationMessages.TryParse(FromBase64(m.Body.ToString()), out var n, out _); return n!; })
                .Where(n => n.EventType == "JobStateChange").ToList();
            Assert.Equal(2, deliveries.Count);
            Assert.Equal(NotificationMessages.ComputeJobStateChangeETag(job.Id, JobState.Processing, JobState.Finished), deliveries[0].ETag);
            Assert.Equal(deliveries[0].ETag, deliveries[1].ETag);
            Assert.All(deliveries, d =>
            {
                Assert.Equal(webhook.Id, d.Properties["NotificationEndPointId"]);
                Assert.Equal("Finished", d.NewState);
                Assert.True(Guid.TryParse(d.Properties["AccountId"], out _));
            });

            var queued = (await PeekAllAsync(RawQueue(_fixture, "dca", queueEndpoint.QueueName)))
                .Select(m => { NotificationMessages.TryParse(FromBase64(m.Body.ToString()), out var n, out _); return n!; })
                .Where(n => n.EventType == "JobStateChange").ToList();
            Assert.Equal(2, queued.Count);
            Assert.DoesNotContain("AccountId", queued[0].Properties.Keys);
        }

        [Fact]
        public async Task Receiving_from_or_waiting_on_a_WebHook_delivery_queue_is_refused_before_any_message_is_touched_and_its_poison_queue_can_be_read()
        {
            var context = _fixture.Dca();
            var webhook = await new NotificationEndpointClient(context).CreateWebhookAsync(Options("https://receiver.example.net/hook"));
            var job = await CreateJobAsync(context, null, JobState.Processing);

            var receive = await Assert.ThrowsAsync<MediaOpsException>(() => new NotificationReceiver(context).ReceiveAsync(webhook.DeliveryQueueName!, deleteAfterReceive: true));
            var wait = await Assert.ThrowsAsync<MediaOpsException>(() => new JobNotificationWaiter(context).WaitAsync(new[] { job.Id }, webhook.DeliveryQueueName!, TimeSpan.FromSeconds(5)));

            foreach (var refused in new[] { receive, wait })
            {
                Assert.Equal(MediaErrorKind.InvalidArgument, refused.Kind);
                Assert.Contains(webhook.DeliveryQueueName!, refused.Message);
                Assert.Contains("Get-MediaNotificationEndpoint", refused.Message);
            }
            // The registration waiting for delivery was not received: still there, never dequeued.
            var waiting = Assert.Single(await PeekAllAsync(RawQueue(_fixture, "dca", webhook.DeliveryQueueName!)));
            Assert.Equal(0, waiting.DequeueCount);

            var poison = context.GetQueue(webhook.DeliveryQueueName + "-poison");
            await poison.CreateIfNotExistsAsync();
            Assert.Empty(await new NotificationReceiver(context).ReceiveAsync(poison.Name));
        }

        [Fact]
        public async Task Removing_a_WebHook_endpoint_removes_its_delivery_queue_and_its_jobs_publish_to_it_no_more()
        {
            var context = _fixture.Dca();
            var client = new NotificationEndpointClient(context);
            var webhook = await client.CreateWebhookAsync(Options("https://receiver.example.net/hook"));
            var queue = context.GetQueue(webhook.DeliveryQueueName!);
            Assert.True((await queue.ExistsAsync()).Value);

            await client.DeleteAsync(webhook.Id);

            Assert.False((await queue.ExistsAsync()).Value);
            var job = await CreateJobAsync(context, null, JobState.Finished);
            job.NotificationSubscriptions.Add(new JobNotificationSubscription { NotificationEndpointId = webhook.Id, NotifyOn = NotifyOn.All });
            await new JobNotificationPublisher(context).PublishJobStateChangeAsync(job, JobState.Processing, JobState.Finished);
            Assert.False((await queue.ExistsAsync()).Value);
        }

        [Fact]
        public void A_WebHook_endpoint_cannot_be_waited_on_and_the_error_names_the_fix()
        {
            var endpoint = new NotificationEndpoint { Id = MediaIds.NewEndpointId(), EndpointType = "WebHook" };
            var ex = Assert.Throws<MediaOpsException>(() => NotificationEndpointClient.EnsureQueueEndpoint(endpoint, "wait on"));
            Assert.Equal(MediaErrorKind.InvalidArgument, ex.Kind);
            Assert.Contains("New-MediaNotificationEndpoint -QueueName", ex.Message);
            NotificationEndpointClient.EnsureQueueEndpoint(new NotificationEndpoint { EndpointType = "AzureQueue", QueueName = "q-1" }, "wait on");
        }
    }
}
