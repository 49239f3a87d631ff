using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MediaOps.Core.Accounts;
using MediaOps.Core.Assets;
using MediaOps.Core.Models;
using MediaOps.Core.Replication;
using MediaOps.Testing;
using Xunit;

namespace MediaOps.Core.Tests.Replication
{
    /// <summary>A second, separate Azurite: its account dcb cannot read dca server-side, as two clouds or a firewalled pair would not.</summary>
    public sealed class SeparateAzuriteFixture : IAsyncLifetime
    {
        private AzuriteInstance? _azurite;

        public MediaAccountContext Dcb() => (_azurite ?? throw new InvalidOperationException("Azurite is not started.")).Context("dcb");

        public async Task InitializeAsync() => _azurite = await AzuriteInstance.StartAsync(new[] { "dcb" });

        public Task DisposeAsync()
        {
            _azurite?.Dispose();
            return Task.CompletedTask;
        }
    }

    [Collection(AzuriteCollection.Name)]
    public sealed class StreamingFallbackTests : IDisposable, IClassFixture<SeparateAzuriteFixture>
    {
        private readonly AzuriteFixture _fixture;
        private readonly SeparateAzuriteFixture _separate;
        private readonly EncodedAssets _assets = new EncodedAssets();

        public StreamingFallbackTests(AzuriteFixture fixture, SeparateAzuriteFixture separate)
        {
            _fixture = fixture;
            _separate = separate;
        }

        public void Dispose() => _assets.Dispose();

        [Fact]
        public async Task Accounts_that_cannot_copy_server_side_stream_through_the_client_and_say_so_before_the_first_byte()
        {
            var sizes = new Dictionary<string, int> { ["master.m3u8"] = 300, ["manifest.mpd"] = 900, ["media_1.mp4"] = 9_500_000, ["media_2.mp4"] = 2_000_000, ["empty.vtt"] = 1 };
            var source = await _assets.CreateAsync(_fixture.Dca(), sizes, "master.m3u8");
            var reports = new ConcurrentQueue<AssetCopyProgress>();

            var result = await new MediaAssetCopyClient(_fixture.Dca(), _separate.Dcb()).CopyAsync(source.Id, new SynchronousProgress<AssetCopyProgress>(reports.Enqueue));

            Assert.Equal(AssetCopyMethod.Streaming, result.Method);
            var first = reports.First();
            Assert.Equal(AssetCopyMethod.Streaming, first.Method);
            Assert.Equal(0, first.Transfer.BytesTransferred);
            Assert.All(reports, r => Assert.Equal(AssetCopyMethod.Streaming, r.Method));
            Assert.Contains(reports, r => r.Transfer.FilesCompleted == 5 && r.Transfer.BytesTransferred == source.TotalBytes);
            Assert.Equal(5, result.FilesCopied);
            await EncodedAssets.AssertByteIdenticalAsync(_fixture.Dca(), _separate.Dcb(), source.ContainerName);
            var replica = await new MediaAssetClient(_separate.Dcb()).GetAsync(source.Id);
            Assert.Equal(source.Files.Select(f => (f.Name, f.ContentMd5)).OrderBy(f => f.Name), replica.Files.Select(f => (f.Name, f.ContentMd5)).OrderBy(f => f.Name));
        }

        [Fact]
        public async Task A_streamed_replica_verifies_on_rerun_and_nothing_is_copied_again()
        {
            var source = await _assets.CreateAsync(_fixture.Dca());
            var client = new MediaAssetCopyClient(_fixture.Dca(), _separate.Dcb());
            await client.CopyAsync(source.Id);

            var rerun = await client.CopyAsync(source.Id);

            Assert.Equal(0, rerun.FilesCopied);
            Assert.Equal(5, rerun.FilesAlreadyPresent);
        }

        [Fact]
        public async Task Forcing_a_server_side_copy_between_accounts_that_cannot_do_one_is_an_error_without_the_SAS()
        {
            var source = await _assets.CreateAsync(_fixture.Dca(), mediaFiles: 1);

            var error = await Assert.ThrowsAsync<MediaOpsException>(() =>
                new MediaAssetCopyClient(_fixture.Dca(), _separate.Dcb(), new MediaAssetCopyOptions { Method = AssetCopyMethod.ServerSide }).CopyAsync(source.Id));

            Assert.Equal(MediaErrorKind.OperationFailed, error.Kind);
            Assert.Contains("CannotVerifyCopySource", error.Message);
            Assert.DoesNotContain("sig=", error.ToString());
            Assert.Null(await new MediaAssetClient(_separate.Dcb()).TryGetAsync(source.Id));
        }

        [Fact]
        public async Task Streaming_can_be_forced_between_accounts_that_could_copy_server_side()
        {
            var source = await _assets.CreateAsync(_fixture.Dca());
            var reports = new ConcurrentQueue<AssetCopyProgress>();

            var result = await new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb(), new MediaAssetCopyOptions { Method = AssetCopyMethod.Streaming })
                .CopyAsync(source.Id, new SynchronousProgress<AssetCopyProgress>(reports.Enqueue));

            Assert.Equal(AssetCopyMethod.Streaming, result.Method);
            Assert.Equal(AssetCopyMethod.Streaming, reports.First().Method);
            await EncodedAssets.AssertByteIdenticalAsync(_fixture.Dca(), _fixture.Dcb(), source.ContainerName);
        }
    }
}
