using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core.Accounts;
using MediaOps.Core.Assets;
using MediaOps.Core.Jobs;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;
using MediaOps.Core.Tests;
using MediaOps.Testing;
using MediaOps.Worker;
using MediaOps.Worker.Models;
using Xunit;

namespace MediaOps.Worker.Tests
{
    /// <summary>The first workflow of the product: upload, submit, a worker encodes, queue notifications tell when it is done.</summary>
    [Collection(AzuriteCollection.Name)]
    public sealed class JobWorkflowTests : IDisposable
    {
        private readonly AzuriteFixture _fixture;
        private readonly string _temp = TestMedia.NewTempDirectory("e2e");

        public JobWorkflowTests(AzuriteFixture fixture) => _fixture = fixture;

        public void Dispose() => Directory.Delete(_temp, recursive: true);

        [Fact]
        public async Task A_submitted_mezzanine_is_encoded_to_HLS_and_DASH_and_the_waiter_learns_it_from_the_queue()
        {
            var context = _fixture.Dca();
            var mezzanine = await TestMedia.CreateMezzanineAsync(Path.Combine(_temp, "BigBuckBunny.mp4"), seconds: 10, width: 1280, height: 720);
            var endpoint = await new NotificationEndpointClient(context).CreateAsync("e2e-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            var job = await new MediaJobClient(context).SubmitAsync(new MediaJobSubmission
            {
                InputFiles = new[] { mezzanine },
                NotificationEndpoints = new[] { endpoint },
                NotifyOn = NotifyOn.All,
            });
            Assert.Equal(JobState.Queued, job.State);

            using var stop = new CancellationTokenSource();
            var worker = new MediaWorker(context, new MediaWorkerOptions { WorkDirectory = Path.Combine(_temp, "work") });
            var running = worker.RunAsync(stop.Token);
            var seen = new ConcurrentQueue<JobState>();
            var finished = await new JobNotificationWaiter(context).WaitAsync(new[] { job.Id }, endpoint.QueueName, TimeSpan.FromMinutes(4),
                new SynchronousProgress<JobWaitProgress>(p => { if (p.LastState.HasValue) seen.Enqueue(p.LastState.Value); }));
            stop.Cancel();
            await running;

            var done = Assert.Single(finished);
            Assert.Equal(JobState.Finished, done.State);
            Assert.Equal(100, done.Progress);
            Assert.Contains(JobState.Processing, seen);
            Assert.NotNull(done.EndTime);

            var output = await new MediaAssetClient(context).GetAsync(done.OutputAssetId);
            Assert.Equal("master.m3u8", output.PrimaryFile);
            var local = Path.Combine(_temp, "output");
            Directory.CreateDirectory(local);
            foreach (var file in output.Files)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(local, file.Name))!);
                await new MediaAssetClient(context).DownloadFileAsync(output.Id, file.Name, Path.Combine(local, file.Name));
            }

            var input = await TestMedia.ProbeAsync(mezzanine);
            foreach (var manifest in new[] { "master.m3u8", "manifest.mpd" })
            {
                var probe = await TestMedia.ProbeAsync(Path.Combine(local, manifest));
                // 720p input: the adaptive ladder keeps every rung up to the input's height and never upscales.
                Assert.Equal(new[] { 720, 540, 360, 270 }, probe.VideoHeights);
                Assert.Contains(probe.Streams, s => s.CodecType == "audio");
                Assert.InRange(probe.Duration, input.Duration - 0.2, input.Duration + 0.2);
            }
        }

        [Fact]
        public async Task Notification_messages_from_a_real_queue_read_as_the_Media_Services_EncodingJobMessage()
        {
            var context = _fixture.Dca();
            var mezzanine = await TestMedia.CreateMezzanineAsync(Path.Combine(_temp, "small.mp4"), seconds: 2, width: 320, height: 180);
            var endpoint = await new NotificationEndpointClient(context).CreateAsync("compat-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            var job = await new MediaJobClient(context).SubmitAsync(new MediaJobSubmission
            {
                Name = "Compatibilité ✓",
                InputFiles = new[] { mezzanine },
                Preset = "H264 Single Bitrate 720p",
                NotificationEndpoints = new[] { endpoint },
                NotifyOn = NotifyOn.FinalStatesOnly,
            });
            Assert.True(await new MediaWorker(context, new MediaWorkerOptions { WorkDirectory = Path.Combine(_temp, "work") }).RunOnceAsync(CancellationToken.None));

            // Read as the seed's consumer does: the raw queue text, Base64 decoded, through DataContractJsonSerializer.
            var raw = new Azure.Storage.Queues.QueueClient(_fixture.Azurite.ConnectionString("dca"), endpoint.QueueName);
            var messages = (await raw.ReceiveMessagesAsync(32)).Value;
            var decoded = messages.Select(m => SeedConsumer.Read(Convert.FromBase64String(m.MessageText))).ToList();

            var registration = Assert.Single(decoded, m => m.EventType == "NotificationEndPointRegistration");
            Assert.Equal(endpoint.Id, registration.Properties["NotificationEndPointId"]);
            var finished = Assert.Single(decoded, m => m.EventType == "JobStateChange");
            Assert.Equal("1.0", finished.MessageVersion);
            Assert.Matches("^[0-9a-f]{64}$", finished.ETag);
            Assert.True(DateTimeOffset.TryParse(finished.TimeStamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _));
            Assert.Equal(job.Id, finished.Properties["JobId"]);
            Assert.Equal("Compatibilité ✓", finished.Properties["JobName"]);
            Assert.Equal("Finished", finished.Properties["NewState"]);
            Assert.Equal("Processing", finished.Properties["OldState"]);
            Assert.Equal("dca", finished.Properties["AccountName"]);
        }
    }
}
