using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MediaOps.Core.Accounts;
using MediaOps.Core.Jobs;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;
using MediaOps.Testing;
using Xunit;

namespace MediaOps.Core.Tests.Jobs
{
    /// <summary>Bad input gets a clear error naming the problem and the fix, before any side effect.</summary>
    [Collection(AzuriteCollection.Name)]
    public sealed class SubmissionErrorTests : IDisposable
    {
        private readonly AzuriteFixture _fixture;
        private readonly string _temp = TestMedia.NewTempDirectory("errors");
        private readonly string _workQueue = "jobs-" + Guid.NewGuid().ToString("N").Substring(0, 12);

        public SubmissionErrorTests(AzuriteFixture fixture) => _fixture = fixture;

        public void Dispose() => Directory.Delete(_temp, recursive: true);

        private MediaAccountContext Dca() => _fixture.Dca(new MediaClientOptions { WorkQueueName = _workQueue });

        /// <summary>Counts of what a submission can create: asset containers, job records and work messages.</summary>
        private async Task<(int Assets, int Jobs, int Messages)> InventoryAsync(MediaAccountContext context)
        {
            var assets = 0;
            await foreach (var _ in context.BlobService.GetBlobContainersAsync(prefix: "asset-")) assets++;
            var jobs = (await new MediaJobClient(context).ListAsync()).Count;
            var queue = context.QueueService.GetQueueClient(_workQueue);
            var messages = (await queue.ExistsAsync()).Value ? (await queue.PeekMessagesAsync(32)).Value.Length : 0;
            return (assets, jobs, messages);
        }

        private async Task<MediaOpsException> SubmitFailsCleanlyAsync(MediaJobSubmission submission)
        {
            var context = Dca();
            var before = await InventoryAsync(context);
            var error = await Assert.ThrowsAsync<MediaOpsException>(() => new MediaJobClient(context).SubmitAsync(submission));
            Assert.Equal(before, await InventoryAsync(context));
            return error;
        }

        private async Task<string> MezzanineAsync() =>
            await TestMedia.CreateMezzanineAsync(Path.Combine(_temp, "in.mp4"), seconds: 1, width: 160, height: 90);

        [Fact]
        public async Task A_missing_file_is_named_and_nothing_is_created()
        {
            var missing = Path.Combine(_temp, "nope.mp4");
            var error = await SubmitFailsCleanlyAsync(new MediaJobSubmission { InputFiles = new[] { missing } });
            Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
            Assert.Contains(missing, error.Message);
            Assert.Contains("does not exist", error.Message);
        }

        [Fact]
        public async Task A_zero_byte_file_is_refused_and_nothing_is_created()
        {
            var empty = Path.Combine(_temp, "empty.mp4");
            await File.WriteAllBytesAsync(empty, Array.Empty<byte>());
            var error = await SubmitFailsCleanlyAsync(new MediaJobSubmission { InputFiles = new[] { empty } });
            Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
            Assert.Contains("empty (0 bytes)", error.Message);
        }

        [Fact]
        public async Task An_unknown_preset_lists_the_valid_ones_and_nothing_is_uploaded()
        {
            var error = await SubmitFailsCleanlyAsync(new MediaJobSubmission { InputFiles = new[] { await MezzanineAsync() }, Preset = "H265 8K Extreme" });
            Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
            Assert.Contains("H265 8K Extreme", error.Message);
            Assert.Contains("Adaptive Streaming", error.Message);
        }

        [Fact]
        public async Task A_malformed_preset_file_is_named_and_nothing_is_uploaded()
        {
            var presetFile = Path.Combine(_temp, "mine.json");
            await File.WriteAllTextAsync(presetFile, "{ \"Name\": \"Mine\", ");
            var error = await SubmitFailsCleanlyAsync(new MediaJobSubmission { InputFiles = new[] { await MezzanineAsync() }, PresetFile = presetFile });
            Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
            Assert.Contains(presetFile, error.Message);
        }

        [Fact]
        public async Task An_unknown_input_asset_is_not_found_and_nothing_is_created()
        {
            var id = MediaIds.NewAssetId();
            var error = await SubmitFailsCleanlyAsync(new MediaJobSubmission { InputAssetId = id });
            Assert.Equal(MediaErrorKind.NotFound, error.Kind);
            Assert.Contains(id, error.Message);
            Assert.Contains("Get-MediaAsset", error.Message);
        }

        [Fact]
        public async Task A_notification_endpoint_that_does_not_exist_is_refused_before_uploading()
        {
            var ghost = new Models.NotificationEndpoint { Id = MediaIds.NewEndpointId(), QueueName = "ghost" };
            var error = await SubmitFailsCleanlyAsync(new MediaJobSubmission { InputFiles = new[] { await MezzanineAsync() }, NotificationEndpoints = new[] { ghost } });
            Assert.Equal(MediaErrorKind.NotFound, error.Kind);
            Assert.Contains(ghost.Id, error.Message);
        }

        [Fact]
        public async Task Both_a_path_and_an_asset_is_refused()
        {
            var error = await SubmitFailsCleanlyAsync(new MediaJobSubmission { InputFiles = new[] { await MezzanineAsync() }, InputAssetId = MediaIds.NewAssetId() });
            Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
        }

        [Fact]
        public async Task An_unknown_job_id_is_not_found_and_a_malformed_one_says_the_expected_form()
        {
            var client = new MediaJobClient(Dca());
            var id = MediaIds.NewJobId();
            var notFound = await Assert.ThrowsAsync<MediaOpsException>(() => client.GetAsync(id));
            Assert.Equal(MediaErrorKind.NotFound, notFound.Kind);
            Assert.Contains("Get-MediaJob", notFound.Message);
            Assert.Equal(MediaErrorKind.NotFound, (await Assert.ThrowsAsync<MediaOpsException>(() => client.CancelAsync(id))).Kind);

            var malformed = await Assert.ThrowsAsync<MediaOpsException>(() => client.GetAsync("job-42"));
            Assert.Equal(MediaErrorKind.InvalidArgument, malformed.Kind);
            Assert.Contains("nb:jid:UUID:", malformed.Message);
        }

        [Fact]
        public async Task A_wrong_account_key_is_an_authentication_error_that_does_not_print_the_key()
        {
            var wrongKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
            var context = MediaAccountContext.FromConnectionString("dca",
                MediaAccountContext.AzuriteConnectionString("dca", wrongKey, _fixture.Azurite.BlobPort, _fixture.Azurite.QueuePort));

            var error = await Assert.ThrowsAsync<MediaOpsException>(() => context.VerifyAsync());

            Assert.Equal(MediaErrorKind.AuthenticationFailed, error.Kind);
            Assert.Contains("account key", error.Message);
            Assert.DoesNotContain(wrongKey, error.ToString());
            Assert.DoesNotContain(wrongKey.Substring(0, 20), error.ToString());
        }

        [Fact]
        public async Task An_unreachable_storage_endpoint_fails_fast_naming_the_endpoint()
        {
            var port = AzuriteInstance.FreePort();
            var context = MediaAccountContext.FromConnectionString("nowhere",
                MediaAccountContext.AzuriteConnectionString("dca", _fixture.Azurite.AccountKey("dca"), port, port));
            var clock = Stopwatch.StartNew();

            var error = await Assert.ThrowsAsync<MediaOpsException>(() => context.VerifyAsync());

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"Took {clock.Elapsed}.");
            Assert.Equal(MediaErrorKind.StorageUnreachable, error.Kind);
            Assert.Contains($"127.0.0.1:{port}", error.Message);
            Assert.DoesNotContain(_fixture.Azurite.AccountKey("dca"), error.ToString());
        }

        [Fact]
        public async Task A_malformed_connection_string_is_refused_without_echoing_it()
        {
            var secret = "AccountKey=" + Convert.ToBase64String(new byte[32]) + ";Garbage";
            var error = Assert.Throws<MediaOpsException>(() => MediaAccountContext.FromConnectionString("x", secret));
            Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
            Assert.DoesNotContain("Garbage", error.Message);
            await Task.CompletedTask;
        }
    }
}
