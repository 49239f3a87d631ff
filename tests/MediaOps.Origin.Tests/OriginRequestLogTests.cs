using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace MediaOps.Origin.Tests
{
    [Collection(OriginCollection.Name)]
    public sealed class OriginRequestLogTests
    {
        private readonly OriginFixture _fixture;

        public OriginRequestLogTests(OriginFixture fixture) => _fixture = fixture;

        [Fact]
        public async Task Each_request_is_logged_once_as_a_JSON_line_without_its_query_string()
        {
            var secret = "sig=" + Guid.NewGuid().ToString("N");
            var path = $"/{_fixture.Locator:D}/video_1.mp4";
            var marker = Guid.NewGuid().ToString("N");
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_fixture.OriginA.BaseUri, $"{path}?{secret}&marker={marker}"));
            request.Headers.Range = new RangeHeaderValue(100, 199);
            using var missing = new HttpRequestMessage(HttpMethod.Get, new Uri(_fixture.OriginA.BaseUri, $"/{_fixture.Locator:D}/missing-{marker}.mp4?{secret}"));

            using var served = await _fixture.Http.SendAsync(request);
            await served.Content.ReadAsByteArrayAsync();
            using var notFound = await _fixture.Http.SendAsync(missing);

            var line = Assert.Single(await OriginFixture.RequestLogLinesAsync(_fixture.OriginA, $"/{_fixture.Locator:D}/missing-{marker}.mp4"));
            var entry = Assert.Single(_fixture.OriginA.Events(OriginLog.RequestId), l => l.GetProperty("State").GetProperty("path").GetString() == line.GetProperty("path").GetString());
            Assert.Equal("GET", line.GetProperty("method").GetString());
            Assert.Equal($"/{_fixture.Locator:D}/missing-{marker}.mp4", line.GetProperty("path").GetString());
            Assert.Equal(404, line.GetProperty("status").GetInt32());
            Assert.Equal("Information", entry.GetProperty("LogLevel").GetString());
            Assert.True(DateTimeOffset.TryParse(entry.GetProperty("Timestamp").GetString(), out _));
            Assert.True(line.GetProperty("durationMs").GetDouble() >= 0);
            Assert.Equal($"nb:lid:UUID:{_fixture.Locator:D}", line.GetProperty("locatorId").GetString());

            await Task.Delay(300);
            var servedLines = RequestLines().Where(l => l.GetProperty("path").GetString() == path && l.GetProperty("range").GetString() == "bytes=100-199").ToList();
            Assert.Single(servedLines);
            Assert.Equal(206, servedLines[0].GetProperty("status").GetInt32());
            Assert.Equal(100, servedLines[0].GetProperty("bytes").GetInt64());
            Assert.DoesNotContain(secret, _fixture.OriginA.Log);
            Assert.DoesNotContain(marker + "&", _fixture.OriginA.Log);
        }

        [Fact]
        public async Task The_origin_logs_that_it_started_with_its_listening_URL()
        {
            await _fixture.OriginA.WaitForEventAsync(OriginLog.StartedId, TimeSpan.FromSeconds(1));

            var started = Assert.Single(_fixture.OriginA.Events(OriginLog.StartedId)).GetProperty("State");
            var urls = started.GetProperty("urls").GetString()!.Split(", ");
            Assert.Contains(_fixture.OriginA.BaseUri.GetLeftPart(UriPartial.Authority), urls);
            Assert.DoesNotContain(_fixture.Azurite.AccountKey("dca"), _fixture.OriginA.Log);
        }

        private IEnumerable<JsonElement> RequestLines() => OriginFixture.RequestFields(_fixture.OriginA);
    }
}
