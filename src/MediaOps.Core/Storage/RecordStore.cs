using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MediaOps.Core.Accounts;

namespace MediaOps.Core.Storage
{
    /// <summary>A record read from storage with the ETag that a conditional update must match.</summary>
    internal readonly struct StoredRecord<T>
    {
        public StoredRecord(T value, ETag etag)
        {
            Value = value;
            ETag = etag;
        }

        public T Value { get; }

        public ETag ETag { get; }
    }

    /// <summary>
    /// JSON records (jobs, endpoints, locators) as blobs in the system container. Creates use If-None-Match *,
    /// updates If-Match the ETag that was read, so concurrent writers never overwrite each other unseen.
    /// </summary>
    internal sealed class RecordStore
    {
        internal static readonly JsonSerializerOptions JsonOptions = CreateJsonOptions();

        private readonly MediaAccountContext _context;
        private readonly BlobContainerClient _container;
        private int _containerReady;

        public RecordStore(MediaAccountContext context)
        {
            _context = context;
            _container = context.GetContainer(StorageNames.SystemContainer);
        }

        public async Task EnsureContainerAsync(CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref _containerReady) == 1) return;
            await StorageErrors.RunAsync(_context, "create the system container 'mediaops'",
                () => _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
            Volatile.Write(ref _containerReady, 1);
        }

        /// <summary>Creates the record; throws <see cref="MediaErrorKind.AlreadyExists"/> when it is already there.</summary>
        public async Task<ETag> CreateAsync<T>(string path, T value, CancellationToken cancellationToken)
        {
            await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var response = await StorageErrors.RunAsync(_context, $"create the record '{path}'",
                    () => _container.GetBlobClient(path).UploadAsync(Serialize(value), new BlobUploadOptions
                    {
                        Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                        HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                    }, cancellationToken)).ConfigureAwait(false);
                return response.Value.ETag;
            }
            catch (RequestFailedException ex) when (ex.Status == 409 || ex.Status == 412)
            {
                throw new MediaOpsException(MediaErrorKind.AlreadyExists, $"The record '{path}' already exists.", path, ex);
            }
        }

        public async Task<StoredRecord<T>?> TryGetAsync<T>(string path, CancellationToken cancellationToken)
        {
            try
            {
                var response = await StorageErrors.RunAsync(_context, $"read the record '{path}'",
                    () => _container.GetBlobClient(path).DownloadContentAsync(cancellationToken)).ConfigureAwait(false);
                var value = Deserialize<T>(response.Value.Content, path);
                return new StoredRecord<T>(value, response.Value.Details.ETag);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return null;
            }
        }

        /// <summary>Replaces the record only if it still has <paramref name="etag"/>; returns the new ETag, or null when it changed meanwhile.</summary>
        public async Task<ETag?> TryReplaceAsync<T>(string path, T value, ETag etag, CancellationToken cancellationToken)
        {
            try
            {
                var response = await StorageErrors.RunAsync(_context, $"update the record '{path}'",
                    () => _container.GetBlobClient(path).UploadAsync(Serialize(value), new BlobUploadOptions
                    {
                        Conditions = new BlobRequestConditions { IfMatch = etag },
                        HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                    }, cancellationToken)).ConfigureAwait(false);
                return response.Value.ETag;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 || ex.Status == 409 || ex.Status == 404)
            {
                return null;
            }
        }

        /// <summary>
        /// Reads, changes and writes back the record until the write wins over concurrent writers.
        /// <paramref name="change"/> returns false to leave the record as it is. Returns null when the record does not exist.
        /// </summary>
        public async Task<StoredRecord<T>?> UpdateAsync<T>(string path, Func<T, bool> change, CancellationToken cancellationToken)
        {
            while (true)
            {
                var current = await TryGetAsync<T>(path, cancellationToken).ConfigureAwait(false);
                if (current is null) return null;
                var value = current.Value.Value;
                if (!change(value)) return current;
                var etag = await TryReplaceAsync(path, value, current.Value.ETag, cancellationToken).ConfigureAwait(false);
                if (etag.HasValue) return new StoredRecord<T>(value, etag.Value);
            }
        }

        public async Task<bool> DeleteAsync(string path, CancellationToken cancellationToken)
        {
            var response = await StorageErrors.RunAsync(_context, $"delete the record '{path}'",
                () => _container.GetBlobClient(path).DeleteIfExistsAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
            return response.Value;
        }

        public async Task<List<T>> ListAsync<T>(string prefix, CancellationToken cancellationToken)
        {
            var result = new List<T>();
            var exists = await StorageErrors.RunAsync(_context, "list records",
                () => _container.ExistsAsync(cancellationToken)).ConfigureAwait(false);
            if (!exists.Value) return result;
            var names = new List<string>();
            await StorageErrors.RunAsync(_context, $"list the records under '{prefix}'", async () =>
            {
                await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).ConfigureAwait(false))
                {
                    names.Add(item.Name);
                }
            }).ConfigureAwait(false);
            foreach (var name in names)
            {
                var record = await TryGetAsync<T>(name, cancellationToken).ConfigureAwait(false);
                if (record.HasValue) result.Add(record.Value.Value);
            }
            return result;
        }

        internal static BinaryData Serialize<T>(T value) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(value, JsonOptions));

        private static T Deserialize<T>(BinaryData content, string path)
        {
            try
            {
                return JsonSerializer.Deserialize<T>(content.ToMemory().Span, JsonOptions)
                    ?? throw new JsonException("The record is null.");
            }
            catch (JsonException ex)
            {
                throw new MediaOpsException(MediaErrorKind.OperationFailed,
                    $"The record '{path}' in the 'mediaops' container is not valid JSON of the expected shape ({ex.Message}). Restore it or delete it.",
                    path, ex);
            }
        }

        private static JsonSerializerOptions CreateJsonOptions()
        {
            var options = new JsonSerializerOptions { WriteIndented = false };
            options.Converters.Add(new JsonStringEnumConverter());
            return options;
        }
    }
}
