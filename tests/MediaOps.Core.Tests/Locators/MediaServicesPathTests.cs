using System;
using System.Linq;
using System.Threading.Tasks;
using MediaOps.Core.Locators;
using MediaOps.Core.Models;
using Xunit;

namespace MediaOps.Core.Tests.Locators
{
    /// <summary>The Media Services URL forms on origin locators: <c>&lt;guid&gt;/&lt;name&gt;.ism/manifest(format=…)</c>.</summary>
    [Collection(AzuriteCollection.Name)]
    public sealed class MediaServicesPathTests : IDisposable
    {
        private readonly AzuriteFixture _fixture;
        private readonly LocatorTestKit _kit = new LocatorTestKit();

        public MediaServicesPathTests(AzuriteFixture fixture) => _fixture = fixture;

        public void Dispose() => _kit.Dispose();

        [Theory]
        [InlineData("BigBuckBunny", "BigBuckBunny")]
        [InlineData("Big Buck Bunny output", "Big-Buck-Bunny-output")]
        [InlineData("été/2026 (final).mp4", "t-2026-final-.mp4")]
        [InlineData("movie.ism", "movie")]
        [InlineData("..", "manifest")]
        [InlineData("  ", "manifest")]
        [InlineData("", "manifest")]
        [InlineData(null, "manifest")]
        [InlineData("a%2F..%5Cb", "a-2F..-5Cb")]
        public void The_name_is_the_asset_name_made_URL_safe(string? assetName, string expected)
        {
            Assert.Equal(expected, OriginPaths.MediaServicesName(assetName));
        }

        [Fact]
        public void A_long_name_is_cut_to_the_limit()
        {
            var name = OriginPaths.MediaServicesName(new string('x', 300));

            Assert.Equal(OriginPaths.MaxMediaServicesNameLength, name.Length);
        }

        [Fact]
        public async Task An_origin_locator_shows_the_HLS_and_DASH_forms_built_from_the_asset_name()
        {
            var context = _fixture.Azurite.Context("dca", new Uri("https://origin-a.example.net/cdn"));
            var asset = await _kit.CreateAdaptiveAssetAsync(context, "Big Buck Bunny");

            var locator = await new MediaLocatorClient(context).CreateAsync(asset.Id);

            var guid = locator.Guid.ToString("D");
            Assert.Equal("Big-Buck-Bunny", locator.MediaServicesName);
            Assert.Equal(
                new[] { $"{guid}/Big-Buck-Bunny.ism/manifest(format=m3u8-aapl)", $"{guid}/Big-Buck-Bunny.ism/manifest(format=mpd-time-csf)" },
                locator.MediaServicesStreamingPaths);
            Assert.Equal(
                locator.MediaServicesStreamingPaths.Select(p => "https://origin-a.example.net/cdn/" + p),
                locator.MediaServicesStreamingUrls.Select(u => u.OriginalString));
            var read = Assert.Single(await new MediaLocatorClient(context).ListAsync(asset.Id));
            Assert.Equal(locator.MediaServicesStreamingPaths, read.MediaServicesStreamingPaths);
        }

        [Fact]
        public async Task An_asset_without_manifests_has_no_Media_Services_form()
        {
            var context = _fixture.Azurite.Context("dca", new Uri("https://origin-a.example.net"));
            var asset = await _kit.CreateProgressiveAssetAsync(context);

            var locator = await new MediaLocatorClient(context).CreateAsync(asset.Id);

            Assert.Empty(locator.MediaServicesStreamingPaths);
            Assert.Empty(locator.MediaServicesStreamingUrls);
        }

        [Fact]
        public async Task A_replica_gives_the_same_Media_Services_paths_even_when_the_copy_was_renamed()
        {
            var source = await _kit.CreateAdaptiveAssetAsync(_fixture.Dca(), "Tears of Steel");
            var locator = await new MediaLocatorClient(_fixture.Dca()).CreateAsync(source.Id);
            var renamed = await _kit.CopyAsync(source, _fixture.Dcb(), "another name in dcb");

            var replica = Assert.Single(await new MediaLocatorClient(_fixture.Dcb()).ReplicateOriginLocatorsAsync(_fixture.Dca(), source.Id, renamed.Id));

            Assert.Equal("another name in dcb", renamed.Name);
            Assert.Equal(locator.MediaServicesStreamingPaths, replica.MediaServicesStreamingPaths);
            Assert.Contains($"{locator.Guid:D}/Tears-of-Steel.ism/manifest(format=m3u8-aapl)", replica.MediaServicesStreamingPaths);
        }
    }
}
