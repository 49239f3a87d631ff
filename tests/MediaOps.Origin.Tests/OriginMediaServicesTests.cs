using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using MediaOps.Testing;
using Xunit;

namespace MediaOps.Origin.Tests
{
    /// <summary>
    /// The Media Services URL forms <c>/&lt;guid&gt;/&lt;name&gt;.ism/manifest(format=…)</c> and <c>/&lt;guid&gt;/&lt;name&gt;.ism/&lt;path&gt;</c>
    /// on both origins, over a real encoded asset.
    /// </summary>
    [Collection(OriginCollection.Name)]
    public sealed class OriginMediaServicesTests
    {
        private static readonly XNamespace Mpd = "urn:mpeg:dash:schema:mpd:2011";

        private readonly OriginFixture _fixture;

        public OriginMediaServicesTests(OriginFixture fixture) => _fixture = fixture;

        private string Guid => _fixture.EncodedLocatorA.Guid.ToString("D");

        public static TheoryData<string, string> ManifestForms()
        {
            var data = new TheoryData<string, string>();
            foreach (var name in new[] { "Big-Buck-Bunny-encoded", "any_Media.Services-file.name", "a%20b" })
            {
                foreach (var format in OriginPath.HlsFormats) data.Add($"{name}.ism/manifest(format={format})", "master.m3u8");
                foreach (var format in OriginPath.DashFormats) data.Add($"{name}.ism/manifest(format={format})", "manifest.mpd");
            }
            // As some players and CDNs send it: percent-encoded parentheses and '='; and Media Services' case-insensitivity.
            data.Add("x.ism/manifest%28format%3Dm3u8-aapl%29", "master.m3u8");
            data.Add("x.ism/manifest%28format%3Dmpd-time-csf%29", "manifest.mpd");
            data.Add("X.ISM/Manifest(format=M3U8-AAPL)", "master.m3u8");
            return data;
        }

        [Theory]
        [MemberData(nameof(ManifestForms))]
        public async Task Every_format_form_serves_the_manifest_with_the_same_bytes_and_headers_on_both_origins(string form, string file)
        {
            using var direct = await GetAsync(_fixture.OriginA, $"/{Guid}/{file}");
            using var a = await GetAsync(_fixture.OriginA, $"/{Guid}/{form}");
            using var b = await GetAsync(_fixture.OriginB, $"/{Guid}/{form}");

            Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
            Assert.Equal(HttpStatusCode.OK, a.StatusCode);
            Assert.Equal(HttpStatusCode.OK, b.StatusCode);
            var bytes = await direct.Content.ReadAsByteArrayAsync();
            Assert.Equal(bytes, await a.Content.ReadAsByteArrayAsync());
            Assert.Equal(bytes, await b.Content.ReadAsByteArrayAsync());
            Assert.Equal(file.EndsWith(".m3u8", StringComparison.Ordinal) ? "application/vnd.apple.mpegurl" : "application/dash+xml",
                a.Content.Headers.ContentType?.MediaType);
            Assert.Equal("public, max-age=2", OriginRepresentationTests.Header(a, "Cache-Control"));
            Assert.Equal(OriginFailoverTests.HeadersExceptDate(direct), OriginFailoverTests.HeadersExceptDate(a));
            Assert.Equal(OriginFailoverTests.HeadersExceptDate(a), OriginFailoverTests.HeadersExceptDate(b));
        }

        [Fact]
        public async Task The_locators_of_both_accounts_show_the_same_Media_Services_paths_and_both_origins_serve_them()
        {
            var paths = _fixture.EncodedLocatorA.MediaServicesStreamingPaths;

            Assert.Equal(
                new[] { $"{Guid}/Big-Buck-Bunny-encoded.ism/manifest(format=m3u8-aapl)", $"{Guid}/Big-Buck-Bunny-encoded.ism/manifest(format=mpd-time-csf)" },
                paths);
            Assert.Equal(paths, _fixture.EncodedLocatorB.MediaServicesStreamingPaths);
            foreach (var path in paths)
            {
                using var a = await GetAsync(_fixture.OriginA, "/" + path);
                using var b = await GetAsync(_fixture.OriginB, "/" + path);
                Assert.Equal(HttpStatusCode.OK, a.StatusCode);
                Assert.Equal(await a.Content.ReadAsByteArrayAsync(), await b.Content.ReadAsByteArrayAsync());
            }
        }

        [Fact]
        public async Task Every_playlist_and_byte_range_of_the_HLS_master_resolves_under_the_ism_path_on_both_origins()
        {
            var fetched = 0;
            foreach (var origin in new[] { _fixture.OriginA, _fixture.OriginB })
            {
                var master = new Uri(origin.BaseUri, $"/{Guid}/x.ism/manifest(format=m3u8-aapl)");
                var variants = Uris(await GetTextAsync(master)).ToList();
                Assert.True(variants.Count >= 3, $"the master lists {variants.Count} playlists");
                foreach (var variant in variants)
                {
                    var playlistUri = new Uri(master, variant);
                    Assert.StartsWith($"/{Guid}/x.ism/", playlistUri.AbsolutePath, StringComparison.Ordinal);
                    var playlist = await GetTextAsync(playlistUri);
                    Assert.Equal(playlist, await GetTextAsync(new Uri(origin.BaseUri, $"/{Guid}/{variant}")));
                    var ranges = ByteRanges(playlist).ToList();
                    Assert.NotEmpty(ranges);
                    foreach (var (uri, offset, length) in ranges)
                    {
                        await AssertSameRangeAsync(new Uri(playlistUri, uri), new Uri(new Uri(_fixture.OriginA.BaseUri, $"/{Guid}/"), uri), offset, length);
                        fetched++;
                    }
                }
            }
            Assert.True(fetched > 10, $"only {fetched} byte ranges were fetched");
        }

        [Fact]
        public async Task Every_DASH_initialization_and_segment_range_resolves_under_the_ism_path_on_both_origins()
        {
            foreach (var origin in new[] { _fixture.OriginA, _fixture.OriginB })
            {
                var manifest = new Uri(origin.BaseUri, $"/{Guid}/some-name.ism/manifest(format=mpd-time-cmaf)");
                var mpd = XDocument.Parse(await GetTextAsync(manifest));
                var representations = mpd.Descendants(Mpd + "Representation").ToList();
                Assert.True(representations.Count >= 3, $"the MPD has {representations.Count} representations");
                foreach (var representation in representations)
                {
                    var baseUrl = representation.Element(Mpd + "BaseURL")!.Value;
                    var file = new Uri(BaseOf(representation, manifest), baseUrl);
                    Assert.StartsWith($"/{Guid}/some-name.ism/", file.AbsolutePath, StringComparison.Ordinal);
                    var list = representation.Element(Mpd + "SegmentList")!;
                    var ranges = new[] { (string)list.Element(Mpd + "Initialization")!.Attribute("range")! }
                        .Concat(list.Elements(Mpd + "SegmentURL").Select(s => (string)s.Attribute("mediaRange")!))
                        .ToList();
                    Assert.True(ranges.Count >= 3);
                    foreach (var range in ranges)
                    {
                        var parts = range.Split('-').Select(long.Parse).ToArray();
                        var direct = new Uri(new Uri(_fixture.OriginA.BaseUri, $"/{Guid}/"), file.Segments.Last());
                        await AssertSameRangeAsync(file, direct, parts[0], parts[1] - parts[0] + 1);
                    }
                }
            }
        }

        [Fact]
        public async Task Ffmpeg_plays_the_HLS_form_to_the_end_through_both_origins_and_ffprobe_reads_the_DASH_form()
        {
            foreach (var origin in new[] { _fixture.OriginA, _fixture.OriginB })
            {
                var hls = new Uri(origin.BaseUri, $"/{Guid}/Big-Buck-Bunny-encoded.ism/manifest(format=m3u8-aapl)").AbsoluteUri;
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));

                // Every packet of every rendition, read through the byte ranges of the playlists under the .ism path.
                var probe = System.Text.Json.JsonDocument.Parse(await TestMedia.RunAsync("ffprobe",
                    new[] { "-v", "error", "-print_format", "json", "-count_packets", "-show_format", "-show_streams", hls }, timeout.Token)).RootElement;
                var duration = double.Parse(probe.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);
                Assert.InRange(duration, OriginFixture.EncodedSeconds - 0.2, OriginFixture.EncodedSeconds + 0.2);
                var video = probe.GetProperty("streams").EnumerateArray().Where(s => s.GetProperty("codec_type").GetString() == "video").ToList();
                Assert.True(video.Count >= 2, $"ffprobe found {video.Count} video renditions");
                Assert.All(video, s => Assert.Equal(240, int.Parse(s.GetProperty("nb_read_packets").GetString()!, CultureInfo.InvariantCulture)));

                // And ffmpeg decodes every frame of the first variant to the end.
                var log = await TestMedia.RunAsync("ffmpeg",
                    new[] { "-nostdin", "-v", "error", "-i", hls, "-map", "0:v:0", "-f", "framemd5", "-" }, timeout.Token);
                var frames = log.Split('\n').Count(line => line.Length > 0 && !line.StartsWith("#", StringComparison.Ordinal));
                Assert.Equal(240, frames);

                // ffmpeg 5.1's dashdec hangs reading byte-range DASH media, so only the header is read.
                var dash = new Uri(origin.BaseUri, $"/{Guid}/Big-Buck-Bunny-encoded.ism/manifest(format=mpd-time-csf)").AbsoluteUri;
                var dashProbe = System.Text.Json.JsonDocument.Parse(await TestMedia.RunAsync("ffprobe",
                    new[] { "-v", "error", "-print_format", "json", "-show_streams", dash }, timeout.Token)).RootElement;
                Assert.Contains(dashProbe.GetProperty("streams").EnumerateArray(), s => s.GetProperty("codec_type").GetString() == "video");
            }
        }

        public static TheoryData<string> UnsupportedForms() => new TheoryData<string>
        {
            "x.ism/manifest",
            "x.ism/Manifest",
            "x.ism/manifest()",
            "x.ism/manifest(format=)",
            "x.ism/manifest(format=smooth)",
            "x.ism/manifest(format=m3u8-aapl-v4)",
            "x.ism/manifest(format=m3u8-aapl,filter=x)",
            "x.ism/manifest(format=mpd-time-csf,audio-only=false)",
            "x.ism/manifest(filter=x)",
            "x.ism/manifest(filter=x,format=m3u8-aapl)",
            "x.ism/manifest(format=m3u8-aapl",
            "x.ism/manifest%28format%3Dm3u8-aapl%2Cfilter%3Dx%29",
        };

        [Theory]
        [MemberData(nameof(UnsupportedForms))]
        public async Task Smooth_Streaming_unknown_formats_and_options_are_404_naming_the_formats_served(string form)
        {
            var path = $"/{Guid}/{form}";
            using var a = await _fixture.Http.SendAsync(OriginFixture.RawRequest(HttpMethod.Get, _fixture.OriginA.BaseUri, path));
            using var b = await _fixture.Http.SendAsync(OriginFixture.RawRequest(HttpMethod.Get, _fixture.OriginB.BaseUri, path));

            Assert.Equal(HttpStatusCode.NotFound, a.StatusCode);
            Assert.Equal("text/plain", a.Content.Headers.ContentType?.MediaType);
            var body = await a.Content.ReadAsStringAsync();
            foreach (var format in OriginPath.HlsFormats.Concat(OriginPath.DashFormats)) Assert.Contains(format, body);
            Assert.Contains("Smooth Streaming", body);
            Assert.Equal(HttpStatusCode.NotFound, b.StatusCode);
            Assert.Equal(body, await b.Content.ReadAsStringAsync());
            var logged = Assert.Single(await OriginFixture.RequestLogLinesAsync(_fixture.OriginA, path));
            Assert.Equal("UnsupportedManifestFormat", logged.GetProperty("reason").GetString());
        }

        [Fact]
        public async Task The_manifest_form_of_an_unknown_locator_is_a_plain_404()
        {
            using var response = await GetAsync(_fixture.OriginA, $"/{System.Guid.NewGuid():D}/x.ism/manifest(format=m3u8-aapl)");

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("Not found.\n", await response.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task A_file_under_the_ism_path_keeps_range_ETag_and_revalidation_of_the_direct_path()
        {
            using var direct = await GetAsync(_fixture.OriginA, $"/{Guid}/media_0.mp4", "bytes=100-1099");
            using var viaIsm = await GetAsync(_fixture.OriginB, $"/{Guid}/movie.ism/media_0.mp4", "bytes=100-1099");
            using var revalidate = new HttpRequestMessage(HttpMethod.Get, new Uri(_fixture.OriginA.BaseUri, $"/{Guid}/movie.ism/media_0.mp4"));
            revalidate.Headers.IfNoneMatch.Add(direct.Headers.ETag!);
            using var notModified = await _fixture.Http.SendAsync(revalidate);

            Assert.Equal(HttpStatusCode.PartialContent, viaIsm.StatusCode);
            Assert.Equal(await direct.Content.ReadAsByteArrayAsync(), await viaIsm.Content.ReadAsByteArrayAsync());
            Assert.Equal(OriginFailoverTests.HeadersExceptDate(direct), OriginFailoverTests.HeadersExceptDate(viaIsm));
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }

        /// <summary>The URIs of an HLS playlist: its URI lines and the URI attributes of its tags (EXT-X-MEDIA, EXT-X-MAP).</summary>
        private static IEnumerable<string> Uris(string playlist)
        {
            foreach (var line in playlist.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
            {
                if (!line.StartsWith("#", StringComparison.Ordinal)) yield return line;
                else
                {
                    var attribute = Regex.Match(line, "URI=\"([^\"]+)\"");
                    if (attribute.Success) yield return attribute.Groups[1].Value;
                }
            }
        }

        /// <summary>The byte ranges of a media playlist: EXT-X-MAP's and each segment's EXT-X-BYTERANGE (an omitted offset follows the previous range).</summary>
        private static IEnumerable<(string Uri, long Offset, long Length)> ByteRanges(string playlist)
        {
            long next = 0;
            (long Length, long? Offset)? pending = null;
            foreach (var line in playlist.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
            {
                var map = Regex.Match(line, "^#EXT-X-MAP:URI=\"([^\"]+)\",BYTERANGE=\"(\\d+)@(\\d+)\"");
                if (map.Success)
                {
                    yield return (map.Groups[1].Value, long.Parse(map.Groups[3].Value), long.Parse(map.Groups[2].Value));
                    continue;
                }
                var range = Regex.Match(line, "^#EXT-X-BYTERANGE:(\\d+)(?:@(\\d+))?");
                if (range.Success)
                {
                    pending = (long.Parse(range.Groups[1].Value), range.Groups[2].Success ? long.Parse(range.Groups[2].Value) : null);
                    continue;
                }
                if (!line.StartsWith("#", StringComparison.Ordinal))
                {
                    Assert.True(pending.HasValue, $"segment {line} has no byte range");
                    var offset = pending!.Value.Offset ?? next;
                    yield return (line, offset, pending.Value.Length);
                    next = offset + pending.Value.Length;
                    pending = null;
                }
            }
        }

        /// <summary>The base of a Representation's BaseURL: the manifest's URL, resolved through any BaseURL of its ancestors.</summary>
        private static Uri BaseOf(XElement representation, Uri manifest)
        {
            var result = manifest;
            foreach (var ancestor in representation.Ancestors().Reverse())
            {
                var baseUrl = ancestor.Element(Mpd + "BaseURL");
                if (baseUrl != null) result = new Uri(result, baseUrl.Value);
            }
            return result;
        }

        private async Task AssertSameRangeAsync(Uri viaIsm, Uri direct, long offset, long length)
        {
            var range = $"bytes={offset}-{offset + length - 1}";
            using var a = await _fixture.Http.SendAsync(Request(viaIsm, range));
            using var d = await _fixture.Http.SendAsync(Request(direct, range));
            Assert.Equal(HttpStatusCode.PartialContent, a.StatusCode);
            var bytes = await a.Content.ReadAsByteArrayAsync();
            Assert.Equal(length, bytes.Length);
            Assert.Equal(await d.Content.ReadAsByteArrayAsync(), bytes);
            Assert.Equal(OriginFailoverTests.HeadersExceptDate(d), OriginFailoverTests.HeadersExceptDate(a));
        }

        private async Task<string> GetTextAsync(Uri uri)
        {
            using var response = await _fixture.Http.GetAsync(uri);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{uri} was answered {(int)response.StatusCode}");
            return await response.Content.ReadAsStringAsync();
        }

        private Task<HttpResponseMessage> GetAsync(OriginProcess origin, string rawPath, string? range = null)
        {
            var request = OriginFixture.RawRequest(HttpMethod.Get, origin.BaseUri, rawPath);
            if (range != null) request.Headers.TryAddWithoutValidation("Range", range);
            return _fixture.Http.SendAsync(request);
        }

        private static HttpRequestMessage Request(Uri uri, string range)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.TryAddWithoutValidation("Range", range);
            return request;
        }
    }
}
