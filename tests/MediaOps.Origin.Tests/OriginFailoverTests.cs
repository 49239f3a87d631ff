using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using MediaOps.Core;
using MediaOps.Core.Storage;
using Xunit;

namespace MediaOps.Origin.Tests
{
    /// <summary>Two origins over two accounts holding the same asset answer identically at identical relative paths.</summary>
    [Collection(OriginCollection.Name)]
    public sealed class OriginFailoverTests
    {
        private static readonly string[] RepresentationHeaders =
        {
            "ETag", "Content-Type", "Content-Length", "Content-Range", "Cache-Control", "Expires", "Accept-Ranges", "Last-Modified",
        };

        private readonly OriginFixture _fixture;

        public OriginFailoverTests(OriginFixture fixture) => _fixture = fixture;

        public static TheoryData<string, string?> Requests()
        {
            var data = new TheoryData<string, string?>();
            foreach (var file in OriginFixture.Files.Keys)
            {
                data.Add(file, null);
                data.Add(file, "bytes=10-99");
                data.Add(file, "bytes=-7");
            }
            return data;
        }

        [Theory]
        [MemberData(nameof(Requests))]
        public async Task Both_origins_return_identical_bytes_and_representation_headers(string file, string? range)
        {
            var relativePath = $"{_fixture.Locator:D}/{string.Join("/", file.Split('/').Select(Uri.EscapeDataString))}";

            using var a = await GetAsync(_fixture.OriginA.BaseUri, relativePath, range);
            using var b = await GetAsync(_fixture.OriginB.BaseUri, relativePath, range);

            Assert.Equal(range is null ? HttpStatusCode.OK : HttpStatusCode.PartialContent, a.StatusCode);
            Assert.Equal(a.StatusCode, b.StatusCode);
            Assert.Equal(await a.Content.ReadAsByteArrayAsync(), await b.Content.ReadAsByteArrayAsync());
            foreach (var name in RepresentationHeaders)
            {
                Assert.Equal(OriginRepresentationTests.Header(a, name), OriginRepresentationTests.Header(b, name));
            }
            Assert.Equal(HeadersExceptDate(a), HeadersExceptDate(b));
            Assert.NotNull(a.Headers.ETag);
            Assert.Null(OriginRepresentationTests.Header(a, "Last-Modified"));
        }

        [Theory]
        [MemberData(nameof(Requests))]
        public async Task Under_a_Media_Services_ism_path_both_origins_answer_as_at_the_direct_path(string file, string? range)
        {
            var escaped = string.Join("/", file.Split('/').Select(Uri.EscapeDataString));

            using var direct = await GetAsync(_fixture.OriginA.BaseUri, $"{_fixture.Locator:D}/{escaped}", range);
            using var a = await GetAsync(_fixture.OriginA.BaseUri, $"{_fixture.Locator:D}/Some%20Mezzanine.ism/{escaped}", range);
            using var b = await GetAsync(_fixture.OriginB.BaseUri, $"{_fixture.Locator:D}/Some%20Mezzanine.ism/{escaped}", range);

            Assert.Equal(range is null ? HttpStatusCode.OK : HttpStatusCode.PartialContent, a.StatusCode);
            var bytes = await direct.Content.ReadAsByteArrayAsync();
            Assert.Equal(bytes, await a.Content.ReadAsByteArrayAsync());
            Assert.Equal(bytes, await b.Content.ReadAsByteArrayAsync());
            Assert.Equal(HeadersExceptDate(direct), HeadersExceptDate(a));
            Assert.Equal(HeadersExceptDate(a), HeadersExceptDate(b));
        }

        [Fact]
        public async Task The_ETags_agree_although_the_two_accounts_storage_ETags_differ()
        {
            var container = MediaIds.AssetContainerName(_fixture.AssetId);
            var storageA = (await _fixture.Dca.GetContainer(container).GetBlobClient("video_1.mp4").GetPropertiesAsync()).Value.ETag;
            var storageB = (await _fixture.Dcb.GetContainer(container).GetBlobClient("video_1.mp4").GetPropertiesAsync()).Value.ETag;

            using var a = await GetAsync(_fixture.OriginA.BaseUri, $"{_fixture.Locator:D}/video_1.mp4", null);
            using var b = await GetAsync(_fixture.OriginB.BaseUri, $"{_fixture.Locator:D}/video_1.mp4", null);

            Assert.NotEqual(storageA, storageB);
            Assert.Equal(a.Headers.ETag, b.Headers.ETag);
        }

        [Fact]
        public async Task An_ETag_from_one_origin_revalidates_at_the_other()
        {
            using var a = await GetAsync(_fixture.OriginA.BaseUri, $"{_fixture.Locator:D}/chunk-0-00001.m4s", null);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_fixture.OriginB.BaseUri, $"{_fixture.Locator:D}/chunk-0-00001.m4s"));
            request.Headers.IfNoneMatch.Add(a.Headers.ETag!);

            using var b = await _fixture.Http.SendAsync(request);

            Assert.Equal(HttpStatusCode.NotModified, b.StatusCode);
        }

        internal static IReadOnlyList<string> HeadersExceptDate(HttpResponseMessage response) =>
            response.Headers.Concat(response.Content.Headers)
                .Where(h => !h.Key.Equals("Date", StringComparison.OrdinalIgnoreCase))
                .Select(h => h.Key + ": " + string.Join(", ", h.Value))
                .OrderBy(h => h, StringComparer.Ordinal)
                .ToList();

        private async Task<HttpResponseMessage> GetAsync(Uri baseUri, string relativePath, string? range)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, relativePath));
            if (range != null) request.Headers.TryAddWithoutValidation("Range", range);
            return await _fixture.Http.SendAsync(request);
        }
    }
}
