using System;
using System.Collections.Generic;
using System.Linq;
using MediaOps.Core.Notifications;
using Xunit;

namespace MediaOps.Core.Tests.Notifications
{
    /// <summary>The polling policy with a simulated clock: one peek per poll, plus a record read when one is due.</summary>
    public sealed class JobWaitPolicyTests
    {
        private static List<TimeSpan> Simulate(JobWaitOptions options, TimeSpan length, Func<TimeSpan, bool>? movedAt = null)
        {
            var schedule = new PollSchedule(options, TimeSpan.Zero);
            var requests = new List<TimeSpan>();
            var now = TimeSpan.Zero;
            while (now < length)
            {
                requests.Add(now); // the poll's peek
                if (movedAt != null && movedAt(now)) schedule.Activity(now);
                if (schedule.RecordCheckDue(now))
                {
                    schedule.RecordsChecked(now);
                    requests.Add(now);
                }
                now += schedule.NextDelay(now, quick: false);
            }
            return requests;
        }

        [Fact]
        public void With_the_defaults_a_job_idle_for_five_minutes_costs_at_most_12_requests_a_minute()
        {
            var requests = Simulate(new JobWaitOptions(), TimeSpan.FromMinutes(15));

            for (var start = TimeSpan.FromMinutes(5); start + TimeSpan.FromMinutes(1) <= TimeSpan.FromMinutes(15); start += TimeSpan.FromSeconds(1))
            {
                var perMinute = requests.Count(t => t >= start && t < start + TimeSpan.FromMinutes(1));
                Assert.InRange(perMinute, 1, 12);
            }
        }

        [Fact]
        public void With_the_defaults_an_active_job_is_polled_every_200_ms_and_backs_off_to_6_s_after_a_minute_of_calm()
        {
            var options = new JobWaitOptions();
            var schedule = new PollSchedule(options, TimeSpan.Zero);
            schedule.Activity(TimeSpan.Zero);

            Assert.Equal(TimeSpan.FromMilliseconds(200), schedule.NextDelay(TimeSpan.FromSeconds(59), quick: false));
            var delays = Enumerable.Range(0, 8).Select(i => schedule.NextDelay(TimeSpan.FromSeconds(61 + i), quick: false)).ToList();
            Assert.Equal(new[] { 400, 800, 1600, 3200, 6000, 6000, 6000, 6000 }, delays.Select(d => (int)d.TotalMilliseconds));
            // Movement makes it quick again at once; so does a job in its final-record grace period.
            schedule.Activity(TimeSpan.FromSeconds(70));
            Assert.Equal(TimeSpan.FromMilliseconds(200), schedule.NextDelay(TimeSpan.FromSeconds(70), quick: false));
            Assert.Equal(TimeSpan.FromMilliseconds(200), schedule.NextDelay(TimeSpan.FromSeconds(500), quick: true));
        }

        [Fact]
        public void Behind_a_full_page_of_other_messages_an_active_wait_reads_records_every_second_and_an_idle_one_still_every_minute()
        {
            var schedule = new PollSchedule(new JobWaitOptions(), TimeSpan.Zero);
            schedule.Activity(TimeSpan.Zero);

            Assert.False(schedule.RecordCheckDue(TimeSpan.FromMilliseconds(900), blocked: true));
            Assert.True(schedule.RecordCheckDue(TimeSpan.FromSeconds(1), blocked: true));
            Assert.False(schedule.RecordCheckDue(TimeSpan.FromSeconds(1), blocked: false));
            schedule.RecordsChecked(TimeSpan.FromSeconds(100));
            Assert.False(schedule.RecordCheckDue(TimeSpan.FromSeconds(130), blocked: true));
            Assert.True(schedule.RecordCheckDue(TimeSpan.FromSeconds(160), blocked: true));
        }

        [Fact]
        public void Records_are_read_every_15_s_while_active_and_every_minute_while_idle()
        {
            var schedule = new PollSchedule(new JobWaitOptions(), TimeSpan.Zero);

            schedule.Activity(TimeSpan.Zero);
            Assert.False(schedule.RecordCheckDue(TimeSpan.FromSeconds(14)));
            Assert.True(schedule.RecordCheckDue(TimeSpan.FromSeconds(15)));
            schedule.RecordsChecked(TimeSpan.FromSeconds(100));
            Assert.False(schedule.RecordCheckDue(TimeSpan.FromSeconds(159)));
            Assert.True(schedule.RecordCheckDue(TimeSpan.FromSeconds(160)));
        }

        [Theory]
        [InlineData(1_000, "1 second")]
        [InlineData(1_500, "1.5 seconds")]
        [InlineData(90_000, "00:01:30")]
        [InlineData(1_800_000, "30 minutes")]
        [InlineData(7_200_000, "2 hours")]
        public void Timeouts_are_written_for_people(int milliseconds, string text)
        {
            Assert.Equal(text, JobNotificationWaiter.FormatDuration(TimeSpan.FromMilliseconds(milliseconds)));
        }

        [Fact]
        public void Options_that_cannot_work_are_refused_with_the_option_named()
        {
            var ex = Assert.Throws<MediaOpsException>(() => new JobNotificationWaiter(
                MediaOps.Core.Accounts.MediaAccountContext.ForAzurite("x"),
                new JobWaitOptions { MinPollInterval = TimeSpan.FromSeconds(10), MaxPollInterval = TimeSpan.FromSeconds(1) }));

            Assert.Equal(MediaErrorKind.InvalidArgument, ex.Kind);
            Assert.Contains("MaxPollInterval", ex.Message);
        }
    }
}
