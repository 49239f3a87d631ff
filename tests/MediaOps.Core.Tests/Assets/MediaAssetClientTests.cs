using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using MediaOps.Core.Assets;
using MediaOps.Core.Models;
using MediaOps.Testing;
using Xunit;

namespace MediaOps.Core.Tests.Assets
{
    [Collection(AzuriteCollection.Name)]
    public sealed class MediaAssetClientTests : IDisposable
    {
        private readonly AzuriteFixture _fixture;
        private readonly string _temp = TestMedia.NewTempDirectory("assets");

        public MediaAssetClientTests(AzuriteFixture fixture) => _fixture = fixture;

        public void Dispose() => Directory.Delete(_temp, recursive: true);

        private string WriteFile(string name, int bytes)
        {
            var path = Path.Combine(_temp, name);
            File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(bytes));
            return path;
        }

        [Fact]
        public async Task Files_are_uploaded_into_a_container_asset_with_MD5_content_types_and_progress()
        {
            var files = new[] { WriteFile("movie.mp4", 3_000_000), WriteFile("subtitles.vtt", 1000), WriteFile("poster.png", 20_000) };
            var reports = new System.Collections.Concurrent.ConcurrentBag<TransferProgress>();
            var client = new MediaAssetClient(_fixture.Dca());

            var asset = await client.CreateAsync(files, new MediaAssetCreateOptions { Name = "Première" }, new SynchronousProgress<TransferProgress>(reports.Add));

            Assert.StartsWith("nb:cid:UUID:", asset.Id);
            Assert.Equal("asset-" + asset.Id.Substring("nb:cid:UUID:".Length), asset.ContainerName);
            Assert.Equal("Première", asset.Name);
            Assert.Equal("movie.mp4", asset.PrimaryFile);
            Assert.Equal(3, asset.Files.Count);
            var movie = asset.Files.Single(f => f.Name == "movie.mp4");
            Assert.Equal("video/mp4", movie.ContentType);
            Assert.Equal(Convert.ToBase64String(MD5.HashData(File.ReadAllBytes(files[0]))), movie.ContentMd5);
            Assert.Contains(reports, r => r.FilesCompleted == 3 && r.BytesTransferred == 3_021_000);

            var read = await client.GetAsync(asset.Id);
            Assert.Equal(asset.Name, read.Name);
            Assert.Equal(3, read.Files.Count);
        }

        [Fact]
        public async Task Removing_an_asset_removes_its_locators_and_leaves_other_assets_locators()
        {
            var context = _fixture.Dca();
            var assets = new MediaAssetClient(context);
            var locators = new MediaOps.Core.Locators.MediaLocatorClient(context);
            var removed = await assets.CreateAsync(new[] { WriteFile("gone.mp4", 100) });
            var kept = await assets.CreateAsync(new[] { WriteFile("kept.mp4", 100) });
            var origin = await locators.CreateAsync(removed.Id);
            var sas = await locators.CreateAsync(removed.Id, new MediaOps.Core.Models.MediaLocatorCreateOptions { Type = MediaLocatorType.Sas });
            var other = await locators.CreateAsync(kept.Id);

            await assets.DeleteAsync(removed.Id);

            Assert.Null(await locators.TryGetAsync(origin.Id));
            Assert.Null(await locators.TryGetAsync(sas.Id));
            Assert.NotNull(await locators.TryGetAsync(other.Id));
            Assert.Empty(await locators.ListAsync(removed.Id));
        }

        [Fact]
        public async Task Removing_an_asset_waits_out_a_brief_container_lease()
        {
            var context = _fixture.Dca();
            var assets = new MediaAssetClient(context);
            var asset = await assets.CreateAsync(new[] { WriteFile("leased.mp4", 100) });
            var lease = Azure.Storage.Blobs.Specialized.SpecializedBlobExtensions.GetBlobLeaseClient(context.BlobService.GetBlobContainerClient(asset.ContainerName));
            await lease.AcquireAsync(TimeSpan.FromSeconds(15));

            var removal = assets.DeleteAsync(asset.Id);
            await Task.Delay(500);
            Assert.False(removal.IsCompleted);
            await lease.ReleaseAsync();
            await removal;

            Assert.Null(await assets.TryGetAsync(asset.Id));
        }

        [Fact]
        public async Task Assets_are_found_by_name_with_wildcards_and_removed()
        {
            var client = new MediaAssetClient(_fixture.Dca());
            var tag = Guid.NewGuid().ToString("N").Substring(0, 8);
            var a = await client.CreateAsync(new[] { WriteFile("a.mp4", 100) }, new MediaAssetCreateOptions { Name = $"trailer-{tag}-1" });
            var b = await client.CreateAsync(new[] { WriteFile("b.mp4", 100) }, new MediaAssetCreateOptions { Name = $"trailer-{tag}-2" });

            var found = await client.ListAsync($"trailer-{tag}-*");
            Assert.Equal(new[] { a.Id, b.Id }.OrderBy(x => x), found.Select(x => x.Id).OrderBy(x => x));

            await client.DeleteAsync(a.Id);
            Assert.Null(await client.TryGetAsync(a.Id));
            var error = await Assert.ThrowsAsync<MediaOpsException>(() => client.DeleteAsync(a.Id));
            Assert.Equal(MediaErrorKind.NotFound, error.Kind);
        }

        [Fact]
        public async Task An_asset_whose_upload_did_not_finish_is_not_registered()
        {
            var context = _fixture.Dca();
            var id = MediaIds.NewAssetId();
            var container = context.BlobService.GetBlobContainerClient(MediaIds.AssetContainerName(id));
            await container.CreateAsync(metadata: new System.Collections.Generic.Dictionary<string, string> { ["assetid"] = id, ["state"] = "Uploading" });

            Assert.Null(await new MediaAssetClient(context).TryGetAsync(id));
            Assert.DoesNotContain(await new MediaAssetClient(context).ListAsync(), x => x.Id == id);
        }
    }
}
