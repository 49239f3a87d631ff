using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using System.Web;
using Azure;
using MediaOps.Core.Locators;
using MediaOps.Core.Models;
using Xunit;

namespace MediaOps.Core.Tests.Locators
{
    /// <summary>Sas locators, checked against what storage itself allows the SAS to do.</summary>
    [Collection(AzuriteCollection.Name)]
    public sealed class SasLocatorTests : IDisposable
    {
        private static readonly HttpClient Http = new HttpClient();

        private readonly AzuriteFixture _fixture;
        private readonly LocatorTestKit _kit = new LocatorTestKit();

        public SasLocatorTests(AzuriteFixture fixture) => _fixture = fixture;

        public void Dispose() => _kit.Dispose();

        private static MediaLocatorCreateOptions Sas(LocatorPermissions permissions, TimeSpan? duration = null, DateTimeOffset? start = null) =>
            new MediaLocatorCreateOptions { Type = MediaLocatorType.Sas, Permissions = permissions, Duration = duration, StartTime = start };

        private static Task<HttpResponseMessage> GetBlobAsync(MediaLocator locator, string blobName)
        {
            var sas = new Uri(locator.Path!);
            return Http.GetAsync(sas.GetLeftPart(UriPartial.Path) + "/" + blobName + sas.Query);
        }

        private static string Signature(MediaLocator locator) => HttpUtility.ParseQueryString(new Uri(locator.Path!).Query)["sig"]!;

        [Fact]
        public async Task The_path_is_a_container_SAS_URL_over_the_endpoints_scheme_for_a_stored_policy_named_after_the_locator()
        {
            var context = _fixture.Dca();
            var asset = await _kit.CreateAdaptiveAssetAsync(context);

            var locator = await new MediaLocatorClient(context).CreateAsync(asset.Id, Sas(LocatorPermissions.Read));

            var url = new Uri(locator.Path!);
            var query = HttpUtility.ParseQueryString(url.Query);
            Assert.Equal(context.BlobEndpoint.AbsoluteUri.TrimEnd('/') + "/" + asset.ContainerName, url.GetLeftPart(UriPartial.Path));
            Assert.Equal("c", query["sr"]);
            Assert.Equal(locator.Guid.ToString("D"), query["si"]);
            Assert.Equal("https,http", query["spr"]);
            Assert.False(string.IsNullOrEmpty(query["sig"]));
            Assert.Equal(new[] { locator.Guid.ToString("D") }, await LocatorTestKit.StoredPolicyIdsAsync(context, asset.Id));
            Assert.Empty(locator.StreamingUrls);
        }

        [Fact]
        public async Task A_SAS_lasts_one_hour_by_default_from_five_minutes_ago()
        {
            var context = _fixture.Dca();
            var asset = await _kit.CreateAdaptiveAssetAsync(context);
            var before = DateTimeOffset.UtcNow;

            var locator = await new MediaLocatorClient(context).CreateAsync(asset.Id, Sas(LocatorPermissions.Read));

            Assert.InRange(locator.StartTime, before.AddMinutes(-5).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(-5));
            Assert.Equal(TimeSpan.FromHours(1), locator.ExpirationTime - locator.StartTime);
        }

        [Fact]
        public async Task A_read_SAS_reads_a_blob_but_cannot_write_or_list()
        {
            var context = _fixture.Dca();
            var asset = await _kit.CreateAdaptiveAssetAsync(context);
            var locator = await new MediaLocatorClient(context).CreateAsync(asset.Id, Sas(LocatorPermissions.Read));
            var container = LocatorTestKit.ContainerFromSas(locator);

            var content = await container.GetBlobClient("master.m3u8").DownloadContentAsync();
            Assert.Equal("manifest of master.m3u8", content.Value.Content.ToString());

            var write = await Assert.ThrowsAsync<RequestFailedException>(() => container.GetBlobClient("intruder.txt").UploadAsync(BinaryData.FromString("x")));
            Assert.Equal(403, write.Status);
            var list = await Assert.ThrowsAsync<RequestFailedException>(async () =>
            {
                await foreach (var _ in container.GetBlobsAsync()) { }
            });
            Assert.Equal(403, list.Status);
        }

        [Fact]
        public async Task A_read_and_list_SAS_lists_the_assets_files()
        {
            var context = _fixture.Dca();
            var asset = await _kit.CreateAdaptiveAssetAsync(context);
            var locator = await new MediaLocatorClient(context).CreateAsync(asset.Id, Sas(LocatorPermissions.Read | LocatorPermissions.List));

            var names = new System.Collections.Generic.List<string>();
            await foreach (var blob in LocatorTestKit.ContainerFromSas(locator).GetBlobsAsync()) names.Add(blob.Name);

            Assert.Equal(LocatorTestKit.AdaptiveFiles.OrderBy(n => n, StringComparer.Ordinal), names);
        }

        [Fact]
        public async Task A_write_SAS_uploads_a_blob_but_cannot_read()
        {
            var context = _fixture.Dca();
            var asset = await _kit.CreateAdaptiveAssetAsync(context);
            var locator = await new MediaLocatorClient(context).CreateAsync(asset.Id, Sas(LocatorPermissions.Write));
            var container = LocatorTestKit.ContainerFromSas(locator);

            await container.GetBlobClient("subtitles.vtt").UploadAsync(BinaryData.FromString("WEBVTT"));

            var stored = await context.BlobService.GetBlobContainerClient(asset.ContainerName).GetBlobClient("subtitles.vtt").DownloadContentAsync();
            Assert.Equal("WEBVTT", stored.Value.Content.ToString());
            Assert.Equal(HttpStatusCode.Forbidden, (await GetBlobAsync(locator, "master.m3u8")).StatusCode);
        }

        [Fact]
        public async Task An_expired_SAS_is_refused()
        {
            var context = _fixture.Dca();
            var asset = await _kit.CreateAdaptiveAssetAsync(context);

            var locator = await new MediaLocatorClient(context).CreateAsync(asset.Id,
                Sas(LocatorPermissions.Read, TimeSpan.FromHours(1), DateTimeOffset.UtcNow.AddHours(-2)));

            Assert.False(locator.IsValidAt(DateTimeOffset.UtcNow));
            Assert.Equal(HttpStatusCode.Forbidden, (await GetBlobAsync(locator, "master.m3u8")).StatusCode);
        }

        [Fact]
        public async Task A_removed_locators_SAS_is_refused_at_once()
        {
            var context = _fixture.Dca();
            var asset = await _kit.CreateAdaptiveAssetAsync(context);
            var client = new MediaLocatorClient(context);
            var locator = await client.CreateAsync(asset.Id, Sas(LocatorPermissions.Read));
            Assert.Equal(HttpStatusCode.OK, (await GetBlobAsync(locator, "master.m3u8")).StatusCode);

            await client.DeleteAsync(locator.Id);

            Assert.Equal(HttpStatusCode.Forbidden, (await GetBlobAsync(locator, "master.m3u8")).StatusCode);
            Assert.Empty(await LocatorTestKit.StoredPolicyIdsAsync(context, asset.Id));
        }

        [Fact]
        public async Task Reading_a_SAS_locator_gives_a_path_that_still_works()
        {
            var context = _fixture.Dca();
            var asset = await _kit.CreateAdaptiveAssetAsync(context);
            var created = await new MediaLocatorClient(context).CreateAsync(asset.Id, Sas(LocatorPermissions.Read));

            var read = await new MediaLocatorClient(_fixture.Dca()).GetAsync(created.Id);
            var listed = (await new MediaLocatorClient(_fixture.Dca()).ListAsync(asset.Id)).Single();

            Assert.Equal(HttpStatusCode.OK, (await GetBlobAsync(read, "manifest.mpd")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await GetBlobAsync(listed, "manifest.mpd")).StatusCode);
        }

        [Fact]
        public async Task The_SAS_signature_is_never_stored_shown_or_put_in_an_error()
        {
            var context = _fixture.Dca();
            var asset = await _kit.CreateAdaptiveAssetAsync(context);
            var client = new MediaLocatorClient(context);
            var locator = await client.CreateAsync(asset.Id, Sas(LocatorPermissions.Read));
            var signature = Signature(locator);

            var json = await LocatorTestKit.ReadRecordJsonAsync(context, locator);
            Assert.DoesNotContain(signature, json);
            Assert.DoesNotContain("sig=", json);
            Assert.DoesNotContain("sig=", locator.ToString());
            Assert.DoesNotContain(signature, locator.ToString());

            var replicate = await Assert.ThrowsAsync<MediaOpsException>(() => new MediaLocatorClient(_fixture.Dcb()).ReplicateAsync(locator, asset.Id));
            Assert.Equal(MediaErrorKind.InvalidArgument, replicate.Kind);
            await client.DeleteAsync(locator.Id);
            var delete = await Assert.ThrowsAsync<MediaOpsException>(() => client.DeleteAsync(locator.Id));
            foreach (var error in new Exception[] { replicate, delete })
            {
                Assert.DoesNotContain("sig=", error.ToString());
                Assert.DoesNotContain(signature, error.ToString());
            }
        }

        [Fact]
        public async Task SAS_locators_created_at_once_on_one_asset_each_keep_their_own_policy()
        {
            var context = _fixture.Dca();
            var asset = await _kit.CreateAdaptiveAssetAsync(context);

            var locators = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
                new MediaLocatorClient(_fixture.Dca()).CreateAsync(asset.Id, Sas(LocatorPermissions.Read))));

            Assert.Equal(locators.Select(l => l.Guid.ToString("D")).OrderBy(x => x), (await LocatorTestKit.StoredPolicyIdsAsync(context, asset.Id)).OrderBy(x => x));
            foreach (var locator in locators) Assert.Equal(HttpStatusCode.OK, (await GetBlobAsync(locator, "master.m3u8")).StatusCode);
        }

        [Fact]
        public async Task A_sixth_SAS_locator_on_an_asset_is_refused_naming_Remove_MediaLocator_and_leaves_nothing()
        {
            var context = _fixture.Dca();
            var asset = await _kit.CreateAdaptiveAssetAsync(context);
            var client = new MediaLocatorClient(context);
            var five = new System.Collections.Generic.List<MediaLocator>();
            for (var i = 0; i < 5; i++) five.Add(await client.CreateAsync(asset.Id, Sas(LocatorPermissions.Read)));
            var recordsBefore = await LocatorTestKit.LocatorRecordNamesAsync(context);

            var error = await Assert.ThrowsAsync<MediaOpsException>(() => client.CreateAsync(asset.Id, Sas(LocatorPermissions.Read)));

            Assert.Equal(MediaErrorKind.Conflict, error.Kind);
            Assert.Contains("Remove-MediaLocator", error.Message);
            Assert.Equal(recordsBefore, await LocatorTestKit.LocatorRecordNamesAsync(context));
            Assert.Equal(5, (await LocatorTestKit.StoredPolicyIdsAsync(context, asset.Id)).Count);

            await client.DeleteAsync(five[0].Id);
            var replacement = await client.CreateAsync(asset.Id, Sas(LocatorPermissions.Read));
            Assert.Equal(HttpStatusCode.OK, (await GetBlobAsync(replacement, "master.m3u8")).StatusCode);
        }
    }
}
