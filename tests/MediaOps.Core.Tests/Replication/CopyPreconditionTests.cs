using System;
using System.Threading.Tasks;
using MediaOps.Core.Assets;
using MediaOps.Core.Models;
using MediaOps.Core.Replication;
using Xunit;

namespace MediaOps.Core.Tests.Replication
{
    /// <summary>Copies that cannot be done are refused before anything is created in the destination.</summary>
    [Collection(AzuriteCollection.Name)]
    public sealed class CopyPreconditionTests : IDisposable
    {
        private readonly AzuriteFixture _fixture;
        private readonly EncodedAssets _assets = new EncodedAssets();

        public CopyPreconditionTests(AzuriteFixture fixture) => _fixture = fixture;

        public void Dispose() => _assets.Dispose();

        [Fact]
        public async Task An_asset_the_source_does_not_have_is_not_found_and_nothing_is_created()
        {
            var id = MediaIds.NewAssetId();

            var error = await Assert.ThrowsAsync<MediaOpsException>(() => new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb()).CopyAsync(id));

            Assert.Equal(MediaErrorKind.NotFound, error.Kind);
            Assert.Contains("Get-MediaAsset", error.Message);
            Assert.False((await _fixture.Dcb().BlobService.GetBlobContainerClient(MediaIds.AssetContainerName(id)).ExistsAsync()).Value);
        }

        [Fact]
        public async Task Copying_into_the_source_account_itself_is_refused()
        {
            var source = await _assets.CreateAsync(_fixture.Dca(), mediaFiles: 1);
            var sameAccountOtherName = _fixture.Azurite.Context("dca");

            var error = await Assert.ThrowsAsync<MediaOpsException>(() => new MediaAssetCopyClient(_fixture.Dca(), sameAccountOtherName).CopyAsync(source.Id));

            Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
            Assert.Contains("-DestinationContext", error.Message);
        }

        [Fact]
        public async Task A_different_asset_with_the_same_id_in_the_destination_is_a_conflict_and_is_left_untouched()
        {
            var source = await _assets.CreateAsync(_fixture.Dca(), mediaFiles: 1);
            var other = _fixture.Dcb().BlobService.GetBlobContainerClient(source.ContainerName);
            var otherAsset = new MediaAsset { Id = source.Id, Name = "someone else's", PrimaryFile = "own.mp4", Created = DateTimeOffset.UtcNow };
            await other.CreateAsync(metadata: AssetMetadata.ForRegistration(otherAsset));
            await other.GetBlobClient("own.mp4").UploadAsync(BinaryData.FromString("own content"));

            var error = await Assert.ThrowsAsync<MediaOpsException>(() => new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb()).CopyAsync(source.Id));

            Assert.Equal(MediaErrorKind.Conflict, error.Kind);
            Assert.Contains("Remove-MediaAsset", error.Message);
            var kept = await new MediaAssetClient(_fixture.Dcb()).GetAsync(source.Id);
            Assert.Equal("someone else's", kept.Name);
            Assert.Equal(new[] { "own.mp4" }, System.Linq.Enumerable.Select(kept.Files, f => f.Name));
        }

        [Fact]
        public async Task Options_that_cannot_work_are_refused_before_anything_is_read_or_created()
        {
            var id = MediaIds.NewAssetId();

            var error = await Assert.ThrowsAsync<MediaOpsException>(() =>
                new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb(), new MediaAssetCopyOptions { MaxConcurrency = 0 }).CopyAsync(id));

            Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
        }
    }
}
