using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using MediaOps.Testing;
using Xunit;

namespace MediaOps.Origin.Tests
{
    /// <summary>Each test has its own Azurite, which it may stop, and its own origin.</summary>
    public sealed class OriginHealthTests
    {
        [Fact]
        public async Task Healthz_is_200_while_storage_answers_and_503_once_it_is_gone()
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var azurite = await AzuriteInstance.StartAsync(new[] { "dca" });
            using var origin = await StartOriginAsync(azurite);
            var healthz = new Uri(origin.BaseUri, "healthz");
            try
            {
                using var healthy = await http.GetAsync(healthz);
                Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
                Assert.Equal("no-store", healthy.Headers.CacheControl?.ToString());
            }
            finally
            {
                azurite.Dispose();
            }

            var deadline = DateTime.UtcNow.AddSeconds(10);
            HttpStatusCode status;
            TimeSpan lastProbe;
            do
            {
                var started = DateTime.UtcNow;
                using var probe = await http.GetAsync(healthz);
                lastProbe = DateTime.UtcNow - started;
                status = probe.StatusCode;
                if (status != HttpStatusCode.OK) break;
                await Task.Delay(200);
            }
            while (DateTime.UtcNow < deadline);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.True(lastProbe < TimeSpan.FromSeconds(5), $"The failing probe took {lastProbe}.");
            Assert.False(origin.HasExited);
        }

        [Fact]
        public async Task HEAD_healthz_is_answered_and_other_methods_are_405()
        {
            using var http = new HttpClient();
            using var azurite = await AzuriteInstance.StartAsync(new[] { "dca" });
            using var origin = await StartOriginAsync(azurite);

            using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(origin.BaseUri, "healthz")));
            using var post = await http.PostAsync(new Uri(origin.BaseUri, "healthz"), new StringContent(""));

            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        }

        [Fact]
        public async Task SIGTERM_stops_the_origin_with_exit_code_0()
        {
            using var azurite = await AzuriteInstance.StartAsync(new[] { "dca" });
            using var origin = await StartOriginAsync(azurite);

            Assert.True(origin.Stop(TimeSpan.FromSeconds(15)), "The origin did not exit after SIGTERM. Log:\n" + origin.Log);

            Assert.True(origin.ExitCode == 0, $"Exit code {origin.ExitCode}. Log:\n{origin.Log}");
            Assert.Single(origin.Events(OriginLog.StoppedId));
        }

        [Fact]
        public async Task An_origin_restricted_to_one_CORS_origin_allows_only_that_one()
        {
            using var http = new HttpClient();
            using var azurite = await AzuriteInstance.StartAsync(new[] { "dca" });
            using var origin = await OriginProcess.StartAsync(azurite.ConnectionString("dca"), null, "--cors-origin", "https://player.example.net");

            using var allowed = await PreflightAsync(http, origin, "https://player.example.net");
            using var refused = await PreflightAsync(http, origin, "https://elsewhere.example.org");

            Assert.Equal("https://player.example.net", OriginRepresentationTests.Header(allowed, "Access-Control-Allow-Origin"));
            Assert.Contains("Origin", OriginRepresentationTests.Header(allowed, "Vary"));
            Assert.Null(OriginRepresentationTests.Header(refused, "Access-Control-Allow-Origin"));
            Assert.Null(OriginRepresentationTests.Header(refused, "Access-Control-Allow-Methods"));
        }

        [Fact]
        public async Task An_origin_without_a_connection_string_exits_2_and_says_how_to_give_one()
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => OriginProcess.StartAsync("", TimeSpan.FromSeconds(20)));

            Assert.Contains("exited (2)", error.Message);
            Assert.Contains("MEDIAOPS_CONNECTION_STRING", error.Message);
        }

        private static Task<OriginProcess> StartOriginAsync(AzuriteInstance azurite) => OriginProcess.StartAsync(azurite.ConnectionString("dca"));

        private static Task<HttpResponseMessage> PreflightAsync(HttpClient http, OriginProcess origin, string requestOrigin)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, new Uri(origin.BaseUri, $"{Guid.NewGuid():D}/video.mp4"));
            request.Headers.Add("Origin", requestOrigin);
            request.Headers.Add("Access-Control-Request-Method", "GET");
            return http.SendAsync(request);
        }
    }
}
