using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core;
using MediaOps.Core.Assets;
using MediaOps.Core.Encoding;
using MediaOps.Core.Locators;
using MediaOps.Testing;
using MediaOps.Testing.Browser;
using MediaOps.Worker.Ffmpeg;
using Xunit;
using Xunit.Abstractions;

namespace MediaOps.Origin.Tests
{
    /// <summary>
    /// The encoded output played as a viewer's browser plays it: headless chromium with hls.js or dash.js on a page served
    /// from another 127.0.0.1 port than the origin's (real cross-origin requests), every rendition locked in turn and played
    /// from the start to the end.
    /// </summary>
    [Collection(OriginCollection.Name)]
    public sealed class BrowserPlaybackTests : IClassFixture<PlayerPageServer>
    {
        private const string HlsManifest = "master.m3u8";
        private const string DashManifest = "manifest.mpd";

        private readonly OriginFixture _fixture;
        private readonly PlayerPageServer _pages;
        private readonly ITestOutputHelper _output;

        public BrowserPlaybackTests(OriginFixture fixture, PlayerPageServer pages, ITestOutputHelper output)
        {
            _fixture = fixture;
            _pages = pages;
            _output = output;
        }

        public static TheoryData<StreamPlayer, string> Manifests() => new()
        {
            { StreamPlayer.HlsJs, HlsManifest },
            { StreamPlayer.DashJs, DashManifest },
        };

        [Theory]
        [MemberData(nameof(Manifests))]
        public async Task The_Adaptive_Streaming_output_plays_to_the_end_in_every_rendition_through_the_origin(StreamPlayer player, string manifest)
        {
            var result = await PlayAsync(_fixture.OriginA, $"{_fixture.EncodedLocatorA.Guid:D}/{manifest}", player);

            AssertEveryRenditionPlayedToTheEnd(result, EncodedLadderHeights(), OriginFixture.EncodedSeconds, 640.0 / 360);
        }

        public static TheoryData<StreamPlayer, string> MediaServicesFormats() => new()
        {
            { StreamPlayer.HlsJs, "m3u8-aapl" },
            { StreamPlayer.DashJs, "mpd-time-csf" },
        };

        [Theory]
        [MemberData(nameof(MediaServicesFormats))]
        public async Task The_Media_Services_manifest_URL_plays_to_the_end_in_every_rendition(StreamPlayer player, string format)
        {
            var path = _fixture.EncodedLocatorA.MediaServicesStreamingPaths.Single(p => p.EndsWith($"(format={format})", StringComparison.Ordinal));

            var result = await PlayAsync(_fixture.OriginA, path, player);

            AssertEveryRenditionPlayedToTheEnd(result, EncodedLadderHeights(), OriginFixture.EncodedSeconds, 640.0 / 360);
        }

        [Fact]
        public async Task After_one_origin_stops_the_same_locator_path_plays_from_the_other_datacenters_origin()
        {
            var path = $"{_fixture.EncodedLocatorA.Guid:D}/{HlsManifest}";
            using var originA = await OriginProcess.StartAsync(_fixture.Azurite.ConnectionString("dca"));
            Assert.True(originA.Stop(), "origin A did not stop");

            var fromStopped = await PlayAsync(originA, path, StreamPlayer.HlsJs);
            var fromB = await PlayAsync(_fixture.OriginB, path, StreamPlayer.HlsJs);

            Assert.True(fromStopped.FatalErrors.Any(), "playing from a stopped origin reported no fatal error: " + fromStopped.Json);
            AssertEveryRenditionPlayedToTheEnd(fromB, EncodedLadderHeights(), OriginFixture.EncodedSeconds, 640.0 / 360);
        }

        [Theory]
        [MemberData(nameof(Manifests))]
        public async Task An_origin_whose_CORS_allows_only_another_site_is_refused_by_the_browser(StreamPlayer player, string manifest)
        {
            using var origin = await OriginProcess.StartAsync(_fixture.Azurite.ConnectionString("dca"), null, "--cors-origin", "http://example.invalid");

            var result = await PlayAsync(origin, $"{_fixture.EncodedLocatorA.Guid:D}/{manifest}", player);

            Assert.True(result.FatalErrors.Any(), "the manifest was not refused: " + result.Json);
            Assert.Empty(result.Passes);
            Assert.Contains(result.ConsoleErrors, e => e.Contains("CORS", StringComparison.Ordinal));
        }

        public static IEnumerable<object[]> AwkwardInputs() => AwkwardShapes.TheoryRows(AwkwardShapes.Anamorphic, AwkwardShapes.RotatedPortrait);

        [Theory]
        [MemberData(nameof(AwkwardInputs))]
        public async Task An_awkward_input_plays_in_both_players_in_every_rendition_at_its_displayed_aspect_ratio(
            string name, int width, int height, string filter, string rotate, double displayAspect)
        {
            const int seconds = 6;
            var directory = TestMedia.NewTempDirectory("browser-aspect");
            try
            {
                var input = await TestMedia.CreateShapedClipAsync(directory, width, height, filter, rotate, seconds);
                var output = Path.Combine(directory, "out");
                var encoding = await new MediaEncoder().EncodeAsync(input, PresetCatalog.GetBuiltIn(PresetCatalog.DefaultPresetName), output);
                var assetId = MediaIds.NewAssetId();
                await new MediaAssetClient(_fixture.Dca).CreateFromDirectoryAsync(
                    assetId, name, output, encoding.Files, encoding.PrimaryFile, 4, null, CancellationToken.None);
                var locator = await new MediaLocatorClient(_fixture.Dca).CreateAsync(assetId);
                var heights = encoding.Renditions.Select(r => r.Height).OrderByDescending(h => h).ToList();

                foreach (var (player, manifest) in new[] { (StreamPlayer.HlsJs, HlsManifest), (StreamPlayer.DashJs, DashManifest) })
                {
                    var result = await PlayAsync(_fixture.OriginA, $"{locator.Guid:D}/{manifest}", player);
                    AssertEveryRenditionPlayedToTheEnd(result, heights, seconds, displayAspect);
                }
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        private async Task<PlaybackResult> PlayAsync(OriginProcess origin, string relativePath, StreamPlayer player)
        {
            var started = DateTime.UtcNow;
            var result = await BrowserPlayback.PlayAsync(_pages, new Uri(origin.BaseUri, relativePath), player);
            _output.WriteLine($"{player} in {(DateTime.UtcNow - started).TotalSeconds:0.0} s: {result.Json}");
            return result;
        }

        private static IReadOnlyList<int> EncodedLadderHeights() =>
            LadderExpectations.ExpectedHeights(PresetCatalog.GetBuiltIn(PresetCatalog.DefaultPresetName), 640, 360);

        /// <summary>
        /// No player or video error (but hls.js's brief stalls); the player found exactly the expected renditions; each, locked, reached the end
        /// with frames decoded and was last shown at its own size, at the displayed aspect ratio.
        /// </summary>
        private static void AssertEveryRenditionPlayedToTheEnd(PlaybackResult result, IReadOnlyList<int> heights, double seconds, double displayAspect)
        {
            Assert.True(!result.Problems.Any(), $"{result.Player} reported errors: {result.Json}");
            Assert.True(Math.Abs(result.Duration - seconds) <= 0.3, $"duration {result.Duration}, expected {seconds}: {result.Json}");
            Assert.Equal(heights, result.Renditions.Select(r => r.Height).OrderByDescending(h => h).ToList());
            Assert.Equal(result.Renditions.Count, result.Passes.Count);
            foreach (var pass in result.Passes)
            {
                var rung = $"{result.Player} rendition {pass.Index} ({pass.Width}x{pass.Height})";
                Assert.True(pass.Ended && pass.PlayedTo >= seconds - 0.3, $"{rung} stopped at {pass.PlayedTo}: {result.Json}");
                Assert.True(pass.FramesDecoded > 0, $"{rung} decoded no frame: {result.Json}");
                Assert.True(Math.Abs(pass.LastVideoSize.Aspect / displayAspect - 1) <= 0.01,
                    $"{rung} was shown at {pass.LastVideoSize} ({pass.LastVideoSize.Aspect:0.####}), expected {displayAspect:0.####}: {result.Json}");
                Assert.True(Math.Max(pass.LastVideoSize.Width, pass.LastVideoSize.Height) == Math.Max(pass.Width, pass.Height)
                    || Math.Min(pass.LastVideoSize.Width, pass.LastVideoSize.Height) == Math.Min(pass.Width, pass.Height),
                    $"{rung} was last shown at {pass.LastVideoSize}, another rendition's size: {result.Json}");
            }
        }
    }
}
