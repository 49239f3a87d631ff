using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MediaOps.Core.Accounts;
using MediaOps.Core.Assets;
using MediaOps.Core.Models;
using MediaOps.Testing;
using Xunit;

namespace MediaOps.Core.Tests.Replication
{
    /// <summary>Assets shaped like an encoder's output (playlists and media files of random bytes), and replica checks.</summary>
    internal sealed class EncodedAssets : IDisposable
    {
        private readonly string _directory = TestMedia.NewTempDirectory("replication");

        public void Dispose() => Directory.Delete(_directory, recursive: true);

        /// <summary>master.m3u8, manifest.mpd and <paramref name="mediaFiles"/> media_N.mp4 of <paramref name="mediaBytes"/> bytes each.</summary>
        public Task<MediaAsset> CreateAsync(MediaAccountContext context, int mediaFiles = 3, int mediaBytes = 200_000, string? name = null)
        {
            var sizes = Enumerable.Range(1, mediaFiles).ToDictionary(i => $"media_{i}.mp4", _ => mediaBytes);
            sizes["master.m3u8"] = 300;
            sizes["manifest.mpd"] = 900;
            return CreateAsync(context, sizes, "master.m3u8", name);
        }

        public async Task<MediaAsset> CreateAsync(MediaAccountContext context, IReadOnlyDictionary<string, int> sizes, string primaryFile, string? name = null)
        {
            var folder = Path.Combine(_directory, Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var paths = new List<string>();
            foreach (var file in sizes)
            {
                var path = Path.Combine(folder, file.Key);
                File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(file.Value));
                paths.Add(path);
            }
            return await new MediaAssetClient(context).CreateAsync(paths,
                new MediaAssetCreateOptions { Name = name ?? "encoded " + Guid.NewGuid().ToString("N").Substring(0, 6), PrimaryFile = primaryFile, MaxConcurrency = 8 });
        }

        /// <summary>Downloads every blob of the asset's container in both accounts and compares names, bytes and content types.</summary>
        public static async Task AssertByteIdenticalAsync(MediaAccountContext source, MediaAccountContext destination, string containerName)
        {
            var expected = await DownloadAllAsync(source.BlobService.GetBlobContainerClient(containerName));
            var actual = await DownloadAllAsync(destination.BlobService.GetBlobContainerClient(containerName));
            Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), actual.Keys.OrderBy(k => k, StringComparer.Ordinal));
            foreach (var blob in expected)
            {
                Assert.True(blob.Value.Content.SequenceEqual(actual[blob.Key].Content), $"'{blob.Key}' differs from its source");
                Assert.Equal(blob.Value.ContentType, actual[blob.Key].ContentType);
            }
        }

        public static BlobContainerClient Container(MediaAccountContext context, MediaAsset asset) =>
            context.BlobService.GetBlobContainerClient(asset.ContainerName);

        private static async Task<Dictionary<string, (byte[] Content, string ContentType)>> DownloadAllAsync(BlobContainerClient container)
        {
            var blobs = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
            await foreach (var item in container.GetBlobsAsync())
            {
                BlobDownloadResult download = await container.GetBlobClient(item.Name).DownloadContentAsync();
                blobs[item.Name] = (download.Content.ToArray(), download.Details.ContentType);
            }
            return blobs;
        }
    }
}
