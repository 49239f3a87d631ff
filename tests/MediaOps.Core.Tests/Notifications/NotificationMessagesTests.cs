using System;
using System.Collections.Generic;
using System.Linq;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;
using Xunit;

namespace MediaOps.Core.Tests.Notifications
{
    public sealed class NotificationMessagesTests
    {
        private const string JobId = "nb:jid:UUID:0f4b2c6e-2d4a-4f8e-9b1c-7a3e5d6f8a90";

        private static MediaJob Job(string name = "My MP4 to Smooth Streaming encoding job") =>
            new MediaJob { Id = JobId, Name = name, AccountName = "dca" };

        private static readonly DateTimeOffset TimeStamp = new DateTimeOffset(2026, 11, 22, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567);

        [Fact]
        public void Serialize_writes_the_exact_JSON_of_the_design()
        {
            var json = NotificationMessages.Serialize(NotificationMessages.CreateJobStateChange(Job(), JobState.Processing, JobState.Finished, TimeStamp));

            var etag = NotificationMessages.ComputeJobStateChangeETag(JobId, JobState.Processing, JobState.Finished);
            Assert.Equal(
                "{\"MessageVersion\":\"1.0\",\"EventType\":\"JobStateChange\",\"ETag\":\"" + etag + "\",\"TimeStamp\":\"2026-11-22T03:04:05.1234567Z\"," +
                "\"Properties\":{\"JobId\":\"" + JobId + "\",\"JobName\":\"My MP4 to Smooth Streaming encoding job\",\"NewState\":\"Finished\",\"OldState\":\"Processing\",\"AccountName\":\"dca\"}}",
                json);
        }

        [Fact]
        public void TimeStamp_is_UTC_with_seven_fractional_digits_and_Z_whatever_the_offset_given()
        {
            var local = new DateTimeOffset(2026, 11, 22, 5, 4, 5, TimeSpan.FromHours(2));

            var notification = NotificationMessages.CreateJobStateChange(Job(), JobState.Queued, JobState.Scheduled, local);

            Assert.Equal("2026-11-22T03:04:05.0000000Z", notification.TimeStamp);
        }

        [Fact]
        public void AccountName_is_the_jobs_account_name()
        {
            var notification = NotificationMessages.CreateJobStateChange(Job(), JobState.Queued, JobState.Scheduled, TimeStamp);

            Assert.Equal("dca", notification.AccountName);
            Assert.Equal(new[] { "JobId", "JobName", "NewState", "OldState", "AccountName" }, notification.Properties.Keys.ToArray());
        }

        [Fact]
        public void ETag_is_64_lowercase_hex_and_the_same_for_the_same_job_and_transition()
        {
            var first = NotificationMessages.ComputeJobStateChangeETag(JobId, JobState.Processing, JobState.Finished);
            var again = NotificationMessages.ComputeJobStateChangeETag(JobId, JobState.Processing, JobState.Finished);
            var bareGuid = NotificationMessages.ComputeJobStateChangeETag(JobId.Substring("nb:jid:UUID:".Length).ToUpperInvariant(), JobState.Processing, JobState.Finished);

            Assert.Matches("^[0-9a-f]{64}$", first);
            Assert.Equal(first, again);
            Assert.Equal(first, bareGuid);
            // Published twice (a worker that crashed after publishing): same message but for the time, same ETag.
            Assert.Equal(
                NotificationMessages.CreateJobStateChange(Job(), JobState.Processing, JobState.Finished, TimeStamp).ETag,
                NotificationMessages.CreateJobStateChange(Job(), JobState.Processing, JobState.Finished, TimeStamp.AddMinutes(3)).ETag);
        }

        [Fact]
        public void ETag_differs_per_transition_and_per_job()
        {
            var states = (JobState[])Enum.GetValues(typeof(JobState));
            var etags = new HashSet<string>();
            foreach (var oldState in states)
            {
                foreach (var newState in states)
                {
                    Assert.True(etags.Add(NotificationMessages.ComputeJobStateChangeETag(JobId, oldState, newState)));
                }
            }
            Assert.True(etags.Add(NotificationMessages.ComputeJobStateChangeETag(MediaIds.NewJobId(), JobState.Processing, JobState.Finished)));
        }

        [Fact]
        public void Registration_message_has_the_Media_Services_properties()
        {
            var endpoint = new NotificationEndpoint
            {
                Id = "nb:nepid:UUID:d6af9412-2488-45b2-ba1f-6e0ade6dbc27",
                Name = "dde957b2",
                QueueName = "jobnotifications",
                Created = new DateTimeOffset(2026, 11, 22, 3, 4, 0, TimeSpan.Zero),
            };

            var json = NotificationMessages.Serialize(NotificationMessages.CreateEndpointRegistration(endpoint, "Registered", TimeStamp));

            Assert.True(NotificationMessages.TryParse(json, out var parsed, out var error), error);
            Assert.Equal("NotificationEndPointRegistration", parsed!.EventType);
            Assert.Matches("^[0-9a-f]{64}$", parsed.ETag);
            Assert.Equal(new[] { "NotificationEndPointId", "State", "Name", "Created" }, parsed.Properties.Keys.ToArray());
            Assert.Equal(endpoint.Id, parsed.Properties["NotificationEndPointId"]);
            Assert.Equal("Registered", parsed.Properties["State"]);
            Assert.Equal("dde957b2", parsed.Properties["Name"]);
            Assert.Equal("2026-11-22T03:04:00.0000000Z", parsed.Properties["Created"]);
        }

        [Fact]
        public void TryParse_reads_back_what_Serialize_writes_including_non_ASCII_names()
        {
            var job = Job("Vidéo \"spéciale\" ✓ <b>&</b>");
            var json = NotificationMessages.Serialize(NotificationMessages.CreateJobStateChange(job, JobState.Processing, JobState.Error, TimeStamp));

            Assert.Contains("Vidéo", json);
            Assert.True(NotificationMessages.TryParse(json, out var parsed, out var error), error);
            Assert.Null(error);
            Assert.Equal("1.0", parsed!.MessageVersion);
            Assert.Equal("JobStateChange", parsed.EventType);
            Assert.Equal("2026-11-22T03:04:05.1234567Z", parsed.TimeStamp);
            Assert.Equal(JobId, parsed.JobId);
            Assert.Equal(job.Name, parsed.JobName);
            Assert.Equal("Error", parsed.NewState);
            Assert.Equal("Processing", parsed.OldState);
            Assert.Equal("dca", parsed.AccountName);
        }

        [Theory]
        [InlineData("", "not JSON")]
        [InlineData("this is not json", "not JSON")]
        [InlineData("[1,2]", "not a JSON object")]
        [InlineData("{}", "no MessageVersion")]
        [InlineData("{\"MessageVersion\":\"1.0\",\"EventType\":\"JobStateChange\",\"ETag\":\"ab\",\"TimeStamp\":\"2026-11-22T03:04:05Z\"}", "no Properties")]
        [InlineData("{\"MessageVersion\":\"1.0\",\"EventType\":\"JobStateChange\",\"ETag\":\"ab\",\"TimeStamp\":\"yesterday\",\"Properties\":{}}", "TimeStamp")]
        [InlineData("{\"MessageVersion\":\"1.0\",\"EventType\":\"JobStateChange\",\"ETag\":\"ab\",\"TimeStamp\":\"2026-11-22T03:04:05Z\",\"Properties\":{\"NewState\":\"Finished\"}}", "no JobId")]
        [InlineData("{\"MessageVersion\":\"1.0\",\"EventType\":\"JobStateChange\",\"ETag\":\"ab\",\"TimeStamp\":\"2026-11-22T03:04:05Z\",\"Properties\":{\"JobId\":\"nb:jid:UUID:1\"}}", "no NewState")]
        [InlineData("{\"MessageVersion\":\"1.0\",\"EventType\":\"JobStateChange\",\"ETag\":\"ab\",\"TimeStamp\":\"2026-11-22T03:04:05Z\",\"Properties\":{\"JobId\":\"nb:jid:UUID:1\",\"NewState\":\"Exploded\"}}", "not a job state")]
        [InlineData("{\"MessageVersion\":\"1.0\",\"EventType\":\"JobStateChange\",\"ETag\":\"ab\",\"TimeStamp\":\"2026-11-22T03:04:05Z\",\"Properties\":{\"JobId\":\"nb:jid:UUID:1\",\"NewState\":\"3\"}}", "not a job state")]
        [InlineData("{\"MessageVersion\":\"1.0\",\"EventType\":\"JobStateChange\",\"ETag\":\"ab\",\"TimeStamp\":\"2026-11-22T03:04:05Z\",\"Properties\":{\"JobId\":{\"x\":1},\"NewState\":\"Finished\"}}", "not a string")]
        public void TryParse_rejects_messages_that_are_not_the_format(string json, string reason)
        {
            Assert.False(NotificationMessages.TryParse(json, out var parsed, out var error));
            Assert.Null(parsed);
            Assert.Contains(reason, error);
        }

        [Fact]
        public void TryParse_accepts_the_seeds_TimeStamp_without_offset_and_the_spelling_Cancelled()
        {
            const string json = "{\"MessageVersion\":\"1.0\",\"EventType\":\"JobStateChange\",\"ETag\":\"4e381f37\",\"TimeStamp\":\"2013-05-14T20:24:40\"," +
                                "\"Properties\":{\"JobId\":\"nb:jid:UUID:526291de-f166-be47-b62a-11ffe6d4be54\",\"JobName\":\"x\",\"NewState\":\"Cancelled\",\"OldState\":\"Processing\",\"AccountName\":\"a\"}}";

            Assert.True(NotificationMessages.TryParse(json, out var parsed, out var error), error);
            Assert.Equal("Cancelled", parsed!.NewState);
        }

        [Fact]
        public void Unknown_event_types_in_the_format_are_valid_notifications()
        {
            const string json = "{\"MessageVersion\":\"1.0\",\"EventType\":\"SomethingNew\",\"ETag\":\"e1\",\"TimeStamp\":\"2026-11-22T03:04:05Z\",\"Properties\":{\"Key\":\"Value\"}}";

            Assert.True(NotificationMessages.TryParse(json, out var parsed, out _));
            Assert.Equal("SomethingNew", parsed!.EventType);
        }
    }
}
