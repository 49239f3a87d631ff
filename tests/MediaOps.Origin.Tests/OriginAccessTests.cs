using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using MediaOps.Core.Models;
using Xunit;

namespace MediaOps.Origin.Tests
{
    /// <summary>The origin serves only blobs of the locator's asset, and only while the locator is valid.</summary>
    [Collection(OriginCollection.Name)]
    public sealed class OriginAccessTests
    {
        private readonly OriginFixture _fixture;

        public OriginAccessTests(OriginFixture fixture) => _fixture = fixture;

        public static TheoryData<string> TraversalAttempts => new TheoryData<string>
        {
            "/{L}/../asset-{O}/secret.mp4",
            "/{L}/../../{O}/secret.mp4",
            "/{L}/./video_1.mp4",
            "/{L}/%2e%2e/asset-{O}/secret.mp4",
            "/{L}/%2E%2E/%2E%2E/asset-{O}/secret.mp4",
            "/{L}/.%2e/asset-{O}/secret.mp4",
            "/{L}/%2e/video_1.mp4",
            "/{L}/..%2fasset-{O}%2fsecret.mp4",
            "/{L}/%2e%2e%2fasset-{O}%2fsecret.mp4",
            "/{L}/audio%2Finit.mp4",
            "/{L}/..%5casset-{O}%5csecret.mp4",
            "/{L}/audio%5Cinit.mp4",
            "/{L}/..\\asset-{O}\\secret.mp4",
            "/{L}/audio\\init.mp4",
            "/{L}//video_1.mp4",
            "/{L}/audio//init.mp4",
            "/{L}/video%0a_1.mp4",
            "/{L}/%",
            "/{L}/%zz.mp4",
            "/{L}/%C3.mp4",
            "/{L}/",
            "/{L}",
            "/",
            // The Media Services form opens no traversal: the .ism segment is dropped only after every segment is validated.
            "/{L}/x.ism/../../asset-{O}/secret.mp4",
            "/{L}/x.ism/../../{O}/secret.mp4",
            "/{L}/x.ism/..",
            "/{L}/x.ism/../..",
            "/{L}/x.ism/%2e%2e/asset-{O}/secret.mp4",
            "/{L}/x.ism/%2E%2E/%2e%2e/{O}/secret.mp4",
            "/{L}/x.ism/.%2e/manifest(format=m3u8-aapl)",
            "/{L}/x.ism/./manifest(format=m3u8-aapl)",
            "/{L}/x.ism/..%2fasset-{O}%2fsecret.mp4",
            "/{L}/x.ism%2f..%2fvideo_1.mp4",
            "/{L}/x.ism%2Fmanifest(format=m3u8-aapl)",
            "/{L}/x.ism/manifest(format=..%2f..%2fasset-{O}%2fsecret.mp4)",
            "/{L}/x.ism/manifest(format=../../asset-{O}/secret.mp4)",
            "/{L}/x.ism/..%5casset-{O}%5csecret.mp4",
            "/{L}/x.ism//manifest(format=m3u8-aapl)",
            "/{L}/x.ism/manifest(format=m3u8-aapl)/",
            "/{L}/%2e%2e.ism/../asset-{O}/secret.mp4",
        };

        [Theory]
        [MemberData(nameof(TraversalAttempts))]
        public async Task Paths_that_leave_the_asset_or_are_not_canonical_are_refused(string template)
        {
            var path = template.Replace("{L}", _fixture.Locator.ToString("D")).Replace("{O}", Guid.Parse(_fixture.OtherAssetId.Substring(12)).ToString("D"));

            using var response = await _fixture.Http.SendAsync(OriginFixture.RawRequest(HttpMethod.Get, _fixture.OriginA.BaseUri, path));

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest || response.StatusCode == HttpStatusCode.NotFound,
                $"{path} was answered {(int)response.StatusCode}.");
            var logged = await OriginFixture.RequestLogLinesAsync(_fixture.OriginA, path);
            Assert.True(logged.Count > 0, $"The origin did not receive {path} as sent (the client or server normalized it).");
        }

        [Fact]
        public async Task An_encoded_NUL_is_refused_before_any_lookup()
        {
            // Kestrel refuses it itself, so no request line is logged for it; OriginPath refuses it too (see OriginPathTests).
            using var response = await _fixture.Http.SendAsync(OriginFixture.RawRequest(HttpMethod.Get, _fixture.OriginA.BaseUri,
                $"/{_fixture.Locator:D}/video_1.mp4%00.m3u8"));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        [Fact]
        public async Task The_traversal_target_exists_so_refusing_it_is_what_protects_it()
        {
            var otherGuid = Guid.Parse(_fixture.OtherAssetId.Substring(12));
            var otherLocator = Guid.NewGuid();
            var now = DateTimeOffset.UtcNow;
            await _fixture.WriteLocatorAsync(_fixture.Dca, otherLocator, MediaLocatorType.OnDemandOrigin, now.AddMinutes(-1), now.AddDays(1), _fixture.OtherAssetId);

            using var direct = await _fixture.Http.GetAsync(new Uri(_fixture.OriginA.BaseUri, $"{otherLocator:D}/{OriginFixture.OtherAssetSecretFile}"));
            using var byAssetGuid = await _fixture.Http.GetAsync(new Uri(_fixture.OriginA.BaseUri, $"{otherGuid:D}/{OriginFixture.OtherAssetSecretFile}"));

            Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, byAssetGuid.StatusCode);
        }

        [Theory]
        [InlineData("mediaops/locators/{L}.json")]
        [InlineData("asset-{O}/secret.mp4")]
        [InlineData("secret.mp4")]
        public async Task The_names_of_other_containers_blobs_are_looked_up_inside_the_asset_only(string file)
        {
            var path = file.Replace("{L}", _fixture.Locator.ToString("D")).Replace("{O}", Guid.Parse(_fixture.OtherAssetId.Substring(12)).ToString("D"));

            using var response = await _fixture.Http.GetAsync(new Uri(_fixture.OriginA.BaseUri, $"{_fixture.Locator:D}/{path}"));

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        [Fact]
        public async Task An_unknown_locator_is_404()
        {
            using var response = await _fixture.Http.GetAsync(new Uri(_fixture.OriginA.BaseUri, $"{Guid.NewGuid():D}/video_1.mp4"));

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        [Fact]
        public async Task Only_the_hyphenated_guid_form_names_a_locator()
        {
            using var upper = await _fixture.Http.GetAsync(new Uri(_fixture.OriginA.BaseUri, $"{_fixture.Locator.ToString("D").ToUpperInvariant()}/video_1.mp4"));
            using var braces = await _fixture.Http.GetAsync(new Uri(_fixture.OriginA.BaseUri, $"{_fixture.Locator:N}/video_1.mp4"));
            using var canonical = await _fixture.Http.GetAsync(new Uri(_fixture.OriginA.BaseUri, $"{_fixture.Locator:D}/video_1.mp4"));

            Assert.Equal(HttpStatusCode.OK, canonical.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, braces.StatusCode);
            // Guid parsing is case-insensitive; both spellings name the same record.
            Assert.Equal(HttpStatusCode.OK, upper.StatusCode);
        }

        [Fact]
        public async Task A_SAS_locator_is_not_served_by_the_origin()
        {
            using var response = await _fixture.Http.GetAsync(new Uri(_fixture.OriginA.BaseUri, $"{_fixture.SasLocator:D}/video_1.mp4"));

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        [Fact]
        public async Task A_locator_before_its_start_is_refused_with_404()
        {
            using var response = await _fixture.Http.GetAsync(new Uri(_fixture.OriginA.BaseUri, $"{_fixture.NotYetValidLocator:D}/video_1.mp4"));

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        [Fact]
        public async Task A_locator_after_its_expiry_is_refused_with_404()
        {
            using var response = await _fixture.Http.GetAsync(new Uri(_fixture.OriginA.BaseUri, $"{_fixture.ExpiredLocator:D}/video_1.mp4"));

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        [Fact]
        public async Task A_cached_locator_is_not_served_past_its_expiry()
        {
            var locator = Guid.NewGuid();
            var expiry = DateTimeOffset.UtcNow.AddSeconds(3);
            await _fixture.WriteLocatorAsync(_fixture.Dca, locator, MediaLocatorType.OnDemandOrigin, DateTimeOffset.UtcNow.AddMinutes(-1), expiry);
            var url = new Uri(_fixture.OriginA.BaseUri, $"{locator:D}/chunk-0-00001.m4s");

            using var before = await _fixture.Http.GetAsync(url);
            await Task.Delay(expiry - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
            using var after = await _fixture.Http.GetAsync(url);

            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        }

        [Fact]
        public async Task A_locator_created_after_a_miss_is_served_within_seconds()
        {
            var locator = Guid.NewGuid();
            var url = new Uri(_fixture.OriginA.BaseUri, $"{locator:D}/chunk-0-00001.m4s");
            using var miss = await _fixture.Http.GetAsync(url);
            await _fixture.WriteLocatorAsync(_fixture.Dca, locator, MediaLocatorType.OnDemandOrigin, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));

            var deadline = DateTime.UtcNow.AddSeconds(3);
            HttpStatusCode status;
            do
            {
                await Task.Delay(200);
                using var retry = await _fixture.Http.GetAsync(url);
                status = retry.StatusCode;
            }
            while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);

            Assert.Equal(HttpStatusCode.NotFound, miss.StatusCode);
            Assert.Equal(HttpStatusCode.OK, status);
        }
    }
}
