using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using Xunit;

namespace MediaOps.Origin.Tests
{
    [Collection(OriginCollection.Name)]
    public sealed class OriginRangeTests
    {
        private const string File = "video_1.mp4";
        private readonly OriginFixture _fixture;
        private readonly byte[] _bytes;

        public OriginRangeTests(OriginFixture fixture)
        {
            _fixture = fixture;
            _bytes = OriginFixture.Files[File];
        }

        private Uri FileUri => new Uri(_fixture.OriginA.BaseUri, $"{_fixture.Locator:D}/{File}");

        [Theory]
        [InlineData("bytes=0-99", 0, 99)]
        [InlineData("bytes=1000-1999", 1000, 1999)]
        [InlineData("bytes=299000-", 299_000, 299_999)]
        [InlineData("bytes=-500", 299_500, 299_999)]
        [InlineData("bytes=299990-400000", 299_990, 299_999)]
        [InlineData("bytes=-1000000", 0, 299_999)]
        public async Task A_single_range_is_answered_206_with_its_bytes_and_Content_Range(string range, long first, long last)
        {
            using var response = await SendAsync(HttpMethod.Get, range);

            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal($"bytes {first}-{last}/{_bytes.Length}", response.Content.Headers.GetValues("Content-Range").Single());
            Assert.Equal(last - first + 1, response.Content.Headers.ContentLength);
            Assert.Equal(_bytes.Skip((int)first).Take((int)(last - first + 1)).ToArray(), await response.Content.ReadAsByteArrayAsync());
            Assert.Equal("bytes", response.Headers.AcceptRanges.Single());
        }

        [Theory]
        [InlineData("bytes=300000-")]
        [InlineData("bytes=300000-300010")]
        [InlineData("bytes=-0")]
        [InlineData("bytes=9223372036854775807-")]
        [InlineData("bytes=9223372036854775806-9223372036854775807")]
        public async Task A_range_outside_the_file_is_answered_416_with_the_file_length(string range)
        {
            using var response = await SendAsync(HttpMethod.Get, range);

            Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
            Assert.Equal($"bytes */{_bytes.Length}", response.Content.Headers.GetValues("Content-Range").Single());
        }

        [Theory]
        [InlineData("bytes=0-1,5-6")]
        [InlineData("bytes=20-10")]
        [InlineData("items=0-10")]
        [InlineData("bytes=abc")]
        public async Task Several_ranges_or_an_invalid_range_get_the_whole_file_with_200(string range)
        {
            using var response = await SendAsync(HttpMethod.Get, range);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(_bytes, await response.Content.ReadAsByteArrayAsync());
        }

        [Fact]
        public async Task HEAD_of_a_range_has_the_headers_of_the_GET_and_no_body()
        {
            using var get = await SendAsync(HttpMethod.Get, "bytes=-500");
            using var head = await SendAsync(HttpMethod.Head, "bytes=-500");

            Assert.Equal(HttpStatusCode.PartialContent, head.StatusCode);
            Assert.Equal(get.Content.Headers.GetValues("Content-Range"), head.Content.Headers.GetValues("Content-Range"));
            Assert.Equal(500, head.Content.Headers.ContentLength);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }

        [Fact]
        public async Task A_range_with_an_If_Range_of_another_version_gets_the_whole_file()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, FileUri);
            request.Headers.Range = new RangeHeaderValue(0, 99);
            request.Headers.IfRange = new RangeConditionHeaderValue("\"some-other-version\"");

            using var response = await _fixture.Http.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(_bytes.Length, (await response.Content.ReadAsByteArrayAsync()).Length);
        }

        [Fact]
        public async Task A_range_with_an_If_Range_of_the_current_strong_ETag_is_served_and_a_weak_or_date_one_is_not()
        {
            using var first = await _fixture.Http.GetAsync(FileUri);
            var etag = first.Headers.ETag!;

            using var current = await SendAsync(HttpMethod.Get, "bytes=0-99", ifRange: etag.ToString());
            using var weak = await SendAsync(HttpMethod.Get, "bytes=0-99", ifRange: "W/" + etag.Tag);
            using var date = await SendAsync(HttpMethod.Get, "bytes=0-99", ifRange: "Sat, 21 Nov 2026 10:00:00 GMT");

            Assert.Equal(HttpStatusCode.PartialContent, current.StatusCode);
            Assert.Equal(_bytes.Take(100).ToArray(), await current.Content.ReadAsByteArrayAsync());
            Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
            Assert.Equal(HttpStatusCode.OK, date.StatusCode);
        }

        private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string range, string? ifRange = null)
        {
            using var request = new HttpRequestMessage(method, FileUri);
            request.Headers.TryAddWithoutValidation("Range", range);
            if (ifRange != null) request.Headers.TryAddWithoutValidation("If-Range", ifRange);
            return await _fixture.Http.SendAsync(request);
        }
    }
}
