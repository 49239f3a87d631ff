using System;
using MediaOps.Origin;
using Xunit;

namespace MediaOps.Origin.Tests
{
    public sealed class OriginPathTests
    {
        private const string Locator = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

        [Theory]
        [InlineData("/" + Locator + "/video.mp4", "video.mp4")]
        [InlineData("/" + Locator + "/audio/init.mp4", "audio/init.mp4")]
        [InlineData("/" + Locator + "/name%20with%20space.mp4", "name with space.mp4")]
        [InlineData("/" + Locator + "/%C3%A9t%C3%A9.mp4", "\u00e9t\u00e9.mp4")]
        [InlineData("/" + Locator + "/50%25.mp4", "50%.mp4")]
        [InlineData("/" + Locator + "/%252e%252e", "%2e%2e")]
        [InlineData("/" + Locator + "/...", "...")]
        [InlineData("/" + Locator + "/master.m3u8?sig=abc&se=2030", "master.m3u8")]
        [InlineData("/" + Locator + "/x.ism/media_0.mp4", "media_0.mp4")]
        [InlineData("/" + Locator + "/Big%20Buck.ISM/audio/init.mp4", "audio/init.mp4")]
        [InlineData("/" + Locator + "/x.ism/manifest.mpd", "manifest.mpd")]
        [InlineData("/" + Locator + "/x.ism/manifests(format=m3u8-aapl)", "manifests(format=m3u8-aapl)")]
        [InlineData("/" + Locator + "/.ism/video.mp4", ".ism/video.mp4")]
        [InlineData("/" + Locator + "/x.ism", "x.ism")]
        [InlineData("/" + Locator + "/a/x.ism/video.mp4", "a/x.ism/video.mp4")]
        public void A_safe_path_gives_the_locator_and_the_blob_name_decoded_once(string rawTarget, string blobName)
        {
            var path = OriginPath.TryParse(rawTarget, out var problem);

            Assert.Null(problem);
            Assert.NotNull(path);
            Assert.Equal(Guid.Parse(Locator), path!.LocatorGuid);
            Assert.Equal(blobName, path.BlobName);
            Assert.DoesNotContain("?", path.LogPath);
        }

        [Theory]
        [InlineData("/" + Locator + "/../other/secret.mp4")]
        [InlineData("/" + Locator + "/a/./b.mp4")]
        [InlineData("/" + Locator + "/%2e%2e/secret.mp4")]
        [InlineData("/" + Locator + "/%2E%2e/secret.mp4")]
        [InlineData("/" + Locator + "/.%2E/secret.mp4")]
        [InlineData("/" + Locator + "/%2e/video.mp4")]
        [InlineData("/" + Locator + "/..%2fsecret.mp4")]
        [InlineData("/" + Locator + "/a%2Fb.mp4")]
        [InlineData("/" + Locator + "/a%5cb.mp4")]
        [InlineData("/" + Locator + "/a%5Cb.mp4")]
        [InlineData("/" + Locator + "/a\\b.mp4")]
        [InlineData("/" + Locator + "//video.mp4")]
        [InlineData("/" + Locator + "/a//b.mp4")]
        [InlineData("/" + Locator + "/video.mp4/")]
        [InlineData("/" + Locator + "/")]
        [InlineData("/" + Locator)]
        [InlineData("/" + Locator + "/a%00.mp4")]
        [InlineData("/" + Locator + "/a%0d%0aSet-Cookie:x.mp4")]
        [InlineData("/" + Locator + "/a%7f.mp4")]
        [InlineData("/" + Locator + "/a\u0001.mp4")]
        [InlineData("/" + Locator + "/\u00e9.mp4")]
        [InlineData("/" + Locator + "/%")]
        [InlineData("/" + Locator + "/%4")]
        [InlineData("/" + Locator + "/%zz")]
        [InlineData("/" + Locator + "/%C3.mp4")]
        [InlineData("/" + Locator + "/%C0%AE%C0%AE/secret.mp4")]
        [InlineData("/not-a-guid/video.mp4")]
        [InlineData("/{" + Locator + "}/video.mp4")]
        [InlineData("/3f2504e04f8941d39a0c0305e82c3301/video.mp4")]
        [InlineData("/")]
        [InlineData("")]
        [InlineData("video.mp4")]
        [InlineData("http://example.net/" + Locator + "/video.mp4")]
        [InlineData("/" + Locator + "/x.ism/../../other/secret.mp4")]
        [InlineData("/" + Locator + "/x.ism/..")]
        [InlineData("/" + Locator + "/x.ism/%2e%2e/secret.mp4")]
        [InlineData("/" + Locator + "/x.ism/.%2E")]
        [InlineData("/" + Locator + "/x.ism%2f..%2fsecret.mp4")]
        [InlineData("/" + Locator + "/x.ism/manifest(format=..%2fsecret)")]
        [InlineData("/" + Locator + "/x.ism/manifest(format=..%5Csecret)")]
        [InlineData("/" + Locator + "/x.ism//manifest(format=m3u8-aapl)")]
        [InlineData("/" + Locator + "/x.ism/manifest(format=m3u8-aapl)/")]
        [InlineData("/" + Locator + "/x.ism/manifest(format=m3u8-aapl%0a)")]
        public void A_path_that_could_leave_the_asset_or_is_not_canonical_is_refused(string rawTarget)
        {
            var path = OriginPath.TryParse(rawTarget, out var problem);

            Assert.Null(path);
            Assert.False(string.IsNullOrWhiteSpace(problem));
        }

        [Theory]
        [InlineData("x.ism/manifest(format=m3u8-aapl)", MediaServicesManifest.Hls)]
        [InlineData("x.ism/manifest(format=m3u8-aapl-v3)", MediaServicesManifest.Hls)]
        [InlineData("x.ism/manifest(format=m3u8-cmaf)", MediaServicesManifest.Hls)]
        [InlineData("x.ism/manifest(format=mpd-time-csf)", MediaServicesManifest.Dash)]
        [InlineData("x.ism/manifest(format=mpd-time-cmaf)", MediaServicesManifest.Dash)]
        [InlineData("x.ism/manifest%28format%3Dm3u8-aapl%29", MediaServicesManifest.Hls)]
        [InlineData("Any%20Name.ISM/MANIFEST(FORMAT=MPD-TIME-CSF)", MediaServicesManifest.Dash)]
        [InlineData("x.ism/manifest", MediaServicesManifest.Unsupported)]
        [InlineData("x.ism/manifest()", MediaServicesManifest.Unsupported)]
        [InlineData("x.ism/manifest(format=smooth)", MediaServicesManifest.Unsupported)]
        [InlineData("x.ism/manifest(format=m3u8-aapl,filter=x)", MediaServicesManifest.Unsupported)]
        [InlineData("x.ism/manifest(filter=x)", MediaServicesManifest.Unsupported)]
        [InlineData("x.ism/manifest(format=m3u8-aapl", MediaServicesManifest.Unsupported)]
        [InlineData("x.ism/manifest.mpd", MediaServicesManifest.None)]
        [InlineData("x.ism/audio/manifest(format=m3u8-aapl)", MediaServicesManifest.None)]
        [InlineData("manifest(format=m3u8-aapl)", MediaServicesManifest.None)]
        [InlineData("x.mp4/manifest(format=m3u8-aapl)", MediaServicesManifest.None)]
        public void The_manifest_segment_after_an_ism_segment_names_the_manifest(string rest, MediaServicesManifest expected)
        {
            var path = OriginPath.TryParse("/" + Locator + "/" + rest, out var problem);

            Assert.Null(problem);
            Assert.Equal(expected, path!.Manifest);
        }

        [Fact]
        public void A_blob_name_longer_than_storage_allows_is_refused()
        {
            var path = OriginPath.TryParse("/" + Locator + "/" + new string('a', OriginPath.MaxBlobNameLength + 1), out var problem);

            Assert.Null(path);
            Assert.Contains("1024", problem);
        }
    }
}
