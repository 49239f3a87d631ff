using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Azure.Storage.Blobs.Models;
using MediaOps.Core.Assets;
using MediaOps.Core.Models;
using MediaOps.Core.Replication;
using Xunit;

namespace MediaOps.Core.Tests.Replication
{
    [Collection(AzuriteCollection.Name)]
    public sealed class ResumableCopyTests : IDisposable
    {
        private readonly AzuriteFixture _fixture;
        private readonly EncodedAssets _assets = new EncodedAssets();

        public ResumableCopyTests(AzuriteFixture fixture) => _fixture = fixture;

        public void Dispose() => _assets.Dispose();

        [Fact]
        public async Task A_rerun_after_an_interrupted_copy_copies_only_the_missing_files()
        {
            var source = await _assets.CreateAsync(_fixture.Dca(), mediaFiles: 4, mediaBytes: 1_000_000);
            using var cancel = new CancellationTokenSource();
            var oneAtATime = new MediaAssetCopyOptions { MaxConcurrency = 1 };
            var interrupted = new SynchronousProgress<AssetCopyProgress>(p =>
            {
                if (p.Transfer.FilesCompleted == 2) cancel.Cancel();
            });

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb(), oneAtATime).CopyAsync(source.Id, interrupted, cancel.Token));
            Assert.Null(await new MediaAssetClient(_fixture.Dcb()).TryGetAsync(source.Id));

            var result = await new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb(), oneAtATime).CopyAsync(source.Id);

            Assert.Equal(2, result.FilesAlreadyPresent);
            Assert.Equal(4, result.FilesCopied);
            Assert.Equal(source.TotalBytes - source.Files.Where(f => f.Name == "manifest.mpd" || f.Name == "master.m3u8").Sum(f => f.Length), result.BytesCopied);
            Assert.NotNull(await new MediaAssetClient(_fixture.Dcb()).TryGetAsync(source.Id));
            await EncodedAssets.AssertByteIdenticalAsync(_fixture.Dca(), _fixture.Dcb(), source.ContainerName);
        }

        [Fact]
        public async Task A_destination_file_altered_after_copying_is_recopied_on_rerun()
        {
            var source = await _assets.CreateAsync(_fixture.Dca());
            var client = new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb());
            await client.CopyAsync(source.Id);

            // Same length and the copy's own metadata: only the content (its MD5) tells the replica from the source.
            var altered = EncodedAssets.Container(_fixture.Dcb(), source).GetBlobClient("media_2.mp4");
            var copiedMetadata = (await altered.GetPropertiesAsync()).Value.Metadata;
            var otherBytes = RandomNumberGenerator.GetBytes(200_000);
            await altered.UploadAsync(new BinaryData(otherBytes), new BlobUploadOptions
            {
                Metadata = copiedMetadata,
                HttpHeaders = new BlobHttpHeaders { ContentType = "video/mp4", ContentHash = MD5.HashData(otherBytes) },
            });

            var result = await client.CopyAsync(source.Id);

            Assert.Equal(1, result.FilesCopied);
            Assert.Equal(4, result.FilesAlreadyPresent);
            await EncodedAssets.AssertByteIdenticalAsync(_fixture.Dca(), _fixture.Dcb(), source.ContainerName);
        }

        [Fact]
        public async Task A_destination_file_overwritten_without_the_copy_metadata_is_recopied_on_rerun()
        {
            var source = await _assets.CreateAsync(_fixture.Dca());
            var client = new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb());
            await client.CopyAsync(source.Id);
            await EncodedAssets.Container(_fixture.Dcb(), source).GetBlobClient("master.m3u8")
                .UploadAsync(BinaryData.FromString("#EXTM3U\n"), overwrite: true);

            var result = await client.CopyAsync(source.Id);

            Assert.Equal(1, result.FilesCopied);
            await EncodedAssets.AssertByteIdenticalAsync(_fixture.Dca(), _fixture.Dcb(), source.ContainerName);
        }

        [Fact]
        public async Task A_rerun_on_a_complete_replica_copies_nothing_and_leaves_it_registered()
        {
            var source = await _assets.CreateAsync(_fixture.Dca());
            var operations = new ScriptedCopyOperations();
            await new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb()).CopyAsync(source.Id);
            var registeredAt = (await EncodedAssets.Container(_fixture.Dcb(), source).GetPropertiesAsync()).Value.ETag;

            var result = await new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb(), null, operations).CopyAsync(source.Id);

            Assert.Equal(0, result.FilesCopied);
            Assert.Equal(5, result.FilesAlreadyPresent);
            Assert.Empty(operations.Sources);
            Assert.Equal(5, result.Asset.Files.Count);
            Assert.Equal(registeredAt, (await EncodedAssets.Container(_fixture.Dcb(), source).GetPropertiesAsync()).Value.ETag);
        }

        [Fact]
        public async Task Files_the_source_does_not_have_are_deleted_from_the_replica()
        {
            var source = await _assets.CreateAsync(_fixture.Dca());
            var client = new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb());
            await client.CopyAsync(source.Id);
            await EncodedAssets.Container(_fixture.Dcb(), source).GetBlobClient("media_9.mp4").UploadAsync(BinaryData.FromString("stale"));

            var result = await client.CopyAsync(source.Id);

            Assert.Equal(0, result.FilesCopied);
            Assert.DoesNotContain(result.Asset.Files, f => f.Name == "media_9.mp4");
            await EncodedAssets.AssertByteIdenticalAsync(_fixture.Dca(), _fixture.Dcb(), source.ContainerName);
            Assert.NotNull(await new MediaAssetClient(_fixture.Dcb()).TryGetAsync(source.Id));
        }
    }
}
