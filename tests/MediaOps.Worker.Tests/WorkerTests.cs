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
using MediaOps.Worker;
using MediaOps.Worker.Models;
using Microsoft.Extensions.Logging.Testing;
using Xunit;

namespace MediaOps.Worker.Tests
{
    [Collection(AzuriteCollection.Name)]
    public sealed class WorkerTests : IDisposable
    {
        private readonly AzuriteFixture _fixture;
        private readonly string _temp = TestMedia.NewTempDirectory("worker");

        public WorkerTests(AzuriteFixture fixture) => _fixture = fixture;

        /// <summary>Each test has its own work queue, so no test takes another's jobs.</summary>
        private readonly string _workQueue = "jobs-" + Guid.NewGuid().ToString("N").Substring(0, 12);

        private MediaAccountContext Dca() => _fixture.Dca(new MediaClientOptions { WorkQueueName = _workQueue });

        public void Dispose() => Directory.Delete(_temp, recursive: true);

        private MediaWorkerOptions Options(int maxDeliveryCount = 5) => new MediaWorkerOptions
        {
            WorkDirectory = Path.Combine(_temp, "work"),
            MaxDeliveryCount = maxDeliveryCount,
            ProgressInterval = TimeSpan.FromMilliseconds(300),
        };

        private async Task<(MediaJob Job, NotificationEndpoint Endpoint)> SubmitAsync(
            MediaAccountContext context, string mezzanine, string preset = "H264 Single Bitrate 720p", NotifyOn notifyOn = NotifyOn.All)
        {
            var endpoint = await new NotificationEndpointClient(context).CreateAsync("w-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            var job = await new MediaJobClient(context).SubmitAsync(new MediaJobSubmission
            {
                InputFiles = new[] { mezzanine },
                Preset = preset,
                NotificationEndpoints = new[] { endpoint },
                NotifyOn = notifyOn,
            });
            return (job, endpoint);
        }

        private static async Task<MediaJob> WaitForRecordAsync(MediaAccountContext context, string jobId, Func<MediaJob, bool> condition, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                var job = await new MediaJobClient(context).GetAsync(jobId);
                if (condition(job)) return job;
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"Job {jobId} is still {job.State} ({job.Progress}%).");
                await Task.Delay(100);
            }
        }

        /// <summary>Runs a real worker until the job has made progress, then kills it and its ffmpeg at once.</summary>
        private async Task CrashMidEncodeAsync(MediaAccountContext context, MediaJob job, params string[] args)
        {
            using var worker = WorkerProcess.Start(_fixture.Azurite.ConnectionString("dca"), args);
            await WaitForRecordAsync(context, job.Id, j => j.State == JobState.Processing && j.Progress > 0, TimeSpan.FromMinutes(2));
            worker.Crash();
        }

        [Fact]
        public async Task A_worker_killed_mid_encode_is_replaced_by_another_that_finishes_the_job_and_Wait_sees_one_Finished()
        {
            var context = Dca();
            var mezzanine = await TestMedia.CreateMezzanineAsync(Path.Combine(_temp, "long.mp4"), seconds: 40, width: 1280, height: 720);
            var (job, endpoint) = await SubmitAsync(context, mezzanine, "Adaptive Streaming");
            var connectionString = _fixture.Azurite.ConnectionString("dca");

            await CrashMidEncodeAsync(context, job, "--work-queue", _workQueue, "--visibility-timeout", "4", "--work-directory", Path.Combine(_temp, "a"));
            var crashed = await new MediaJobClient(context).GetAsync(job.Id);
            Assert.Equal(JobState.Processing, crashed.State);

            var completions = new List<MediaJob>();
            using var second = WorkerProcess.Start(connectionString, "--work-queue", _workQueue, "--visibility-timeout", "4", "--work-directory", Path.Combine(_temp, "b"));
            var finished = await new JobNotificationWaiter(context).WaitAsync(new[] { job.Id }, endpoint.QueueName, TimeSpan.FromMinutes(5),
                new SynchronousProgress<JobWaitProgress>(p => { if (p.CompletedJob != null) completions.Add(p.CompletedJob); }));

            var done = Assert.Single(finished);
            Assert.Equal(JobState.Finished, done.State);
            Assert.Equal(2, done.Attempts);
            Assert.Single(completions);
            Assert.Single(second.Events(WorkerLog.JobFinishedId), line => line.GetProperty("State").GetProperty("jobId").GetString() == job.Id);
            Assert.NotNull(await new MediaOps.Core.Assets.MediaAssetClient(context).TryGetAsync(done.OutputAssetId));
        }

        [Fact]
        public async Task A_worker_SIGKILLed_mid_encode_leaves_its_job_folder_and_a_worker_restarted_on_the_same_directory_leaves_nothing()
        {
            var context = Dca();
            var mezzanine = await TestMedia.CreateMezzanineAsync(Path.Combine(_temp, "long.mp4"), seconds: 30, width: 640, height: 360);
            var (job, _) = await SubmitAsync(context, mezzanine, "Adaptive Streaming");
            var connectionString = _fixture.Azurite.ConnectionString("dca");
            var work = Path.Combine(_temp, "shared-work");
            var args = new[] { "--work-queue", _workQueue, "--visibility-timeout", "4", "--work-directory", work };

            await CrashMidEncodeAsync(context, job, args);
            var left = Directory.EnumerateDirectories(work).ToList();
            Assert.Single(left);
            Assert.NotEmpty(Directory.EnumerateFiles(Assert.Single(left), "*", SearchOption.AllDirectories));

            using var second = WorkerProcess.Start(connectionString, args);
            await second.WaitForEventAsync(WorkerLog.WorkDirectoryCleanedId, TimeSpan.FromSeconds(30));
            var done = await WaitForRecordAsync(context, job.Id, j => j.State.IsFinal(), TimeSpan.FromMinutes(3));
            Assert.Equal(JobState.Finished, done.State);

            // The folder goes right after the job ends (the record is written first).
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (Directory.EnumerateFileSystemEntries(work).Any() && DateTime.UtcNow < deadline) await Task.Delay(100);
            Assert.Empty(Directory.EnumerateFileSystemEntries(work));
        }

        [Fact]
        public async Task SIGTERM_stops_the_worker_and_releases_the_job_at_once_for_another_worker()
        {
            var context = Dca();
            var mezzanine = await TestMedia.CreateMezzanineAsync(Path.Combine(_temp, "long.mp4"), seconds: 40, width: 1280, height: 720);
            var (job, _) = await SubmitAsync(context, mezzanine, "Adaptive Streaming");

            using var worker = WorkerProcess.Start(_fixture.Azurite.ConnectionString("dca"), "--work-queue", _workQueue, "--visibility-timeout", "120", "--work-directory", Path.Combine(_temp, "a"));
            await WaitForRecordAsync(context, job.Id, j => j.State == JobState.Processing && j.Progress > 0, TimeSpan.FromMinutes(2));
            worker.Terminate();

            Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(15)), "The worker did not stop within 15 s of SIGTERM.");
            Assert.Equal(0, worker.ExitCode);
            Assert.Contains(worker.Events(WorkerLog.JobReleasedId), line => line.GetProperty("State").GetProperty("jobId").GetString() == job.Id);
            // Released, not lost: although the visibility timeout was two minutes, the message is visible now.
            var queue = context.QueueService.GetQueueClient(context.Options.WorkQueueName);
            var peeked = (await queue.PeekMessagesAsync(32)).Value;
            Assert.Contains(peeked, m => m.MessageText.Contains(job.Id));
            await new MediaJobClient(context).CancelAsync(job.Id);
            await new MediaWorker(context, Options()).RunOnceAsync(CancellationToken.None);
        }

        [Fact]
        public async Task Stop_while_processing_moves_the_job_through_Canceling_to_Canceled_and_stops_ffmpeg()
        {
            var context = Dca();
            var mezzanine = await TestMedia.CreateMezzanineAsync(Path.Combine(_temp, "long.mp4"), seconds: 40, width: 1280, height: 720);
            var (job, endpoint) = await SubmitAsync(context, mezzanine, "Adaptive Streaming");
            var log = new FakeLogger<MediaWorker>();
            var worker = new MediaWorker(context, Options(), log);

            var run = worker.RunOnceAsync(CancellationToken.None);
            await WaitForRecordAsync(context, job.Id, j => j.State == JobState.Processing && j.Progress > 0, TimeSpan.FromMinutes(2));
            var canceling = await new MediaJobClient(context).CancelAsync(job.Id);
            Assert.Equal(JobState.Canceling, canceling.State);
            await run.WaitAsync(TimeSpan.FromSeconds(30));

            var final = await new MediaJobClient(context).GetAsync(job.Id);
            Assert.Equal(JobState.Canceled, final.State);
            Assert.True(final.Progress < 100);
            Assert.Equal(job.Id, Assert.Single(log.Collector.GetSnapshot(), r => r.Id.Id == WorkerLog.JobCanceledId).GetStructuredStateValue("jobId"));
            var waited = await new JobNotificationWaiter(context).WaitAsync(new[] { job.Id }, endpoint.QueueName, TimeSpan.FromSeconds(30));
            Assert.Equal(JobState.Canceled, Assert.Single(waited).State);
        }

        [Fact]
        public async Task A_queued_job_that_is_stopped_is_canceled_at_once_and_its_message_is_dropped()
        {
            var context = Dca();
            var mezzanine = await TestMedia.CreateMezzanineAsync(Path.Combine(_temp, "short.mp4"), seconds: 2, width: 320, height: 180);
            var (job, _) = await SubmitAsync(context, mezzanine);

            var canceled = await new MediaJobClient(context).CancelAsync(job.Id);
            Assert.Equal(JobState.Canceled, canceled.State);

            Assert.True(await new MediaWorker(context, Options()).RunOnceAsync(CancellationToken.None));
            Assert.Equal(JobState.Canceled, (await new MediaJobClient(context).GetAsync(job.Id)).State);
            var queue = context.QueueService.GetQueueClient(context.Options.WorkQueueName);
            Assert.DoesNotContain((await queue.PeekMessagesAsync(32)).Value, m => m.MessageText.Contains(job.Id));
        }

        [Fact]
        public async Task A_file_that_is_not_media_ends_the_job_in_Error_with_ffmpegs_reason()
        {
            var context = Dca();
            var notMedia = Path.Combine(_temp, "notes.mp4");
            await File.WriteAllTextAsync(notMedia, "These are meeting notes, not a video.");
            var (job, endpoint) = await SubmitAsync(context, notMedia);

            Assert.True(await new MediaWorker(context, Options()).RunOnceAsync(CancellationToken.None));

            var waited = await new JobNotificationWaiter(context).WaitAsync(new[] { job.Id }, endpoint.QueueName, TimeSpan.FromSeconds(30));
            var failed = Assert.Single(waited);
            Assert.Equal(JobState.Error, failed.State);
            Assert.Contains("Invalid data found when processing input", failed.ErrorMessage);
            AssertNamesTheAssetFileNotTheWorkersFolder(failed.ErrorMessage, "notes.mp4");
            var queue = context.QueueService.GetQueueClient(context.Options.WorkQueueName);
            Assert.DoesNotContain((await queue.PeekMessagesAsync(32)).Value, m => m.MessageText.Contains(job.Id));
        }

        [Fact]
        public async Task An_input_without_video_ends_the_job_in_Error_naming_the_asset_file()
        {
            var context = Dca();
            var audioOnly = Path.Combine(_temp, "interview audio.m4a");
            await TestMedia.RunAsync(TestMedia.Ffmpeg, new[]
            {
                "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac", audioOnly,
            });
            var (job, _) = await SubmitAsync(context, audioOnly);

            Assert.True(await new MediaWorker(context, Options()).RunOnceAsync(CancellationToken.None));

            var failed = await new MediaJobClient(context).GetAsync(job.Id);
            Assert.Equal(JobState.Error, failed.State);
            Assert.Contains("has no video stream", failed.ErrorMessage);
            AssertNamesTheAssetFileNotTheWorkersFolder(failed.ErrorMessage, "interview audio.m4a");
        }

        private void AssertNamesTheAssetFileNotTheWorkersFolder(string? error, string assetFile)
        {
            Assert.Contains($"'{assetFile}'", error);
            Assert.DoesNotContain(Options().WorkDirectory!, error);
            Assert.DoesNotContain(Path.GetTempPath(), error);
        }

        [Fact]
        public async Task A_work_message_delivered_more_than_the_limit_is_poison_and_its_job_ends_in_Error()
        {
            var context = Dca();
            var mezzanine = await TestMedia.CreateMezzanineAsync(Path.Combine(_temp, "short.mp4"), seconds: 2, width: 320, height: 180);
            var (job, endpoint) = await SubmitAsync(context, mezzanine);
            var queue = context.QueueService.GetQueueClient(context.Options.WorkQueueName);
            // A worker that received the message and died without a trace.
            var taken = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value;
            Assert.Contains(taken, m => m.MessageText.Contains(job.Id));
            await Task.Delay(1500);

            Assert.True(await new MediaWorker(context, Options(maxDeliveryCount: 1)).RunOnceAsync(CancellationToken.None));

            var failed = Assert.Single(await new JobNotificationWaiter(context).WaitAsync(new[] { job.Id }, endpoint.QueueName, TimeSpan.FromSeconds(30)));
            Assert.Equal(JobState.Error, failed.State);
            Assert.Contains("abandoned after 1 delivery attempts", failed.ErrorMessage);
            Assert.DoesNotContain((await queue.PeekMessagesAsync(32)).Value, m => m.MessageText.Contains(job.Id));
        }

        [Fact]
        public async Task A_worker_without_ffmpeg_refuses_to_start_and_takes_no_job()
        {
            var context = Dca();
            var mezzanine = await TestMedia.CreateMezzanineAsync(Path.Combine(_temp, "short.mp4"), seconds: 1, width: 160, height: 90);
            var (job, _) = await SubmitAsync(context, mezzanine);
            var options = Options();
            options.Encoder = new MediaOps.Worker.Ffmpeg.MediaEncoderOptions { FfmpegPath = Path.Combine(_temp, "no-ffmpeg-here") };

            var error = await Assert.ThrowsAsync<MediaOpsException>(() => new MediaWorker(context, options).RunAsync(CancellationToken.None));

            Assert.Contains("Install ffmpeg", error.Message);
            Assert.Equal(JobState.Queued, (await new MediaJobClient(context).GetAsync(job.Id)).State);
        }

        [Fact]
        public async Task A_malformed_work_message_is_moved_to_the_poison_queue()
        {
            var context = Dca();
            var queue = context.QueueService.GetQueueClient(context.Options.WorkQueueName);
            await queue.CreateIfNotExistsAsync();
            var marker = "not a job " + Guid.NewGuid();
            await queue.SendMessageAsync(marker);

            while (await new MediaWorker(context, Options()).RunOnceAsync(CancellationToken.None))
            {
            }

            var poison = context.QueueService.GetQueueClient(context.Options.WorkQueueName + "-poison");
            Assert.Contains((await poison.PeekMessagesAsync(32)).Value, m => m.MessageText == marker);
            Assert.DoesNotContain((await queue.PeekMessagesAsync(32)).Value, m => m.MessageText == marker);
        }
    }
}
