using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using MediaOps.Core.Models;
using MediaOps.Core.Storage;

namespace MediaOps.Core.Accounts
{
    /// <summary>How a context authenticates to its storage account.</summary>
    public enum MediaAccountAuthentication
    {
        ConnectionString,
        TokenCredential,
        Local,
    }

    /// <summary>
    /// One media account: a storage account (Blob + Queue) with a display name and, optionally, the base URL of
    /// the streaming origin that serves it. Immutable; safe to share between threads.
    /// </summary>
    public sealed class MediaAccountContext
    {
        /// <summary>Azurite's well-known development account key (public, documented by Azurite).</summary>
        public const string AzuriteDevelopmentAccountKey =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

        private MediaAccountContext(
            string name,
            string storageAccountName,
            BlobServiceClient blobService,
            QueueServiceClient queueService,
            QueueServiceClient rawQueueService,
            Uri? streamingEndpoint,
            MediaAccountAuthentication authentication,
            MediaClientOptions options)
        {
            Name = name;
            StorageAccountName = storageAccountName;
            BlobService = blobService;
            QueueService = queueService;
            RawQueueService = rawQueueService;
            StreamingEndpoint = streamingEndpoint;
            Authentication = authentication;
            Options = options;
        }

        /// <summary>Display name; the AccountName of every notification this context publishes.</summary>
        public string Name { get; }

        public string StorageAccountName { get; }

        /// <summary>The blob endpoint, without any SAS query a connection string may have given it.</summary>
        public Uri BlobEndpoint => WithoutQuery(BlobService.Uri);

        /// <summary>The queue endpoint, without any SAS query a connection string may have given it.</summary>
        public Uri QueueEndpoint => WithoutQuery(QueueService.Uri);

        /// <summary>Base URL of the streaming origin for this account, when one was given.</summary>
        public Uri? StreamingEndpoint { get; }

        public MediaAccountAuthentication Authentication { get; }

        public BlobServiceClient BlobService { get; }

        public QueueServiceClient QueueService { get; }

        public MediaClientOptions Options { get; }

        /// <summary>
        /// The queue service without Base64 decoding, with the same credential: lets notification readers see a message's
        /// text exactly as it is, so that one that is not Base64 can be moved to a poison queue intact.
        /// </summary>
        internal QueueServiceClient RawQueueService { get; }

        /// <summary>True when the context holds an account key and so can sign SAS tokens itself.</summary>
        public bool CanGenerateSas => BlobService.CanGenerateAccountSasUri;

        public override string ToString() => $"{Name} ({BlobEndpoint})";

        public static MediaAccountContext FromConnectionString(
            string name, string connectionString, Uri? streamingEndpoint = null, MediaClientOptions? options = null)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    "The connection string is empty. Pass the storage account's connection string, for example from the portal's 'Access keys' page or 'az storage account show-connection-string'.");
            }

            options ??= new MediaClientOptions();
            var accountName = ReadAccountName(connectionString);
            BlobServiceClient blob;
            QueueServiceClient queue;
            QueueServiceClient raw;
            try
            {
                blob = new BlobServiceClient(connectionString, BlobOptions(options));
                queue = new QueueServiceClient(connectionString, QueueOptions(options));
                raw = new QueueServiceClient(connectionString, QueueOptions(options, QueueMessageEncoding.None));
            }
            catch (Exception ex) when (ex is FormatException || ex is ArgumentException || ex is InvalidOperationException)
            {
                // The SDK's message may quote the connection string, so it is not passed on.
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    "The connection string is not valid. It needs AccountName and AccountKey (or a SharedAccessSignature) and, outside Azure's public cloud, BlobEndpoint and QueueEndpoint.");
            }

            return new MediaAccountContext(ValidateName(name, accountName), accountName, blob, queue, raw, streamingEndpoint,
                MediaAccountAuthentication.ConnectionString, options);
        }

        /// <summary>A context for an account reached with an Entra ID credential (managed identity, DefaultAzureCredential, ...).</summary>
        public static MediaAccountContext FromTokenCredential(
            string name, string storageAccountName, TokenCredential credential, Uri? blobEndpoint = null, Uri? queueEndpoint = null,
            Uri? streamingEndpoint = null, MediaClientOptions? options = null)
        {
            if (credential is null) throw new ArgumentNullException(nameof(credential));
            if (string.IsNullOrWhiteSpace(storageAccountName) || !IsValidAccountName(storageAccountName))
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"'{storageAccountName}' is not a valid storage account name: use 3 to 24 lowercase letters and digits.",
                    storageAccountName);
            }

            options ??= new MediaClientOptions();
            blobEndpoint ??= new Uri($"https://{storageAccountName}.blob.core.windows.net/");
            queueEndpoint ??= new Uri($"https://{storageAccountName}.queue.core.windows.net/");
            var blob = new BlobServiceClient(blobEndpoint, credential, BlobOptions(options));
            var queue = new QueueServiceClient(queueEndpoint, credential, QueueOptions(options));
            var raw = new QueueServiceClient(queueEndpoint, credential, QueueOptions(options, QueueMessageEncoding.None));
            return new MediaAccountContext(ValidateName(name, storageAccountName), storageAccountName, blob, queue, raw, streamingEndpoint,
                MediaAccountAuthentication.TokenCredential, options);
        }

        /// <summary>
        /// A context that signs in with a managed identity (system-assigned, or user-assigned when <paramref name="clientId"/>
        /// is given): what an Automation runbook or an Azure VM uses.
        /// </summary>
        public static MediaAccountContext FromManagedIdentity(
            string name, string storageAccountName, string? clientId = null, Uri? blobEndpoint = null, Uri? queueEndpoint = null,
            Uri? streamingEndpoint = null, MediaClientOptions? options = null)
        {
            var credential = string.IsNullOrEmpty(clientId)
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            return FromTokenCredential(name, storageAccountName, credential, blobEndpoint, queueEndpoint, streamingEndpoint, options);
        }

        /// <summary>A context that signs in with DefaultAzureCredential (environment, workload or managed identity, Azure CLI, ...).</summary>
        public static MediaAccountContext FromDefaultAzureCredential(
            string name, string storageAccountName, Uri? blobEndpoint = null, Uri? queueEndpoint = null,
            Uri? streamingEndpoint = null, MediaClientOptions? options = null) =>
            FromTokenCredential(name, storageAccountName, new DefaultAzureCredential(), blobEndpoint, queueEndpoint, streamingEndpoint, options);

        /// <summary>A context for an Azurite account on this machine.</summary>
        public static MediaAccountContext ForAzurite(
            string? name = null, string accountName = "devstoreaccount1", string accountKey = AzuriteDevelopmentAccountKey,
            int blobPort = 10000, int queuePort = 10001, Uri? streamingEndpoint = null, MediaClientOptions? options = null)
        {
            options ??= new MediaClientOptions();
            var blobEndpoint = new Uri($"http://127.0.0.1:{blobPort}/{accountName}");
            var queueEndpoint = new Uri($"http://127.0.0.1:{queuePort}/{accountName}");
            var key = new StorageSharedKeyCredential(accountName, accountKey);
            var blob = new BlobServiceClient(blobEndpoint, key, BlobOptions(options));
            var queue = new QueueServiceClient(queueEndpoint, key, QueueOptions(options));
            var raw = new QueueServiceClient(queueEndpoint, key, QueueOptions(options, QueueMessageEncoding.None));
            return new MediaAccountContext(ValidateName(name, accountName), accountName, blob, queue, raw, streamingEndpoint,
                MediaAccountAuthentication.Local, options);
        }

        /// <summary>The connection string of an Azurite account; used by tests, the demo and local workers.</summary>
        public static string AzuriteConnectionString(string accountName, string accountKey, int blobPort, int queuePort) =>
            $"DefaultEndpointsProtocol=http;AccountName={accountName};AccountKey={accountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/{accountName};QueueEndpoint=http://127.0.0.1:{queuePort}/{accountName};";

        /// <summary>
        /// Checks that the account answers and accepts the credentials, so that a wrong key or an unreachable
        /// endpoint is reported when connecting rather than in the middle of later work.
        /// </summary>
        public async Task VerifyAsync(CancellationToken cancellationToken = default)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Options.ConnectTimeout);
            try
            {
                await StorageErrors.RunAsync(this, "reach the account",
                    () => BlobService.GetBlobContainerClient(StorageNames.SystemContainer).ExistsAsync(deadline.Token))
                    .ConfigureAwait(false);
                await StorageErrors.RunAsync(this, "reach the account's queues",
                    () => QueueService.GetQueueClient(Options.WorkQueueName).ExistsAsync(deadline.Token))
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new MediaOpsException(MediaErrorKind.StorageUnreachable,
                    $"The storage endpoint {BlobEndpoint.GetLeftPart(UriPartial.Path)} did not answer within {Options.ConnectTimeout.TotalSeconds:0} seconds. Check the endpoint, the network path and any firewall rules of the account.",
                    BlobEndpoint.GetLeftPart(UriPartial.Path));
            }
        }

        internal BlobContainerClient GetContainer(string containerName) => BlobService.GetBlobContainerClient(containerName);

        internal QueueClient GetQueue(string queueName) => QueueService.GetQueueClient(queueName);

        internal QueueClient GetRawQueue(string queueName) => RawQueueService.GetQueueClient(queueName);

        private static Uri WithoutQuery(Uri uri) => new Uri(uri.GetLeftPart(UriPartial.Path));

        private static BlobClientOptions BlobOptions(MediaClientOptions options)
        {
            var result = new BlobClientOptions();
            Configure(result, options);
            return result;
        }

        // Base64 by default, as the classic storage SDK wrote messages: consumers of Media Services notifications expect
        // it, and it keeps non-ASCII text intact through every storage implementation.
        private static QueueClientOptions QueueOptions(MediaClientOptions options, QueueMessageEncoding encoding = QueueMessageEncoding.Base64)
        {
            var result = new QueueClientOptions { MessageEncoding = encoding };
            Configure(result, options);
            return result;
        }

        private static void Configure(ClientOptions clientOptions, MediaClientOptions options)
        {
            clientOptions.Retry.MaxRetries = options.MaxRetries;
            clientOptions.Retry.Mode = RetryMode.Exponential;
            clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(400);
            clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(8);
            clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        }

        private static string ReadAccountName(string connectionString)
        {
            foreach (var part in connectionString.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=');
                if (eq > 0 && part.Substring(0, eq).Trim().Equals("AccountName", StringComparison.OrdinalIgnoreCase))
                {
                    return part.Substring(eq + 1).Trim();
                }
                if (part.Trim().Equals("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
                {
                    return "devstoreaccount1";
                }
            }
            throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                "The connection string has no AccountName. Use a connection string of the form 'DefaultEndpointsProtocol=https;AccountName=<name>;AccountKey=<key>;EndpointSuffix=core.windows.net'.");
        }

        private static string ValidateName(string? name, string fallback)
        {
            var result = string.IsNullOrWhiteSpace(name) ? fallback : name!.Trim();
            return result;
        }

        private static bool IsValidAccountName(string name)
        {
            if (name.Length < 3 || name.Length > 24) return false;
            foreach (var c in name)
            {
                if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) return false;
            }
            return true;
        }
    }
}
