using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using MediaOps.Origin;
using Xunit;

namespace MediaOps.Origin.Tests
{
    [Collection(OriginCollection.Name)]
    public sealed class OriginRepresentationTests
    {
        private readonly OriginFixture _fixture;

        public OriginRepresentationTests(OriginFixture fixture) => _fixture = fixture;

        private Uri Url(string file, Guid? locator = null) =>
            new Uri(_fixture.OriginA.BaseUri, $"{locator ?? _fixture.Locator:D}/{Uri.EscapeDataString(file).Replace("%2F", "/")}");

        [Theory]
        [InlineData("master.m3u8", "application/vnd.apple.mpegurl")]
        [InlineData("manifest.mpd", "application/dash+xml")]
        [InlineData("video_1.mp4", "video/mp4")]
        [InlineData("chunk-0-00001.m4s", "video/iso.segment")]
        public async Task Files_are_served_with_the_content_type_of_their_extension(string file, string contentType)
        {
            using var response = await _fixture.Http.GetAsync(Url(file));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(contentType, response.Content.Headers.ContentType!.ToString());
            Assert.Equal(OriginFixture.Files[file], await response.Content.ReadAsByteArrayAsync());
        }

        [Fact]
        public async Task Files_in_folders_and_with_encoded_names_are_served_after_one_decoding()
        {
            using var nested = await _fixture.Http.GetAsync(Url("audio/init.mp4"));
            using var spaced = await _fixture.Http.SendAsync(OriginFixture.RawRequest(HttpMethod.Get, _fixture.OriginA.BaseUri,
                $"/{_fixture.Locator:D}/name%20with%20space%20%C3%A9.mp4"));
            using var doubleEncoded = await _fixture.Http.SendAsync(OriginFixture.RawRequest(HttpMethod.Get, _fixture.OriginA.BaseUri,
                $"/{_fixture.Locator:D}/name%2520with%2520space%2520%25C3%25A9.mp4"));

            Assert.Equal(OriginFixture.Files["audio/init.mp4"], await nested.Content.ReadAsByteArrayAsync());
            Assert.Equal(OriginFixture.Files["name with space \u00e9.mp4"], await spaced.Content.ReadAsByteArrayAsync());
            Assert.Equal(HttpStatusCode.NotFound, doubleEncoded.StatusCode);
        }

        [Fact]
        public async Task HEAD_has_the_headers_of_GET_and_no_body()
        {
            using var get = await _fixture.Http.GetAsync(Url("video_1.mp4"));
            using var head = await _fixture.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, Url("video_1.mp4")));

            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(300_000, head.Content.Headers.ContentLength);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
            foreach (var name in new[] { "ETag", "Cache-Control", "Accept-Ranges", "Access-Control-Allow-Origin" })
            {
                Assert.Equal(Header(get, name), Header(head, name));
            }
            Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
            Assert.Equal(get.Content.Headers.Expires, head.Content.Headers.Expires);
        }

        [Fact]
        public async Task The_ETag_is_strong_derived_from_the_content_MD5_and_the_same_for_GET_HEAD_and_ranges()
        {
            using var get = await _fixture.Http.GetAsync(Url("video_1.mp4"));
            using var head = await _fixture.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, Url("video_1.mp4")));
            using var rangeRequest = new HttpRequestMessage(HttpMethod.Get, Url("video_1.mp4"));
            rangeRequest.Headers.Range = new RangeHeaderValue(10, 20);
            using var range = await _fixture.Http.SendAsync(rangeRequest);

            var md5 = System.Security.Cryptography.MD5.HashData(OriginFixture.Files["video_1.mp4"]);
            Assert.Equal($"\"md5-{Convert.ToHexString(md5).ToLowerInvariant()}\"", get.Headers.ETag!.ToString());
            Assert.False(get.Headers.ETag.IsWeak);
            Assert.Equal(get.Headers.ETag, head.Headers.ETag);
            Assert.Equal(get.Headers.ETag, range.Headers.ETag);
        }

        [Fact]
        public async Task If_None_Match_with_the_current_ETag_is_answered_304_without_a_body()
        {
            using var first = await _fixture.Http.GetAsync(Url("chunk-0-00001.m4s"));
            var etag = first.Headers.ETag!;

            using var matching = new HttpRequestMessage(HttpMethod.Get, Url("chunk-0-00001.m4s"));
            matching.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"other\""));
            matching.Headers.IfNoneMatch.Add(etag);
            using var notModified = await _fixture.Http.SendAsync(matching);
            using var weak = new HttpRequestMessage(HttpMethod.Get, Url("chunk-0-00001.m4s"));
            weak.Headers.TryAddWithoutValidation("If-None-Match", "W/" + etag.Tag);
            using var weakNotModified = await _fixture.Http.SendAsync(weak);
            using var stale = new HttpRequestMessage(HttpMethod.Get, Url("chunk-0-00001.m4s"));
            stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"md5-00000000000000000000000000000000\""));
            using var modified = await _fixture.Http.SendAsync(stale);

            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
            Assert.Equal(etag, notModified.Headers.ETag);
            Assert.Equal(Header(first, "Cache-Control"), Header(notModified, "Cache-Control"));
            Assert.Equal(HttpStatusCode.NotModified, weakNotModified.StatusCode);
            Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
            Assert.Equal(OriginFixture.Files["chunk-0-00001.m4s"], await modified.Content.ReadAsByteArrayAsync());
        }

        [Fact]
        public async Task If_None_Match_star_is_answered_304_and_a_malformed_one_gets_the_file()
        {
            using var star = new HttpRequestMessage(HttpMethod.Get, Url("video_1.mp4"));
            star.Headers.TryAddWithoutValidation("If-None-Match", "*");
            using var malformed = new HttpRequestMessage(HttpMethod.Get, Url("video_1.mp4"));
            malformed.Headers.TryAddWithoutValidation("If-None-Match", "md5-not-quoted");

            using var notModified = await _fixture.Http.SendAsync(star);
            using var served = await _fixture.Http.SendAsync(malformed);

            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal(OriginFixture.Files["video_1.mp4"], await served.Content.ReadAsByteArrayAsync());
        }

        [Theory]
        [InlineData("master.m3u8")]
        [InlineData("manifest.mpd")]
        public async Task Manifests_are_cacheable_for_two_seconds(string file)
        {
            using var response = await _fixture.Http.GetAsync(Url(file));

            Assert.Equal("public, max-age=2", Header(response, "Cache-Control"));
            Assert.Null(response.Content.Headers.Expires);
        }

        [Fact]
        public async Task Media_is_immutable_and_cacheable_for_a_year_when_the_locator_lasts_longer()
        {
            using var response = await _fixture.Http.GetAsync(Url("video_1.mp4", _fixture.LongLocator));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("public, max-age=31536000, immutable", Header(response, "Cache-Control"));
            Assert.Null(response.Content.Headers.Expires);
        }

        [Fact]
        public async Task Media_is_never_cacheable_beyond_the_locator_expiry()
        {
            using var response = await _fixture.Http.GetAsync(Url("video_1.mp4"));

            var cacheControl = Header(response, "Cache-Control");
            Assert.Equal("public, immutable", cacheControl);
            Assert.DoesNotContain("max-age", cacheControl);
            Assert.Equal(_fixture.LocatorExpiry, response.Content.Headers.Expires);
        }

        [Fact]
        public async Task A_preflight_request_is_answered_204_with_the_methods_and_headers_a_player_needs()
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, Url("video_1.mp4"));
            request.Headers.Add("Origin", "https://player.example.net");
            request.Headers.Add("Access-Control-Request-Method", "GET");
            request.Headers.Add("Access-Control-Request-Headers", "range, if-none-match");

            using var response = await _fixture.Http.SendAsync(request);

            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
            Assert.Equal(new[] { "GET", "HEAD", "OPTIONS" }, List(Header(response, "Access-Control-Allow-Methods")));
            var allowedHeaders = List(Header(response, "Access-Control-Allow-Headers"));
            Assert.Contains("Range", allowedHeaders);
            Assert.Contains("If-None-Match", allowedHeaders);
            Assert.True(int.Parse(Header(response, "Access-Control-Max-Age")!) > 0);
        }

        [Fact]
        public async Task Responses_let_a_browser_player_read_the_headers_it_needs()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Url("video_1.mp4"));
            request.Headers.Add("Origin", "https://player.example.net");
            request.Headers.Range = new RangeHeaderValue(0, 9);

            using var response = await _fixture.Http.SendAsync(request);

            Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
            var exposed = List(Header(response, "Access-Control-Expose-Headers"));
            foreach (var name in new[] { "Content-Length", "Content-Range", "ETag", "Accept-Ranges" }) Assert.Contains(name, exposed);
        }

        [Theory]
        [InlineData("POST")]
        [InlineData("PUT")]
        [InlineData("DELETE")]
        [InlineData("PATCH")]
        public async Task Methods_other_than_GET_HEAD_and_OPTIONS_are_answered_405(string method)
        {
            using var response = await _fixture.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), Url("video_1.mp4")));

            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            Assert.Equal(MediaOrigin.AllowedMethods, string.Join(", ", response.Content.Headers.Allow));
        }

        internal static string? Header(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
                ? string.Join(", ", values)
                : null;

        private static string[] List(string? value) =>
            (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
