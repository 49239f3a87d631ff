using System;
using System.Linq;
using MediaOps.Core;
using MediaOps.Origin;
using Xunit;

namespace MediaOps.Origin.Tests
{
    /// <summary>The header policies of the origin: ETags, cache lifetimes, CORS.</summary>
    public sealed class OriginPolicyTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

        [Fact]
        public void The_ETag_comes_from_the_content_MD5_when_there_is_one()
        {
            var md5 = new byte[] { 0x00, 0x01, 0xab, 0xff };

            Assert.Equal("\"md5-0001abff\"", EntityTags.ForBlob(md5, "\"0x8DC1\""));
            Assert.Equal("\"0x8DC1\"", EntityTags.ForBlob(null, "\"0x8DC1\""));
            Assert.Equal("\"0x8DC1\"", EntityTags.ForBlob(Array.Empty<byte>(), "0x8DC1"));
        }

        [Theory]
        [InlineData("\"md5-ab\"", true)]
        [InlineData("W/\"md5-ab\"", true)]
        [InlineData("\"x\", \"md5-ab\"", true)]
        [InlineData("*", true)]
        [InlineData("\"md5-ac\"", false)]
        [InlineData("", false)]
        [InlineData(null, false)]
        public void If_None_Match_matches_by_weak_comparison(string? header, bool matches)
        {
            Assert.Equal(matches, EntityTags.IfNoneMatchMatches(header, "\"md5-ab\""));
        }

        [Theory]
        [InlineData(null, true)]
        [InlineData("\"md5-ab\"", true)]
        [InlineData("W/\"md5-ab\"", false)]
        [InlineData("\"md5-ac\"", false)]
        [InlineData("Sat, 21 Nov 2026 10:00:00 GMT", false)]
        public void If_Range_allows_a_range_only_for_the_current_strong_ETag(string? header, bool allows)
        {
            Assert.Equal(allows, EntityTags.IfRangeAllowsRange(header, "\"md5-ab\""));
        }

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

        [Fact]
        public void CORS_allows_any_origin_by_default_and_exposes_the_range_headers()
        {
            var headers = new OriginCorsPolicy().ResponseHeaders("https://anything.example").ToDictionary(h => h.Key, h => h.Value);

            Assert.Equal("*", headers["Access-Control-Allow-Origin"]);
            foreach (var name in new[] { "Content-Length", "Content-Range", "ETag", "Accept-Ranges" })
            {
                Assert.Contains(name, headers["Access-Control-Expose-Headers"]);
            }
        }

        [Fact]
        public void A_restricted_CORS_policy_echoes_only_allowed_origins_and_varies_by_origin()
        {
            var policy = new OriginCorsPolicy(new[] { "https://player.example.net/" });

            var allowed = policy.PreflightHeaders("https://player.example.net").ToDictionary(h => h.Key, h => h.Value);
            var refused = policy.PreflightHeaders("https://evil.example").ToDictionary(h => h.Key, h => h.Value);

            Assert.Equal("https://player.example.net", allowed["Access-Control-Allow-Origin"]);
            Assert.Equal("GET, HEAD, OPTIONS", allowed["Access-Control-Allow-Methods"]);
            Assert.Equal("Origin", allowed["Vary"]);
            Assert.False(refused.ContainsKey("Access-Control-Allow-Origin"));
            Assert.False(refused.ContainsKey("Access-Control-Allow-Methods"));
        }

        [Theory]
        [InlineData("player.example.net")]
        [InlineData("https://player.example.net/path")]
        [InlineData("ftp://player.example.net")]
        public void A_CORS_origin_that_is_not_scheme_host_and_port_is_rejected(string origin)
        {
            var error = Assert.Throws<MediaOpsException>(() => new OriginCorsPolicy(new[] { origin }));

            Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
            Assert.Contains("https://player.example.net", error.Message);
        }
    }
}
