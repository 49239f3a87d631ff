using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MediaOps.Core.Accounts;
using MediaOps.Core.Models;
using MediaOps.Core.Storage;

namespace MediaOps.Core.Assets
{
    /// <summary>Creates, reads and deletes assets: blob containers <c>asset-&lt;guid&gt;</c> whose blobs are the asset's files.</summary>
    public sealed class MediaAssetClient
    {
        private readonly MediaAccountContext _context;

        public MediaAssetClient(MediaAccountContext context)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
        }

        /// <summary>
        /// Uploads local files, several at once, into a new asset, and registers it only when every file is in place.
        /// Every file is checked before anything is created; a failed upload leaves nothing behind.
        /// </summary>
        public async Task<MediaAsset> CreateAsync(
            IReadOnlyList<string> filePaths, MediaAssetCreateOptions? options = null, IProgress<TransferProgress>? progress = null,
            CancellationToken cancellationToken = default)
        {
            options ??= new MediaAssetCreateOptions();
            var files = ValidateLocalFiles(filePaths);
            var uploads = files.Select(f => new FileUpload(f.FullName, f.Name, f.Length)).ToList();
            var primary = options.PrimaryFile ?? uploads[0].BlobName;
            if (!uploads.Any(u => u.BlobName.Equals(primary, StringComparison.Ordinal)))
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"The primary file '{primary}' is not one of the files to upload ({string.Join(", ", uploads.Select(u => u.BlobName))}).", primary);
            }

            var name = string.IsNullOrWhiteSpace(options.Name) ? uploads[0].BlobName : options.Name!;
            return await UploadAndRegisterAsync(MediaIds.NewAssetId(), name, primary, uploads, options.MaxConcurrency, progress, cancellationToken)
                .ConfigureAwait(false);
        }

        /// <summary>
        /// Uploads the files of a local directory into the asset with the given id (a job's output), replacing blobs of
        /// the same names left by an earlier attempt, and registers it when every file is in place.
        /// </summary>
        internal Task<MediaAsset> CreateFromDirectoryAsync(
            string assetId, string name, string directory, IReadOnlyList<string> relativeFiles, string primaryFile, int maxConcurrency,
            IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
        {
            var uploads = relativeFiles
                .Select(f => new FileUpload(Path.Combine(directory, f.Replace('/', Path.DirectorySeparatorChar)), f.Replace('\\', '/'),
                    new FileInfo(Path.Combine(directory, f)).Length))
                .ToList();
            return UploadAndRegisterAsync(assetId, name, primaryFile, uploads, maxConcurrency, progress, cancellationToken);
        }

        public async Task<MediaAsset> GetAsync(string assetId, CancellationToken cancellationToken = default)
        {
            var asset = await TryGetAsync(assetId, cancellationToken).ConfigureAwait(false);
            return asset ?? throw NotFound(assetId);
        }

        /// <summary>The asset with its files, or null when no registered asset has this id.</summary>
        public async Task<MediaAsset?> TryGetAsync(string assetId, CancellationToken cancellationToken = default)
        {
            var id = MediaIds.Normalize(assetId, MediaIds.AssetPrefix, "asset");
            var container = _context.GetContainer(MediaIds.AssetContainerName(id));
            BlobContainerProperties properties;
            try
            {
                properties = (await StorageErrors.RunAsync(_context, $"read asset {id}",
                    () => container.GetPropertiesAsync(cancellationToken: cancellationToken)).ConfigureAwait(false)).Value;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return null;
            }
            if (!AssetMetadata.IsReady(properties.Metadata)) return null;
            var asset = AssetMetadata.Read(container.Name, properties.Metadata, properties.LastModified);
            asset.Files = await ListFilesAsync(container, cancellationToken).ConfigureAwait(false);
            asset.Context = _context;
            return asset;
        }

        /// <summary>Registered assets whose name matches the wildcard pattern (all when null), oldest first.</summary>
        public async Task<IReadOnlyList<MediaAsset>> ListAsync(string? namePattern = null, CancellationToken cancellationToken = default)
        {
            var result = new List<MediaAsset>();
            await StorageErrors.RunAsync(_context, "list assets", async () =>
            {
                await foreach (var item in _context.BlobService.GetBlobContainersAsync(
                    BlobContainerTraits.Metadata, prefix: StorageNames.AssetContainerPrefix, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    if (item.Properties.Metadata == null || !AssetMetadata.IsReady(item.Properties.Metadata)) continue;
                    var asset = AssetMetadata.Read(item.Name, item.Properties.Metadata, item.Properties.LastModified);
                    if (Wildcard.IsMatch(namePattern, asset.Name)) result.Add(asset);
                }
            }).ConfigureAwait(false);
            foreach (var asset in result)
            {
                asset.Files = await ListFilesAsync(_context.GetContainer(asset.ContainerName), cancellationToken).ConfigureAwait(false);
                asset.Context = _context;
            }
            return result.OrderBy(a => a.Created).ToList();
        }

        /// <summary>
        /// Deletes the asset's locators, then its container and every file in it, as Media Services deleted an asset's
        /// locators with it. Locators go first: if the container cannot be deleted, the asset is left unpublished rather
        /// than leaving locators that point at nothing.
        /// </summary>
        public async Task DeleteAsync(string assetId, CancellationToken cancellationToken = default)
        {
            var id = MediaIds.Normalize(assetId, MediaIds.AssetPrefix, "asset");
            var container = _context.GetContainer(MediaIds.AssetContainerName(id));
            var exists = await StorageErrors.RunAsync(_context, $"read asset {id}",
                () => container.ExistsAsync(cancellationToken)).ConfigureAwait(false);
            if (!exists.Value) throw NotFound(id);

            var records = new RecordStore(_context);
            foreach (var locator in await records.ListAsync<MediaLocator>(StorageNames.LocatorsPrefix, cancellationToken).ConfigureAwait(false))
            {
                if (string.Equals(locator.AssetId, id, StringComparison.OrdinalIgnoreCase))
                {
                    // The container's stored access policies, SAS locators' backing, go with the container.
                    await records.DeleteAsync(StorageNames.LocatorRecord(locator.Guid), cancellationToken).ConfigureAwait(false);
                }
            }

            // A SAS locator being created or removed holds the container's lease for a moment.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var deleted = await StorageErrors.RunAsync(_context, $"delete asset {id}",
                        () => container.DeleteIfExistsAsync(cancellationToken: cancellationToken))
                        .ConfigureAwait(false);
                    if (!deleted.Value) throw NotFound(id);
                    return;
                }
                catch (RequestFailedException ex) when (ex.Status == 409 || ex.Status == 412)
                {
                    if (attempt >= 10)
                    {
                        throw new MediaOpsException(MediaErrorKind.Conflict,
                            $"Asset {id} could not be deleted: its container is leased ({ex.ErrorCode ?? ex.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)}), " +
                            "which MediaOps does only for a moment while it changes a SAS locator. Run Remove-MediaAsset again; if it persists, break the lease in the portal.",
                            id);
                    }
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Downloads one file of an asset to a local path.</summary>
        public async Task DownloadFileAsync(string assetId, string fileName, string destinationPath, CancellationToken cancellationToken = default)
        {
            var id = MediaIds.Normalize(assetId, MediaIds.AssetPrefix, "asset");
            var blob = _context.GetContainer(MediaIds.AssetContainerName(id)).GetBlobClient(fileName);
            try
            {
                await StorageErrors.RunAsync(_context, $"download '{fileName}' of asset {id}",
                    () => blob.DownloadToAsync(destinationPath, cancellationToken)).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                throw new MediaOpsException(MediaErrorKind.NotFound, $"Asset {id} has no file '{fileName}'.", fileName, ex);
            }
        }

        internal MediaOpsException NotFound(string assetId) =>
            new MediaOpsException(MediaErrorKind.NotFound,
                $"Asset {assetId} does not exist in account '{_context.Name}'. Use Get-MediaAsset to list the account's assets.", assetId);

        private static List<FileInfo> ValidateLocalFiles(IReadOnlyList<string> filePaths)
        {
            if (filePaths == null || filePaths.Count == 0)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument, "No files were given. Pass one or more media files with -Path.");
            }
            var files = new List<FileInfo>();
            foreach (var path in filePaths)
            {
                var file = new FileInfo(path);
                if (!file.Exists)
                {
                    throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                        Directory.Exists(path)
                            ? $"'{path}' is a directory. Pass the media files inside it, for example with Get-ChildItem."
                            : $"The file '{path}' does not exist. Check the path and the current directory.",
                        path);
                }
                if (file.Length == 0)
                {
                    throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                        $"The file '{path}' is empty (0 bytes). Pass a media file with content.", path);
                }
                files.Add(file);
            }
            var duplicate = files.GroupBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"Two files are named '{duplicate.Key}'; the files of an asset need distinct names.", duplicate.Key);
            }
            return files;
        }

        private async Task<MediaAsset> UploadAndRegisterAsync(
            string assetId, string name, string primaryFile, IReadOnlyList<FileUpload> uploads, int maxConcurrency,
            IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
        {
            var container = _context.GetContainer(MediaIds.AssetContainerName(assetId));
            var createdHere = false;
            try
            {
                var created = await StorageErrors.RunAsync(_context, $"create asset {assetId}",
                    () => container.CreateIfNotExistsAsync(metadata: AssetMetadata.ForUpload(assetId, name), cancellationToken: cancellationToken))
                    .ConfigureAwait(false);
                createdHere = created != null;
                if (!createdHere)
                {
                    await StorageErrors.RunAsync(_context, $"update asset {assetId}",
                        () => container.SetMetadataAsync(AssetMetadata.ForUpload(assetId, name), cancellationToken: cancellationToken))
                        .ConfigureAwait(false);
                }

                await UploadFilesAsync(container, uploads, Math.Max(1, maxConcurrency), progress, cancellationToken).ConfigureAwait(false);

                var asset = new MediaAsset
                {
                    Id = assetId,
                    Name = name,
                    ContainerName = container.Name,
                    PrimaryFile = primaryFile,
                    Created = DateTimeOffset.UtcNow,
                };
                await StorageErrors.RunAsync(_context, $"register asset {assetId}",
                    () => container.SetMetadataAsync(AssetMetadata.ForRegistration(asset), cancellationToken: cancellationToken))
                    .ConfigureAwait(false);
                asset.Files = await ListFilesAsync(container, cancellationToken).ConfigureAwait(false);
                asset.Context = _context;
                return asset;
            }
            catch when (createdHere)
            {
                try
                {
                    await container.DeleteIfExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The original failure is what the caller needs to see.
                }
                throw;
            }
        }

        private async Task UploadFilesAsync(
            BlobContainerClient container, IReadOnlyList<FileUpload> uploads, int maxConcurrency, IProgress<TransferProgress>? progress,
            CancellationToken cancellationToken)
        {
            var totalBytes = uploads.Sum(u => u.Length);
            var tracker = new TransferTracker(totalBytes, uploads.Count, progress);
            using var gate = new SemaphoreSlim(maxConcurrency);
            var tasks = uploads.Select(async upload =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var md5 = ComputeMd5(upload.LocalPath);
                    long reported = 0;
                    var options = new BlobUploadOptions
                    {
                        HttpHeaders = new BlobHttpHeaders { ContentType = ContentTypes.ForFile(upload.BlobName), ContentHash = md5 },
                        ProgressHandler = new Progress<long>(bytes =>
                        {
                            var delta = bytes - Interlocked.Exchange(ref reported, bytes);
                            tracker.AddBytes(delta, upload.BlobName);
                        }),
                        TransferOptions = new Azure.Storage.StorageTransferOptions { MaximumConcurrency = 4 },
                    };
                    await StorageErrors.RunAsync(_context, $"upload '{upload.BlobName}'",
                        () => container.GetBlobClient(upload.BlobName).UploadAsync(upload.LocalPath, options, cancellationToken)).ConfigureAwait(false);
                    tracker.CompleteFile(upload.Length - Interlocked.Read(ref reported), upload.BlobName);
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }

        internal async Task<IReadOnlyList<MediaAssetFile>> ListFilesAsync(BlobContainerClient container, CancellationToken cancellationToken)
        {
            var files = new List<MediaAssetFile>();
            await StorageErrors.RunAsync(_context, $"list the files of {container.Name}", async () =>
            {
                await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    files.Add(new MediaAssetFile
                    {
                        Name = blob.Name,
                        Length = blob.Properties.ContentLength ?? 0,
                        ContentType = blob.Properties.ContentType,
                        ContentMd5 = blob.Properties.ContentHash is { Length: > 0 } hash ? Convert.ToBase64String(hash) : null,
                    });
                }
            }).ConfigureAwait(false);
            return files;
        }

        private static byte[] ComputeMd5(string path)
        {
            using var md5 = MD5.Create();
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            return md5.ComputeHash(stream);
        }

        private sealed class FileUpload
        {
            public FileUpload(string localPath, string blobName, long length)
            {
                LocalPath = localPath;
                BlobName = blobName;
                Length = length;
            }

            public string LocalPath { get; }

            public string BlobName { get; }

            public long Length { get; }
        }
    }
}
