using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using MediaOps.Core.Locators;
using MediaOps.Core.Models;
using MediaOps.Core.Storage;
using Xunit;

namespace MediaOps.Core.Tests.Locators
{
    [Collection(AzuriteCollection.Name)]
    public sealed class OriginLocatorTests : IDisposable
    {
        private static readonly Uri OriginA = new Uri("https://origin-a.example.net");

        private readonly AzuriteFixture _fixture;
        private readonly LocatorTestKit _kit = new LocatorTestKit();

        public OriginLocatorTests(AzuriteFixture fixture) => _fixture = fixture;

        public void Dispose() => _kit.Dispose();

        [Fact]
        public async Task An_origin_locator_streams_the_HLS_master_then_the_DASH_manifest_under_the_streaming_endpoint()
        {
            var context = _fixture.Azurite.Context("dca", OriginA);
            var asset = await _kit.CreateAdaptiveAssetAsync(context);

            var locator = await new MediaLocatorClient(context).CreateAsync(asset.Id);

            var guid = locator.Id.Substring(MediaIds.LocatorPrefix.Length);
            Assert.True(Guid.TryParse(guid, out _));
            Assert.Equal(MediaLocatorType.OnDemandOrigin, locator.Type);
            Assert.Equal(asset.Id, locator.AssetId);
            Assert.Equal(LocatorPermissions.Read, locator.Permissions);
            Assert.Equal(new[] { "master.m3u8", "manifest.mpd" }, locator.ManifestFiles);
            Assert.Equal($"https://origin-a.example.net/{guid}/", locator.Path);
            Assert.Equal(new[] { $"{guid}/master.m3u8", $"{guid}/manifest.mpd" }, locator.StreamingPaths);
            Assert.Equal(
                new[] { new Uri($"https://origin-a.example.net/{guid}/master.m3u8"), new Uri($"https://origin-a.example.net/{guid}/manifest.mpd") },
                locator.StreamingUrls);
            Assert.Same(context, locator.Context);
        }

        [Fact]
        public async Task Without_a_streaming_endpoint_an_origin_locator_has_its_relative_paths_but_no_URLs()
        {
            var context = _fixture.Dca();
            var asset = await _kit.CreateAdaptiveAssetAsync(context);

            var locator = await new MediaLocatorClient(context).CreateAsync(asset.Id);

            Assert.Null(locator.Path);
            Assert.Empty(locator.StreamingUrls);
            Assert.Equal(new[] { $"{locator.Guid:D}/master.m3u8", $"{locator.Guid:D}/manifest.mpd" }, locator.StreamingPaths);
        }

        [Fact]
        public async Task An_asset_without_manifests_is_streamed_by_its_primary_file()
        {
            var context = _fixture.Azurite.Context("dca", OriginA);
            var asset = await _kit.CreateProgressiveAssetAsync(context);

            var locator = await new MediaLocatorClient(context).CreateAsync(asset.Id);

            Assert.Equal(new[] { "movie.mp4" }, locator.ManifestFiles);
            Assert.Equal(new[] { new Uri($"https://origin-a.example.net/{locator.Guid:D}/movie.mp4") }, locator.StreamingUrls);
        }

        [Fact]
        public async Task An_origin_locator_lasts_30_days_by_default_from_five_minutes_ago()
        {
            var context = _fixture.Dca();
            var asset = await _kit.CreateAdaptiveAssetAsync(context);
            var before = DateTimeOffset.UtcNow;

            var locator = await new MediaLocatorClient(context).CreateAsync(asset.Id);

            Assert.InRange(locator.StartTime, before.AddMinutes(-5).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(-5));
            Assert.Equal(TimeSpan.FromDays(30), locator.ExpirationTime - locator.StartTime);
            Assert.True(locator.IsValidAt(DateTimeOffset.UtcNow));
        }

        [Fact]
        public async Task The_record_is_the_locator_as_JSON_without_computed_URLs()
        {
            var context = _fixture.Azurite.Context("dca", OriginA);
            var asset = await _kit.CreateAdaptiveAssetAsync(context);
            var locator = await new MediaLocatorClient(context).CreateAsync(asset.Id);

            var json = await LocatorTestKit.ReadRecordJsonAsync(context, locator);
            var record = JsonSerializer.Deserialize<MediaLocator>(json, RecordStore.JsonOptions)!;

            Assert.Equal(locator.Id, record.Id);
            Assert.Equal(locator.AssetId, record.AssetId);
            Assert.Equal(locator.StartTime, record.StartTime);
            Assert.Equal(locator.ExpirationTime, record.ExpirationTime);
            Assert.Equal(locator.ManifestFiles, record.ManifestFiles);
            Assert.Contains("\"Type\":\"OnDemandOrigin\"", json);
            Assert.DoesNotContain("StreamingUrls", json);
            Assert.DoesNotContain("origin-a.example.net", json);
        }

        [Fact]
        public async Task Locators_are_read_by_id_listed_by_asset_oldest_first_and_removed()
        {
            var context = _fixture.Azurite.Context("dca", OriginA);
            var client = new MediaLocatorClient(context);
            var asset = await _kit.CreateAdaptiveAssetAsync(context);
            var other = await _kit.CreateAdaptiveAssetAsync(context);
            var first = await client.CreateAsync(asset.Id);
            var second = await client.CreateAsync(asset.Id, new MediaLocatorCreateOptions { Type = MediaLocatorType.Sas });
            var ofOther = await client.CreateAsync(other.Id);

            var read = await client.GetAsync(first.Guid.ToString("D"));
            Assert.Equal(first.Id, read.Id);
            Assert.Equal(first.StreamingUrls, read.StreamingUrls);
            Assert.Same(context, read.Context);

            Assert.Equal(new[] { first.Id, second.Id }, (await client.ListAsync(asset.Id)).Select(l => l.Id));
            Assert.Equal(new[] { first.Id, second.Id }, (await client.ListAsync(asset.Id.Substring(MediaIds.AssetPrefix.Length))).Select(l => l.Id));
            var all = (await client.ListAsync()).Select(l => l.Id).ToList();
            Assert.True(all.IndexOf(first.Id) < all.IndexOf(second.Id) && all.IndexOf(second.Id) < all.IndexOf(ofOther.Id));

            await client.DeleteAsync(first.Id);
            Assert.Null(await client.TryGetAsync(first.Id));
            Assert.Equal(new[] { second.Id }, (await client.ListAsync(asset.Id)).Select(l => l.Id));
            var again = await Assert.ThrowsAsync<MediaOpsException>(() => client.DeleteAsync(first.Id));
            Assert.Equal(MediaErrorKind.NotFound, again.Kind);
            Assert.Contains("Get-MediaLocator", again.Message);
            var get = await Assert.ThrowsAsync<MediaOpsException>(() => client.GetAsync(first.Id));
            Assert.Equal(MediaErrorKind.NotFound, get.Kind);
            Assert.Contains("Get-MediaLocator", get.Message);
        }
    }
}
