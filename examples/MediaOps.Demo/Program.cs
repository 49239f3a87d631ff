using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core;
using MediaOps.Core.Assets;
using MediaOps.Core.Jobs;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;
using MediaOps.Testing;

namespace MediaOps.Demo
{
    /// <summary>
    /// The job-notification workflow of Media Services, on local Azurite with a real worker process: create a
    /// notification endpoint, submit an encoding job, learn from the queue when it is done, and check the output.
    /// Everything it starts is stopped on the way out.
    /// </summary>
    public static class Program
    {
        public static async Task<int> Main()
        {
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
            var temp = TestMedia.NewTempDirectory("demo");
            AzuriteInstance? azurite = null;
            WorkerProcess? worker = null;
            try
            {
                Step("Starting Azurite with two accounts, dca and dcb, on free 127.0.0.1 ports");
                azurite = await AzuriteInstance.StartAsync(new[] { "dca", "dcb" }, cancel.Token);
                Info($"blob http://127.0.0.1:{azurite.BlobPort}/dca   queue http://127.0.0.1:{azurite.QueuePort}/dca");

                Step("Starting a worker: mediaops worker (connection string passed through the environment)");
                worker = WorkerProcess.Start(azurite.ConnectionString("dca"));
                await worker.WaitForLogAsync("\"WorkerStarted\"", TimeSpan.FromSeconds(30));
                Info($"worker pid {worker.Id}");

                Step("Making a 10-second 1280x720 test mezzanine with ffmpeg");
                var mezzanine = await TestMedia.CreateMezzanineAsync(Path.Combine(temp, "BigBuckBunny.mp4"), 10, 1280, 720, cancellationToken: cancel.Token);
                Info($"{mezzanine} ({new FileInfo(mezzanine).Length / 1024} KiB)");

                var context = azurite.Context("dca");
                await context.VerifyAsync(cancel.Token);

                Step("Creating the notification endpoint (queue 'jobnotifications')");
                var endpoint = await new NotificationEndpointClient(context).CreateAsync("jobnotifications", "demo endpoint", cancel.Token);
                Info($"{endpoint.Id} -> queue {endpoint.QueueName}");

                Step("Submitting the job: preset 'Adaptive Streaming', notifications for all states");
                var job = await new MediaJobClient(context).SubmitAsync(new MediaJobSubmission
                {
                    Name = "My MP4 to adaptive streaming encoding job",
                    InputFiles = new[] { mezzanine },
                    NotificationEndpoints = new[] { endpoint },
                    NotifyOn = NotifyOn.All,
                }, null, cancel.Token);
                Info($"{job.Id} {job.State}; input asset {job.InputAssetId}");

                Step("Waiting for the job to finish, learning each state from the notification queue");
                var started = DateTimeOffset.UtcNow;
                var finished = await new JobNotificationWaiter(context).WaitAsync(new[] { job.Id }, endpoint.QueueName, TimeSpan.FromMinutes(10),
                    new ConsoleProgress(started), cancel.Token);
                var done = finished.Single();
                if (done.State != JobState.Finished)
                {
                    Console.Error.WriteLine($"The job ended in {done.State}: {done.ErrorMessage}");
                    return 1;
                }
                Info($"{done.State} after {(done.EndTime - done.StartTime)?.TotalSeconds:0.0} s of processing; output asset {done.OutputAssetId}");

                Step("The output asset");
                var assets = new MediaAssetClient(context);
                var output = await assets.GetAsync(done.OutputAssetId, cancel.Token);
                foreach (var file in output.Files)
                {
                    Info($"{file.Name,-24} {file.Length,12:N0} bytes  {file.ContentType}");
                }

                Step("Checking the manifests with ffprobe");
                var local = Path.Combine(temp, "output");
                Directory.CreateDirectory(local);
                foreach (var file in output.Files)
                {
                    await assets.DownloadFileAsync(output.Id, file.Name, Path.Combine(local, file.Name), cancel.Token);
                }
                foreach (var manifest in new[] { "master.m3u8", "manifest.mpd" })
                {
                    var probe = await TestMedia.ProbeAsync(Path.Combine(local, manifest), cancellationToken: cancel.Token);
                    Info($"{manifest,-13} video renditions {string.Join("/", probe.VideoHeights.Select(h => h + "p"))}, duration {probe.Duration:0.00} s");
                }

                Step("Done: the job was learned of from Queue storage, as in Media Services v2");
                return 0;
            }
            catch (MediaOpsException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 1;
            }
            finally
            {
                Step("Stopping what the demo started");
                if (worker != null)
                {
                    worker.Terminate();
                    worker.WaitForExit(TimeSpan.FromSeconds(15));
                    worker.Dispose();
                }
                azurite?.Dispose();
                Directory.Delete(temp, recursive: true);
            }
        }

        private static void Step(string text) => Console.WriteLine($"\n==> {text}");

        private static void Info(string text) => Console.WriteLine($"    {text}");

        private sealed class ConsoleProgress : IProgress<JobWaitProgress>
        {
            private readonly DateTimeOffset _start;
            private JobState? _last;

            public ConsoleProgress(DateTimeOffset start) => _start = start;

            public void Report(JobWaitProgress value)
            {
                if (value.LastState is null || value.LastState == _last) return;
                _last = value.LastState;
                Info($"+{(DateTimeOffset.UtcNow - _start).TotalSeconds,5:0.0} s  {value.LastState}");
            }
        }
    }
}
