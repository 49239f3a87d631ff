using System;
using System.Linq;
using MediaOps.Core;
using MediaOps.Origin;
using Xunit;

namespace MediaOps.Origin.Tests
{
    /// <summary>The cache lifetimes of the origin's responses (ETags, conditional requests and CORS are covered over HTTP).</summary>
    public sealed class OriginPolicyTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

        [Theory]
        [InlineData("master.m3u8")]
        [InlineData("video/manifest.MPD")]
        public void Manifests_have_a_short_max_age(string file)
        {
            var (cacheControl, expires) = new OriginCachePolicy(TimeSpan.FromSeconds(2)).For(file, Now.AddDays(1), Now);

            Assert.Equal("public, max-age=2", cacheControl);
            Assert.Null(expires);
        }

        [Fact]
        public void A_manifest_is_not_cached_in_the_last_seconds_of_its_locator()
        {
            var (cacheControl, _) = new OriginCachePolicy(TimeSpan.FromSeconds(2)).For("master.m3u8", Now.AddSeconds(1), Now);

            Assert.Equal("no-cache", cacheControl);
        }

        [Fact]
        public void Media_of_a_locator_lasting_over_a_year_is_immutable_for_a_year()
        {
            var (cacheControl, expires) = new OriginCachePolicy(TimeSpan.FromSeconds(2)).For("video.mp4", Now.AddDays(400), Now);

            Assert.Equal("public, max-age=31536000, immutable", cacheControl);
            Assert.Null(expires);
        }

        [Fact]
        public void Media_of_a_shorter_locator_expires_with_it_and_the_headers_do_not_depend_on_the_time_of_the_request()
        {
            var policy = new OriginCachePolicy(TimeSpan.FromSeconds(2));
            var expiry = Now.AddDays(30).AddMilliseconds(700);

            var early = policy.For("chunk.m4s", expiry, Now);
            var later = policy.For("chunk.m4s", expiry, Now.AddSeconds(7));

            Assert.Equal("public, immutable", early.CacheControl);
            Assert.Equal("Tue, 22 Dec 2026 10:00:00 GMT", early.Expires);
            Assert.Equal(early, later);
        }
    }
}
