using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MediaOps.Core.Notifications;
using Xunit;
using static MediaOps.Core.Tests.Notifications.NotificationTestKit;

namespace MediaOps.Core.Tests.Notifications
{
    [Collection(AzuriteCollection.Name)]
    public sealed class NotificationEndpointClientTests
    {
        private readonly AzuriteFixture _fixture;

        public NotificationEndpointClientTests(AzuriteFixture fixture) => _fixture = fixture;

        [Fact]
        public async Task Create_makes_the_queue_and_the_record_and_sends_a_registration_message()
        {
            var context = _fixture.Dca();
            var queueName = NewQueueName("ep");

            var endpoint = await new NotificationEndpointClient(context).CreateAsync(queueName, "my endpoint");

            Assert.StartsWith("nb:nepid:UUID:", endpoint.Id);
            Assert.Equal("my endpoint", endpoint.Name);
            Assert.Equal(queueName, endpoint.QueueName);
            Assert.Equal("AzureQueue", endpoint.EndpointType);
            Assert.Same(context, endpoint.Context);
            Assert.True((await context.GetQueue(queueName).ExistsAsync()).Value);

            var read = await new NotificationEndpointClient(context).GetAsync(endpoint.Id);
            Assert.Equal(endpoint.QueueName, read.QueueName);
            Assert.Equal(endpoint.Name, read.Name);
            Assert.Same(context, read.Context);

            var message = Assert.Single(await PeekAllAsync(RawQueue(_fixture, "dca", queueName)));
            Assert.True(NotificationMessages.TryParse(FromBase64(message.Body.ToString()), out var registration, out var error), error);
            Assert.Equal("NotificationEndPointRegistration", registration!.EventType);
            Assert.Equal(endpoint.Id, registration.Properties["NotificationEndPointId"]);
            Assert.Equal("Registered", registration.Properties["State"]);
            Assert.Equal("my endpoint", registration.Properties["Name"]);
            Assert.Equal(NotificationMessages.FormatTimeStamp(endpoint.Created), registration.Properties["Created"]);
        }

        [Fact]
        public async Task The_name_defaults_to_the_queue_name_and_a_bare_guid_finds_the_endpoint()
        {
            var context = _fixture.Dca();
            var endpoint = await new NotificationEndpointClient(context).CreateAsync(NewQueueName("ep"));

            var read = await new NotificationEndpointClient(context).GetAsync(endpoint.Id.Substring("nb:nepid:UUID:".Length));

            Assert.Equal(endpoint.QueueName, read.Name);
            Assert.Equal(endpoint.Id, read.Id);
        }

        [Theory]
        [InlineData("JobNotifications", "lowercase", "jobnotifications")]
        [InlineData("ab", "3 to 63 characters", "ab0")]
        [InlineData("job_notifications", "only lowercase letters", "job-notifications")]
        [InlineData("-jobs", "starts or ends with a hyphen", "jobs")]
        [InlineData("jobs-", "starts or ends with a hyphen", "jobs")]
        [InlineData("job--notifications", "consecutive hyphens", "job-notifications")]
        [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "3 to 63 characters", "aaaaaaaa")]
        [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "poison queue", "aaaaaaaa")]
        [InlineData("mediaops-jobs", "work queue", "jobnotifications")]
        [InlineData("", "required", "jobnotifications")]
        public async Task Create_with_an_invalid_queue_name_names_the_rule_and_the_fix_and_creates_nothing(string queueName, string rule, string suggestion)
        {
            var context = _fixture.Dca();
            var client = new NotificationEndpointClient(context);
            var endpointsBefore = (await client.ListAsync()).Count;
            var queuesBefore = await QueueNamesAsync(context);

            var ex = await Assert.ThrowsAsync<MediaOpsException>(() => client.CreateAsync(queueName));

            Assert.Equal(MediaErrorKind.InvalidArgument, ex.Kind);
            Assert.Contains(rule, ex.Message);
            Assert.Contains(suggestion, ex.Message);
            Assert.Equal(endpointsBefore, (await client.ListAsync()).Count);
            Assert.Equal(queuesBefore, await QueueNamesAsync(context));
        }

        [Fact]
        public async Task Get_of_a_missing_endpoint_names_the_id_and_Get_MediaNotificationEndpoint()
        {
            var id = MediaIds.NewEndpointId();

            var ex = await Assert.ThrowsAsync<MediaOpsException>(() => new NotificationEndpointClient(_fixture.Dca()).GetAsync(id));

            Assert.Equal(MediaErrorKind.NotFound, ex.Kind);
            Assert.Contains(id, ex.Message);
            Assert.Contains("Get-MediaNotificationEndpoint", ex.Message);
        }

        [Fact]
        public async Task List_matches_wildcards_on_the_name_or_the_queue_name()
        {
            var context = _fixture.Dcb();
            var client = new NotificationEndpointClient(context);
            var tag = Guid.NewGuid().ToString("N").Substring(0, 8);
            var alpha = await client.CreateAsync($"alpha-{tag}", $"Build {tag} one");
            var beta = await client.CreateAsync($"beta-{tag}", $"Release {tag}");

            Assert.Equal(new[] { alpha.Id }, (await client.ListAsync($"alpha-{tag}")).Select(e => e.Id));
            Assert.Equal(new[] { alpha.Id }, (await client.ListAsync($"build {tag}*")).Select(e => e.Id));
            Assert.Equal(new[] { alpha.Id, beta.Id }, (await client.ListAsync($"*-{tag}")).Select(e => e.Id));
            Assert.Equal(new[] { beta.Id }, (await client.ListAsync($"?eta-{tag}")).Select(e => e.Id));
            Assert.Empty(await client.ListAsync($"gamma-{tag}"));
            var all = await client.ListAsync();
            Assert.Contains(all, e => e.Id == alpha.Id);
            Assert.All(all, e => Assert.Same(context, e.Context));
        }

        [Fact]
        public async Task Delete_removes_the_record_keeps_the_queue_and_tells_it_the_endpoint_is_unregistered()
        {
            var context = _fixture.Dca();
            var client = new NotificationEndpointClient(context);
            var endpoint = await client.CreateAsync(NewQueueName("ep"));

            await client.DeleteAsync(endpoint.Id);

            var ex = await Assert.ThrowsAsync<MediaOpsException>(() => client.GetAsync(endpoint.Id));
            Assert.Equal(MediaErrorKind.NotFound, ex.Kind);
            Assert.True((await context.GetQueue(endpoint.QueueName).ExistsAsync()).Value);
            var states = (await PeekAllAsync(RawQueue(_fixture, "dca", endpoint.QueueName)))
                .Select(m => NotificationMessages.TryParse(FromBase64(m.Body.ToString()), out var n, out _) ? n!.Properties["State"] : "?")
                .ToList();
            Assert.Equal(new[] { "Registered", "Unregistered" }, states);
        }

        [Fact]
        public async Task Delete_with_deleteQueue_removes_the_queue_too()
        {
            var context = _fixture.Dca();
            var client = new NotificationEndpointClient(context);
            var endpoint = await client.CreateAsync(NewQueueName("ep"));

            await client.DeleteAsync(endpoint.Id, deleteQueue: true);

            Assert.False((await context.GetQueue(endpoint.QueueName).ExistsAsync()).Value);
            Assert.Empty(await client.ListAsync(endpoint.QueueName));
        }

        [Fact]
        public async Task Delete_with_deleteQueue_is_refused_while_another_endpoint_uses_the_queue()
        {
            var context = _fixture.Dca();
            var client = new NotificationEndpointClient(context);
            var queueName = NewQueueName("ep");
            var first = await client.CreateAsync(queueName, "first");
            var second = await client.CreateAsync(queueName, "second");

            var ex = await Assert.ThrowsAsync<MediaOpsException>(() => client.DeleteAsync(first.Id, deleteQueue: true));

            Assert.Equal(MediaErrorKind.Conflict, ex.Kind);
            Assert.Contains(second.Id, ex.Message);
            Assert.True((await context.GetQueue(queueName).ExistsAsync()).Value);
            Assert.Equal(first.Id, (await client.GetAsync(first.Id)).Id);
        }

        private static async Task<List<string>> QueueNamesAsync(MediaOps.Core.Accounts.MediaAccountContext context)
        {
            var names = new List<string>();
            await foreach (var queue in context.QueueService.GetQueuesAsync()) names.Add(queue.Name);
            return names;
        }
    }
}
