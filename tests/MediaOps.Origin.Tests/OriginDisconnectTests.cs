using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core;
using MediaOps.Core.Assets;
using MediaOps.Core.Models;
using MediaOps.Testing;
using Xunit;

namespace MediaOps.Origin.Tests
{
    [Collection(OriginCollection.Name)]
    public sealed class OriginDisconnectTests
    {
        private const int LargeFileLength = 16 * 1024 * 1024;

        private readonly OriginFixture _fixture;

        public OriginDisconnectTests(OriginFixture fixture) => _fixture = fixture;

        [Fact]
        public async Task A_client_that_goes_away_mid_body_is_logged_as_499_and_not_as_an_error()
        {
            var assetId = MediaIds.NewAssetId();
            var locator = Guid.NewGuid();
            var directory = TestMedia.NewTempDirectory("origin-disconnect");
            try
            {
                var bytes = new byte[LargeFileLength];
                new Random(7).NextBytes(bytes);
                await File.WriteAllBytesAsync(Path.Combine(directory, "large.mp4"), bytes);
                await new MediaAssetClient(_fixture.Dca).CreateFromDirectoryAsync(
                    assetId, "large", directory, new[] { "large.mp4" }, "large.mp4", 4, null, CancellationToken.None);
                await _fixture.WriteLocatorAsync(_fixture.Dca, locator, MediaLocatorType.OnDemandOrigin,
                    DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), assetId);
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
            var path = $"/{locator:D}/large.mp4";

            using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                socket.ReceiveBufferSize = 4096;
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _fixture.OriginA.BaseUri.Port));
                await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), SocketFlags.None);
                var received = 0;
                var buffer = new byte[4096];
                while (received < 64 * 1024)
                {
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None);
                    Assert.True(read > 0, "The origin closed the connection first.");
                    received += read;
                }
                socket.LingerState = new LingerOption(true, 0);
            }

            var line = Assert.Single(await OriginFixture.RequestLogLinesAsync(_fixture.OriginA, path));
            var entry = _fixture.OriginA.Events(OriginLog.RequestId).Single(l => l.GetProperty("State").GetProperty("path").GetString() == path);
            Assert.Equal(499, line.GetProperty("status").GetInt32());
            Assert.Equal("ClientDisconnected", line.GetProperty("reason").GetString());
            Assert.True(line.GetProperty("bytes").GetInt64() < LargeFileLength);
            Assert.Equal("Information", entry.GetProperty("LogLevel").GetString());
            Assert.DoesNotContain(_fixture.OriginA.LogLines(), l => l.GetProperty("LogLevel").GetString() is "Error" or "Critical");
        }
    }
}
