using System;
using System.Threading;
using System.Threading.Tasks;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using MediaOps.Core.Accounts;
using MediaOps.Core.Storage;

namespace MediaOps.Core.Replication
{
    /// <summary>
    /// The one read-only, short-lived container SAS through which the destination account reads the source blobs.
    /// Its URLs carry the signature: they go to storage only, never into a message, a log or a ToString.
    /// </summary>
    internal sealed class SourceReadSas
    {
        /// <summary>How far back the SAS starts, so that a destination whose clock runs behind accepts it.</summary>
        public static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

        private readonly Uri _containerSasUri;

        private SourceReadSas(Uri containerSasUri) => _containerSasUri = containerSasUri;

        public Uri BlobUri(string blobName) => new BlobUriBuilder(_containerSasUri) { BlobName = blobName }.ToUri();

        public override string ToString() => "read-only SAS of " + _containerSasUri.GetLeftPart(UriPartial.Path);

        /// <summary>
        /// A SAS signed with the source account's key or, for an Entra ID identity, a user delegation key; null when the
        /// source context can sign neither (a connection string holding a SAS, or an identity without the right to get
        /// a user delegation key).
        /// </summary>
        public static async Task<SourceReadSas?> TryCreateAsync(
            MediaAccountContext source, BlobContainerClient container, TimeSpan lifetime, CancellationToken cancellationToken)
        {
            var startsOn = DateTimeOffset.UtcNow - ClockSkewAllowance;
            var expiresOn = DateTimeOffset.UtcNow + lifetime;
            var builder = new BlobSasBuilder(BlobContainerSasPermissions.Read, expiresOn)
            {
                BlobContainerName = container.Name,
                Resource = "c",
                StartsOn = startsOn,
            };
            if (container.CanGenerateSasUri)
            {
                return new SourceReadSas(container.GenerateSasUri(builder));
            }
            if (source.Authentication != MediaAccountAuthentication.TokenCredential)
            {
                return null;
            }
            try
            {
                var key = await StorageErrors.RunAsync(source, "get a user delegation key to sign the source's read SAS",
                    () => source.BlobService.GetUserDelegationKeyAsync(startsOn, expiresOn, cancellationToken)).ConfigureAwait(false);
                var uri = new BlobUriBuilder(container.Uri) { Sas = builder.ToSasQueryParameters(key.Value, source.StorageAccountName) }.ToUri();
                return new SourceReadSas(uri);
            }
            catch (MediaOpsException ex) when (ex.Kind == MediaErrorKind.AuthenticationFailed)
            {
                return null;
            }
        }
    }
}
