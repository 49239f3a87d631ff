using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MediaOps.Core.Accounts;
using MediaOps.Core.Assets;
using MediaOps.Core.Models;
using MediaOps.Core.Storage;
using MediaOps.Testing;

namespace MediaOps.Core.Tests.Locators
{
    /// <summary>Small assets named like an encoder's output, copies of them in another account, and a look at the locator records.</summary>
    internal sealed class LocatorTestKit : IDisposable
    {
        public static readonly string[] AdaptiveFiles = { "master.m3u8", "manifest.mpd", "media_0.mp4" };

        private readonly string _directory = TestMedia.NewTempDirectory("locators");

        public void Dispose() => Directory.Delete(_directory, recursive: true);

        /// <summary>An adaptive-streaming output: HLS master playlist (primary), DASH manifest, one media file.</summary>
        public Task<MediaAsset> CreateAdaptiveAssetAsync(MediaAccountContext context, string? name = null) =>
            CreateAssetAsync(context, AdaptiveFiles, "master.m3u8", name);

        /// <summary>A single-bitrate output: one progressive MP4 and nothing to stream it by.</summary>
        public Task<MediaAsset> CreateProgressiveAssetAsync(MediaAccountContext context) =>
            CreateAssetAsync(context, new[] { "movie.mp4" }, "movie.mp4");

        /// <summary>The asset with the same id, name and files in <paramref name="destination"/>, as Copy-MediaAsset leaves it.</summary>
        public Task<MediaAsset> CopyAsync(MediaAsset asset, MediaAccountContext destination, string? name = null)
        {
            var directory = Path.Combine(_directory, Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            foreach (var file in asset.Files) File.WriteAllBytes(Path.Combine(directory, file.Name), RandomNumberGenerator.GetBytes((int)file.Length));
            return new MediaAssetClient(destination).CreateFromDirectoryAsync(
                asset.Id, name ?? asset.Name, directory, asset.Files.Select(f => f.Name).ToList(), asset.PrimaryFile!, 4, null, CancellationToken.None);
        }

        /// <summary>Names of every locator record of the account.</summary>
        public static async Task<List<string>> LocatorRecordNamesAsync(MediaAccountContext context)
        {
            var container = context.BlobService.GetBlobContainerClient(StorageNames.SystemContainer);
            var names = new List<string>();
            if (!(await container.ExistsAsync()).Value) return names;
            await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = StorageNames.LocatorsPrefix })) names.Add(blob.Name);
            return names;
        }

        public static async Task<string> ReadRecordJsonAsync(MediaAccountContext context, MediaLocator locator)
        {
            var blob = context.BlobService.GetBlobContainerClient(StorageNames.SystemContainer).GetBlobClient(StorageNames.LocatorRecord(locator.Guid));
            return (await blob.DownloadContentAsync()).Value.Content.ToString();
        }

        /// <summary>The ids of the stored access policies on the asset's container.</summary>
        public static async Task<List<string>> StoredPolicyIdsAsync(MediaAccountContext context, string assetId)
        {
            var policy = await context.BlobService.GetBlobContainerClient(MediaIds.AssetContainerName(assetId)).GetAccessPolicyAsync();
            return policy.Value.SignedIdentifiers.Select(s => s.Id).ToList();
        }

        /// <summary>A container client that authenticates with nothing but the SAS URL.</summary>
        public static BlobContainerClient ContainerFromSas(MediaLocator locator) =>
            new BlobContainerClient(new Uri(locator.Path ?? throw new InvalidOperationException($"Locator {locator.Id} has no Path.")),
                new BlobClientOptions { Retry = { MaxRetries = 0 } });

        private async Task<MediaAsset> CreateAssetAsync(MediaAccountContext context, IEnumerable<string> names, string primary, string? assetName = null)
        {
            var directory = Path.Combine(_directory, Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            var paths = names.Select(name =>
            {
                var path = Path.Combine(directory, name);
                File.WriteAllBytes(path, name.EndsWith(".mp4", StringComparison.Ordinal)
                    ? RandomNumberGenerator.GetBytes(2048)
                    : System.Text.Encoding.UTF8.GetBytes("manifest of " + name));
                return path;
            }).ToList();
            return await new MediaAssetClient(context).CreateAsync(paths, new MediaAssetCreateOptions { PrimaryFile = primary, Name = assetName });
        }
    }
}
