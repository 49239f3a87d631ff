using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Threading.Tasks;
using MediaOps.Core.Accounts;
using MediaOps.Core.Assets;
using MediaOps.Core.Jobs;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;
using MediaOps.Core.Tests;
using MediaOps.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace MediaOps.Worker.Tests
{
    /// <summary>What <c>mediaops worker</c> writes to its log: one JSON object per line, each event with its own id and its fields by name.</summary>
    [Collection(AzuriteCollection.Name)]
    public sealed class WorkerLogTests : IDisposable
    {
        private readonly AzuriteFixture _fixture;
        private readonly string _temp = TestMedia.NewTempDirectory("worker-log");
        private readonly string _workQueue = "jobs-" + Guid.NewGuid().ToString("N").Substring(0, 12);

        public WorkerLogTests(AzuriteFixture fixture) => _fixture = fixture;

        public void Dispose() => Directory.Delete(_temp, recursive: true);

        [Fact]
        public async Task A_job_run_by_a_worker_process_is_logged_as_separate_events_whose_fields_are_named_values_of_the_line()
        {
            var context = _fixture.Dca(new MediaClientOptions { WorkQueueName = _workQueue });
            var mezzanine = await TestMedia.CreateMezzanineAsync(Path.Combine(_temp, "in.mp4"), seconds: 12, width: 1280, height: 720);
            var endpoint = await new NotificationEndpointClient(context).CreateAsync("log-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            var job = await new MediaJobClient(context).SubmitAsync(new MediaJobSubmission
            {
                InputFiles = new[] { mezzanine },
                Preset = "H264 Single Bitrate 720p",
                NotificationEndpoints = new[] { endpoint },
            });

            using var worker = WorkerProcess.Start(_fixture.Azurite.ConnectionString("dca"),
                "--work-queue", _workQueue, "--work-directory", Path.Combine(_temp, "work"), "--concurrency", "2", "--verbose");
            await worker.WaitForEventAsync(WorkerLog.JobFinishedId, TimeSpan.FromMinutes(2));
            worker.Terminate();
            Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(15)), "The worker did not stop within 15 s of SIGTERM.");

            var lines = worker.LogLines();
            Assert.Equal(worker.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length, lines.Count);
            Assert.All(lines, line =>
            {
                Assert.False(line.TryGetProperty("Scopes", out _), "No event keeps its fields in a scope: " + line);
                Assert.StartsWith("MediaOps.Worker.", line.GetProperty("Category").GetString());
            });

            var started = State(Assert.Single(worker.Events(WorkerLog.WorkerStartedId)));
            Assert.Equal(_workQueue, started.GetProperty("queue").GetString());
            Assert.Equal("dca", started.GetProperty("account").GetString());
            Assert.Equal(2, started.GetProperty("concurrency").GetInt32());

            var jobStarted = State(Assert.Single(worker.Events(WorkerLog.JobStartedId)));
            Assert.Equal(job.Id, jobStarted.GetProperty("jobId").GetString());
            Assert.Equal(job.InputAssetId, jobStarted.GetProperty("inputAssetId").GetString());
            Assert.Equal("H264 Single Bitrate 720p", jobStarted.GetProperty("preset").GetString());
            Assert.Equal(1, jobStarted.GetProperty("attempt").GetInt32());

            // Progress is written every 2 s while ffmpeg runs (some seconds for this input).
            Assert.NotEmpty(worker.Events(WorkerLog.JobProgressId));
            Assert.All(worker.Events(WorkerLog.JobProgressId), line =>
            {
                Assert.Equal("Debug", line.GetProperty("LogLevel").GetString());
                Assert.InRange(State(line).GetProperty("percent").GetDouble(), 0, 100);
            });

            var finished = Assert.Single(worker.Events(WorkerLog.JobFinishedId));
            Assert.Equal("Information", finished.GetProperty("LogLevel").GetString());
            Assert.Equal("MediaOps.Worker.MediaWorker", finished.GetProperty("Category").GetString());
            var fields = State(finished);
            Assert.Equal(job.Id, fields.GetProperty("jobId").GetString());
            Assert.Equal("Finished", fields.GetProperty("state").GetString());
            Assert.Equal(job.OutputAssetId, fields.GetProperty("outputAssetId").GetString());
            var totalMs = fields.GetProperty("totalMs").GetInt64();
            var ffmpegMs = fields.GetProperty("ffmpegMs").GetInt64();
            Assert.InRange(ffmpegMs, 1, totalMs);
            Assert.True(fields.GetProperty("downloadMs").GetInt64() + fields.GetProperty("uploadMs").GetInt64() + ffmpegMs <= totalMs);
            Assert.Equal(1, fields.GetProperty("renditions").GetInt32());
            var output = await new MediaAssetClient(context).GetAsync(job.OutputAssetId);
            Assert.Equal(output.Files.Count, fields.GetProperty("files").GetInt32());
            Assert.Contains(job.Id, finished.GetProperty("Message").GetString());

            Assert.Single(worker.Events(WebhookLog.DeliveryStartedId));
            Assert.Single(worker.Events(WorkerLog.WorkerStoppedId));
            Assert.DoesNotContain(_fixture.Azurite.AccountKey("dca"), worker.Log);
        }

        [Fact]
        public void Every_worker_event_has_an_id_and_a_name_of_its_own_published_as_a_constant()
        {
            var events = LogMethods().Select(method => method.GetCustomAttribute<LoggerMessageAttribute>()!).ToList();
            var constants = new[] { typeof(WorkerLog), typeof(WebhookLog) }
                .SelectMany(type => type.GetFields(BindingFlags.Static | BindingFlags.Public))
                .Where(field => field.IsLiteral && field.FieldType == typeof(int))
                .Select(field => (int)field.GetRawConstantValue()!)
                .ToList();

            Assert.True(events.Count >= 28, $"{events.Count} events");
            Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
            Assert.Equal(events.Count, events.Select(e => e.EventName).Distinct().Count());
            Assert.Equal(constants.OrderBy(id => id), events.Select(e => e.EventId).OrderBy(id => id));
            // 201 and 202 are the host's own (StopRequested, WorkerFailed); 100-199 are the origin's.
            Assert.All(events, e => Assert.True(e.EventId >= 200 && e.EventId < 300 && e.EventId != 201 && e.EventId != 202, $"{e.EventName}: {e.EventId}"));
        }

        [Fact]
        public void The_README_log_table_names_every_worker_event_by_its_id_with_each_of_its_fields()
        {
            var readme = File.ReadAllLines(Path.Combine(RepositoryPaths.RepositoryRoot, "README.md"));
            foreach (var method in LogMethods())
            {
                var attribute = method.GetCustomAttribute<LoggerMessageAttribute>()!;
                var row = readme.SingleOrDefault(line => line.StartsWith($"| {attribute.EventId} | `{attribute.EventName}`", StringComparison.Ordinal));
                Assert.True(row != null, $"README.md has no row '| {attribute.EventId} | `{attribute.EventName}`'.");
                foreach (var parameter in method.GetParameters().Where(p => p.ParameterType != typeof(ILogger)))
                {
                    Assert.True(row!.Contains($"`{parameter.Name}`", StringComparison.Ordinal), $"README.md's row of {attribute.EventName} does not name `{parameter.Name}`.");
                }
            }
        }

        private static System.Collections.Generic.IEnumerable<MethodInfo> LogMethods() =>
            new[] { typeof(WorkerLog), typeof(WebhookLog) }
                .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public))
                .Where(method => method.GetCustomAttribute<LoggerMessageAttribute>() != null);

        private static JsonElement State(JsonElement line) => line.GetProperty("State");
    }
}
