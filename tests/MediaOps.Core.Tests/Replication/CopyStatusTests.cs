using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core.Assets;
using MediaOps.Core.Models;
using MediaOps.Core.Replication;
using Xunit;

namespace MediaOps.Core.Tests.Replication
{
    /// <summary>Copies that storage reports as pending, failed or aborted, through the copy seam.</summary>
    [Collection(AzuriteCollection.Name)]
    public sealed class CopyStatusTests : IDisposable
    {
        private static readonly MediaAssetCopyOptions QuickPolls = new MediaAssetCopyOptions
        {
            FirstPollDelay = TimeSpan.FromMilliseconds(5),
            MaxPollDelay = TimeSpan.FromMilliseconds(20),
        };

        private readonly AzuriteFixture _fixture;
        private readonly EncodedAssets _assets = new EncodedAssets();

        public CopyStatusTests(AzuriteFixture fixture) => _fixture = fixture;

        public void Dispose() => _assets.Dispose();

        [Fact]
        public async Task A_pending_copy_is_polled_until_it_succeeds()
        {
            var source = await _assets.CreateAsync(_fixture.Dca());
            var operations = new ScriptedCopyOperations();
            operations.Script("media_2.mp4", ScriptedCopy.PendingThenSuccess);

            var result = await new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb(), QuickPolls, operations).CopyAsync(source.Id);

            Assert.Equal(ScriptedCopyOperations.PendingReads + 1, operations.Polls["media_2.mp4"]);
            Assert.Single(operations.Polls);
            Assert.Equal(0, result.Retries);
            Assert.Equal(5, result.FilesCopied);
            await EncodedAssets.AssertByteIdenticalAsync(_fixture.Dca(), _fixture.Dcb(), source.ContainerName);
        }

        [Theory]
        [InlineData(ScriptedCopy.PendingThenFailed)]
        [InlineData(ScriptedCopy.PendingThenAborted)]
        public async Task A_failed_or_aborted_copy_is_started_again(ScriptedCopy ending)
        {
            var source = await _assets.CreateAsync(_fixture.Dca());
            var operations = new ScriptedCopyOperations();
            operations.Script("media_1.mp4", ending, ending);

            var result = await new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb(), QuickPolls, operations).CopyAsync(source.Id);

            Assert.Equal(2, result.Retries);
            Assert.Equal(3, operations.Sources.Count(s => s.AbsolutePath.EndsWith("/media_1.mp4", StringComparison.Ordinal)));
            Assert.NotNull(await new MediaAssetClient(_fixture.Dcb()).TryGetAsync(source.Id));
            await EncodedAssets.AssertByteIdenticalAsync(_fixture.Dca(), _fixture.Dcb(), source.ContainerName);
        }

        [Theory]
        [InlineData(ScriptedCopy.PendingThenFailed, "failed")]
        [InlineData(ScriptedCopy.PendingThenAborted, "aborted")]
        public async Task A_file_whose_every_attempt_fails_is_reported_the_others_are_copied_and_the_asset_stays_unregistered(
            ScriptedCopy ending, string reported)
        {
            var source = await _assets.CreateAsync(_fixture.Dca());
            var operations = new ScriptedCopyOperations();
            operations.Script("manifest.mpd", ending, ending, ending);

            var error = await Assert.ThrowsAsync<MediaOpsException>(() =>
                new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb(), QuickPolls, operations).CopyAsync(source.Id));

            Assert.Equal(MediaErrorKind.OperationFailed, error.Kind);
            Assert.Contains("'manifest.mpd'", error.Message);
            Assert.Contains(reported, error.Message);
            Assert.Contains("Run Copy-MediaAsset again to resume", error.Message);
            Assert.DoesNotContain("media_1.mp4", error.Message);
            Assert.DoesNotContain("sig=", error.ToString());
            Assert.Equal(3, operations.Sources.Count(s => s.AbsolutePath.EndsWith("/manifest.mpd", StringComparison.Ordinal)));
            Assert.Null(await new MediaAssetClient(_fixture.Dcb()).TryGetAsync(source.Id));
            var copied = await EncodedAssets.Container(_fixture.Dcb(), source).GetBlobsAsync().ToListAsync();
            Assert.Contains(copied, b => b.Name == "media_3.mp4");
        }

        [Fact]
        public async Task A_rerun_after_failed_copies_copies_only_the_failed_file_and_registers_the_asset()
        {
            var source = await _assets.CreateAsync(_fixture.Dca());
            var failing = new ScriptedCopyOperations();
            failing.Script("media_3.mp4", ScriptedCopy.PendingThenFailed, ScriptedCopy.PendingThenAborted, ScriptedCopy.PendingThenFailed);
            await Assert.ThrowsAsync<MediaOpsException>(() =>
                new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb(), QuickPolls, failing).CopyAsync(source.Id));

            var rerun = new ScriptedCopyOperations();
            var result = await new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb(), QuickPolls, rerun).CopyAsync(source.Id);

            Assert.Equal(1, result.FilesCopied);
            Assert.Equal(4, result.FilesAlreadyPresent);
            Assert.Equal(new[] { "/media_3.mp4" }, rerun.Sources.Select(s => s.AbsolutePath.Substring(s.AbsolutePath.LastIndexOf('/'))));
            Assert.NotNull(await new MediaAssetClient(_fixture.Dcb()).TryGetAsync(source.Id));
            await EncodedAssets.AssertByteIdenticalAsync(_fixture.Dca(), _fixture.Dcb(), source.ContainerName);
        }

        [Fact]
        public async Task Canceling_aborts_a_pending_copy()
        {
            var source = await _assets.CreateAsync(_fixture.Dca(), mediaFiles: 1);
            var operations = new ScriptedCopyOperations();
            operations.Script("media_1.mp4", ScriptedCopy.PendingForever);
            using var cancel = new CancellationTokenSource();
            operations.OnPoll = _ => cancel.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb(), QuickPolls, operations).CopyAsync(source.Id, cancellationToken: cancel.Token));

            Assert.Equal(new[] { "media_1.mp4" }, operations.Aborted);
            Assert.Null(await new MediaAssetClient(_fixture.Dcb()).TryGetAsync(source.Id));
        }

        [Fact]
        public async Task A_storage_error_quoting_the_copy_source_does_not_pass_the_SAS_on()
        {
            var source = await _assets.CreateAsync(_fixture.Dca(), mediaFiles: 1);
            var operations = new ScriptedCopyOperations();
            operations.Script("media_1.mp4", ScriptedCopy.ServerErrorQuotingTheSource);

            var error = await Assert.ThrowsAsync<MediaOpsException>(() =>
                new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb(), new MediaAssetCopyOptions { MaxConcurrency = 1 }, operations).CopyAsync(source.Id));

            Assert.Equal(MediaErrorKind.OperationFailed, error.Kind);
            Assert.Contains("InternalError", error.Message);
            Assert.DoesNotContain("sig=", error.ToString());
            Assert.Null(error.InnerException);
            Assert.Null(await new MediaAssetClient(_fixture.Dcb()).TryGetAsync(source.Id));
        }
    }
}
