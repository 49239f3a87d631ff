using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core;
using MediaOps.Core.Accounts;
using MediaOps.Core.Assets;
using MediaOps.Core.Encoding;
using MediaOps.Core.Locators;
using MediaOps.Core.Models;
using MediaOps.Core.Storage;
using MediaOps.Testing;
using MediaOps.Worker.Ffmpeg;
using Xunit;

namespace MediaOps.Origin.Tests
{
    /// <summary>
    /// One Azurite with accounts dca and dcb holding the same asset (same id, same files) under the same origin locators,
    /// and a real <c>mediaops origin</c> process over each account, as a CDN would see two datacenters. Both accounts also hold
    /// a real 'Adaptive Streaming' encoding of an 8 s mezzanine, published in dca by an origin locator that is replicated to dcb.
    /// </summary>
    public sealed class OriginFixture : IAsyncLifetime
    {
        public static readonly IReadOnlyDictionary<string, byte[]> Files = new Dictionary<string, byte[]>
        {
            ["master.m3u8"] = System.Text.Encoding.UTF8.GetBytes("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nmedia_0.m3u8\n"),
            ["manifest.mpd"] = System.Text.Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\"/>"),
            ["video_1.mp4"] = RandomBytes(300_000, seed: 1),
            ["chunk-0-00001.m4s"] = RandomBytes(12_345, seed: 2),
            ["audio/init.mp4"] = RandomBytes(2_000, seed: 3),
            ["name with space \u00e9.mp4"] = RandomBytes(1_000, seed: 4),
        };

        private AzuriteInstance? _azurite;
        private string? _directory;

        /// <summary>The asset that the locators of both accounts give access to.</summary>
        public string AssetId { get; } = MediaIds.NewAssetId();

        /// <summary>Another asset of dca, whose blob no locator of <see cref="AssetId"/> may reach.</summary>
        public string OtherAssetId { get; } = MediaIds.NewAssetId();

        public const string OtherAssetSecretFile = "secret.mp4";

        /// <summary>Valid now, expiring in a day (within the year: media caching ends at the expiry).</summary>
        public Guid Locator { get; } = Guid.NewGuid();

        /// <summary>Valid now, expiring in two years.</summary>
        public Guid LongLocator { get; } = Guid.NewGuid();

        public Guid NotYetValidLocator { get; } = Guid.NewGuid();

        public Guid ExpiredLocator { get; } = Guid.NewGuid();

        /// <summary>A SAS locator record for the asset: not served by the origin.</summary>
        public Guid SasLocator { get; } = Guid.NewGuid();

        /// <summary>The asset encoded by the worker's encoder, the same files in both accounts.</summary>
        public string EncodedAssetId { get; } = MediaIds.NewAssetId();

        public const string EncodedAssetName = "Big Buck Bunny (encoded)";

        /// <summary>The encoded asset's origin locator in dca, as MediaLocatorClient created it.</summary>
        public MediaLocator EncodedLocatorA { get; private set; } = null!;

        /// <summary>Its replica in dcb.</summary>
        public MediaLocator EncodedLocatorB { get; private set; } = null!;

        public const double EncodedSeconds = 8;

        public DateTimeOffset LocatorExpiry { get; } = TruncateToSecond(DateTimeOffset.UtcNow.AddDays(1));

        public AzuriteInstance Azurite => _azurite ?? throw new InvalidOperationException("The fixture is not started.");

        public MediaAccountContext Dca => Azurite.Context("dca");

        public MediaAccountContext Dcb => Azurite.Context("dcb");

        public OriginProcess OriginA { get; private set; } = null!;

        public OriginProcess OriginB { get; private set; } = null!;

        public HttpClient Http { get; } = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        public async Task InitializeAsync()
        {
            _azurite = await AzuriteInstance.StartAsync();
            _directory = Path.Combine(Path.GetTempPath(), "mediaops-origin-" + Guid.NewGuid().ToString("N"));
            foreach (var file in Files)
            {
                var path = Path.Combine(_directory, file.Key.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllBytesAsync(path, file.Value);
            }
            var secretDirectory = Path.Combine(_directory, "other");
            Directory.CreateDirectory(secretDirectory);
            await File.WriteAllBytesAsync(Path.Combine(secretDirectory, OtherAssetSecretFile), RandomBytes(500, seed: 5));

            foreach (var context in new[] { Dca, Dcb })
            {
                await new MediaAssetClient(context).CreateFromDirectoryAsync(
                    AssetId, "origin test asset", _directory, Files.Keys.ToList(), "master.m3u8", 4, null, CancellationToken.None);
                var now = DateTimeOffset.UtcNow;
                await WriteLocatorAsync(context, Locator, MediaLocatorType.OnDemandOrigin, now.AddMinutes(-5), LocatorExpiry);
                await WriteLocatorAsync(context, LongLocator, MediaLocatorType.OnDemandOrigin, now.AddMinutes(-5), now.AddDays(730));
                await WriteLocatorAsync(context, NotYetValidLocator, MediaLocatorType.OnDemandOrigin, now.AddHours(1), now.AddDays(1));
                await WriteLocatorAsync(context, ExpiredLocator, MediaLocatorType.OnDemandOrigin, now.AddDays(-2), now.AddMinutes(-1));
                await WriteLocatorAsync(context, SasLocator, MediaLocatorType.Sas, now.AddMinutes(-5), now.AddDays(1));
            }
            await new MediaAssetClient(Dca).CreateFromDirectoryAsync(
                OtherAssetId, "another asset", secretDirectory, new[] { OtherAssetSecretFile }, OtherAssetSecretFile, 1, null, CancellationToken.None);

            await PublishEncodedAssetAsync();

            OriginA = await OriginProcess.StartAsync(Azurite.ConnectionString("dca"));
            OriginB = await OriginProcess.StartAsync(Azurite.ConnectionString("dcb"));
        }

        private async Task PublishEncodedAssetAsync()
        {
            var encodeDirectory = Path.Combine(_directory!, "encode");
            var output = Path.Combine(encodeDirectory, "output");
            Directory.CreateDirectory(output);
            var mezzanine = await TestMedia.CreateMezzanineAsync(Path.Combine(encodeDirectory, "mezzanine.mp4"), seconds: EncodedSeconds, width: 640, height: 360);
            var result = await new MediaEncoder().EncodeAsync(mezzanine, PresetCatalog.GetBuiltIn(PresetCatalog.DefaultPresetName), output);
            foreach (var context in new[] { Dca, Dcb })
            {
                await new MediaAssetClient(context).CreateFromDirectoryAsync(
                    EncodedAssetId, EncodedAssetName, output, result.Files, result.PrimaryFile, 4, null, CancellationToken.None);
            }
            EncodedLocatorA = await new MediaLocatorClient(Dca).CreateAsync(EncodedAssetId);
            EncodedLocatorB = (await new MediaLocatorClient(Dcb).ReplicateOriginLocatorsAsync(Dca, EncodedAssetId, EncodedAssetId)).Single();
        }

        public Task WriteLocatorAsync(MediaAccountContext context, Guid guid, MediaLocatorType type, DateTimeOffset start, DateTimeOffset expiry) =>
            WriteLocatorAsync(context, guid, type, start, expiry, AssetId);

        public Task WriteLocatorAsync(
            MediaAccountContext context, Guid guid, MediaLocatorType type, DateTimeOffset start, DateTimeOffset expiry, string assetId)
        {
            var locator = new MediaLocator
            {
                Id = MediaIds.Format(MediaIds.LocatorPrefix, guid),
                Type = type,
                AssetId = assetId,
                StartTime = start,
                ExpirationTime = expiry,
                Created = DateTimeOffset.UtcNow,
                ManifestFiles = { "master.m3u8", "manifest.mpd" },
            };
            return new RecordStore(context).CreateAsync(StorageNames.LocatorRecord(guid), locator, CancellationToken.None);
        }

        /// <summary>A request whose path is sent exactly as written: no dot-segment removal, no unescaping by the client.</summary>
        public static HttpRequestMessage RawRequest(HttpMethod method, Uri baseUri, string rawPathAndQuery) =>
            new HttpRequestMessage(method, new Uri(baseUri.GetLeftPart(UriPartial.Authority) + rawPathAndQuery,
                new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }));

        /// <summary>
        /// The fields (the <c>State</c>) of the request lines of an origin's log whose path is exactly <paramref name="path"/>,
        /// waiting a little for the line to be written.
        /// </summary>
        public static async Task<IReadOnlyList<JsonElement>> RequestLogLinesAsync(OriginProcess origin, string path, int expected = 1)
        {
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (true)
            {
                var lines = RequestFields(origin).Where(fields => fields.GetProperty("path").GetString() == path).ToList();
                if (lines.Count >= expected || DateTime.UtcNow > deadline) return lines;
                await Task.Delay(50);
            }
        }

        /// <summary>The fields of every request line of an origin's log.</summary>
        public static IEnumerable<JsonElement> RequestFields(OriginProcess origin) =>
            origin.Events(OriginLog.RequestId).Select(line => line.GetProperty("State"));

        public Task DisposeAsync()
        {
            Http.Dispose();
            OriginA?.Dispose();
            OriginB?.Dispose();
            _azurite?.Dispose();
            if (_directory != null && Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
            return Task.CompletedTask;
        }

        private static byte[] RandomBytes(int length, int seed)
        {
            var bytes = new byte[length];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }

        private static DateTimeOffset TruncateToSecond(DateTimeOffset time) => new DateTimeOffset(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, time.Offset);
    }

    [CollectionDefinition(Name)]
    public sealed class OriginCollection : ICollectionFixture<OriginFixture>
    {
        public const string Name = "Origin";
    }
}
