using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
using MediaOps.Core.Accounts;
using MediaOps.Core.Models;
using MediaOps.Core.Storage;

namespace MediaOps.Core.Locators
{
    /// <summary>
    /// Signs the container SAS of Sas locators. With the account key, the SAS refers to a stored access policy on the asset's
    /// container named after the locator guid, as Media Services access policies did, so removing the policy revokes it.
    /// Without a key (Entra ID), the SAS is signed with a user delegation key and stays valid until it expires.
    /// </summary>
    internal sealed class LocatorSasIssuer
    {
        /// <summary>Azure Storage allows at most five stored access policies per container.</summary>
        public const int MaxStoredPoliciesPerContainer = 5;

        /// <summary>Azure Storage issues user delegation keys for at most seven days.</summary>
        public static readonly TimeSpan MaxUserDelegationValidity = TimeSpan.FromDays(7);

        private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);
        private static readonly TimeSpan LeaseWaitLimit = TimeSpan.FromSeconds(30);

        private readonly MediaAccountContext _context;

        public LocatorSasIssuer(MediaAccountContext context)
        {
            _context = context;
        }

        /// <summary>True when SAS are backed by stored access policies (the context holds the account key).</summary>
        public bool UsesStoredPolicies => _context.CanGenerateSas;

        /// <summary>Rejects, before anything is written, a SAS that this context cannot sign.</summary>
        public void EnsureCanIssue(DateTimeOffset expirationTime, DateTimeOffset now)
        {
            if (UsesStoredPolicies) return;
            if (_context.Authentication != MediaAccountAuthentication.TokenCredential)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"Account '{_context.Name}' was connected without its account key, so it cannot sign a SAS. " +
                    "Connect with Connect-MediaAccount -ConnectionString using a connection string that has the AccountKey.",
                    _context.Name);
            }
            if (expirationTime - now > MaxUserDelegationValidity)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"Account '{_context.Name}' is connected with an Entra ID identity, whose SAS (signed with a user delegation key) can last at most 7 days from now. " +
                    "Use a shorter -Duration, or connect with a connection string that has the account key.",
                    _context.Name);
            }
        }

        /// <summary>Adds the locator's stored access policy to its asset's container and records its id in the locator.</summary>
        public async Task AddStoredPolicyAsync(MediaLocator locator, CancellationToken cancellationToken)
        {
            var policyId = locator.Guid.ToString("D");
            var container = AssetContainer(locator.AssetId);
            await WithContainerLeaseAsync(container, locator.AssetId, async leaseId =>
            {
                var current = await GetPolicyAsync(container, locator.AssetId, leaseId, cancellationToken).ConfigureAwait(false);
                var identifiers = current.SignedIdentifiers?.Where(s => s.Id != policyId).ToList() ?? new List<BlobSignedIdentifier>();
                if (identifiers.Count >= MaxStoredPoliciesPerContainer)
                {
                    throw new MediaOpsException(MediaErrorKind.Conflict,
                        $"Asset {locator.AssetId} already has {identifiers.Count} stored access policies, the most that a storage container allows; each SAS locator uses one " +
                        $"(policy ids: {string.Join(", ", identifiers.Select(s => s.Id))}). Remove a SAS locator with Remove-MediaLocator, or reuse one of them (Get-MediaLocator -AssetId {locator.AssetId}).",
                        locator.AssetId);
                }
                identifiers.Add(new BlobSignedIdentifier
                {
                    Id = policyId,
                    AccessPolicy = new BlobAccessPolicy
                    {
                        PolicyStartsOn = locator.StartTime,
                        PolicyExpiresOn = locator.ExpirationTime,
                        Permissions = PermissionsText(locator.Permissions),
                    },
                });
                await StorageErrors.RunAsync(_context, $"add the access policy of locator {locator.Id} to asset {locator.AssetId}",
                    () => container.SetAccessPolicyAsync(current.BlobPublicAccess, identifiers, new BlobRequestConditions { LeaseId = leaseId }, cancellationToken))
                    .ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            locator.AccessPolicyId = policyId;
        }

        /// <summary>Removes the locator's stored access policy; a container that is gone has no policy left to remove.</summary>
        public async Task RemoveStoredPolicyAsync(MediaLocator locator, CancellationToken cancellationToken)
        {
            if (locator.AccessPolicyId is null) return;
            var container = AssetContainer(locator.AssetId);
            try
            {
                await WithContainerLeaseAsync(container, locator.AssetId, async leaseId =>
                {
                    var current = await GetPolicyAsync(container, locator.AssetId, leaseId, cancellationToken).ConfigureAwait(false);
                    var identifiers = current.SignedIdentifiers?.ToList() ?? new List<BlobSignedIdentifier>();
                    if (identifiers.RemoveAll(s => s.Id == locator.AccessPolicyId) == 0) return;
                    await StorageErrors.RunAsync(_context, $"remove the access policy of locator {locator.Id} from asset {locator.AssetId}",
                        () => container.SetAccessPolicyAsync(current.BlobPublicAccess, identifiers, new BlobRequestConditions { LeaseId = leaseId }, cancellationToken))
                        .ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (MediaOpsException ex) when (ex.Kind == MediaErrorKind.NotFound)
            {
                // The asset's container was deleted, and its policies with it.
            }
        }

        /// <summary>A user delegation key valid until <paramref name="expiresOn"/>, for contexts without the account key.</summary>
        public async Task<UserDelegationKey> GetUserDelegationKeyAsync(DateTimeOffset expiresOn, CancellationToken cancellationToken)
        {
            try
            {
                var response = await StorageErrors.RunAsync(_context, "get a user delegation key to sign a SAS",
                    () => _context.BlobService.GetUserDelegationKeyAsync(null, expiresOn, cancellationToken)).ConfigureAwait(false);
                return response.Value;
            }
            catch (MediaOpsException ex) when (ex.Kind == MediaErrorKind.AuthenticationFailed)
            {
                throw new MediaOpsException(MediaErrorKind.AuthenticationFailed,
                    $"Account '{_context.Name}' refused a user delegation key, which signs a SAS for an Entra ID identity. " +
                    "Give the identity the 'Storage Blob Delegator' role (or Storage Blob Data Contributor) on the account, or connect with a connection string that has the account key.",
                    _context.Name, ex);
            }
        }

        /// <summary>
        /// The container SAS URL of a Sas locator: a reference to its stored access policy when it has one, else a SAS signed
        /// with <paramref name="delegationKey"/> or, lacking that, with the account key.
        /// </summary>
        public Uri BuildSasUri(MediaLocator locator, UserDelegationKey? delegationKey)
        {
            var container = AssetContainer(locator.AssetId);
            var builder = new BlobSasBuilder
            {
                BlobContainerName = container.Name,
                Resource = "c",
                Protocol = container.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
            };
            if (delegationKey is null && locator.AccessPolicyId != null)
            {
                builder.Identifier = locator.AccessPolicyId;
                return container.GenerateSasUri(builder);
            }
            builder.StartsOn = locator.StartTime;
            builder.ExpiresOn = locator.ExpirationTime;
            builder.SetPermissions(ContainerPermissions(locator.Permissions));
            if (delegationKey is null) return container.GenerateSasUri(builder);
            return new BlobUriBuilder(container.Uri) { Sas = builder.ToSasQueryParameters(delegationKey, _context.StorageAccountName) }.ToUri();
        }

        internal static string PermissionsText(LocatorPermissions permissions)
        {
            var builder = new BlobSasBuilder();
            builder.SetPermissions(ContainerPermissions(permissions));
            return builder.Permissions;
        }

        private static BlobContainerSasPermissions ContainerPermissions(LocatorPermissions permissions)
        {
            BlobContainerSasPermissions result = 0;
            if (permissions.HasFlag(LocatorPermissions.Read)) result |= BlobContainerSasPermissions.Read;
            if (permissions.HasFlag(LocatorPermissions.Write)) result |= BlobContainerSasPermissions.Write | BlobContainerSasPermissions.Create;
            if (permissions.HasFlag(LocatorPermissions.List)) result |= BlobContainerSasPermissions.List;
            return result;
        }

        private BlobContainerClient AssetContainer(string assetId) => _context.GetContainer(MediaIds.AssetContainerName(assetId));

        private async Task<BlobContainerAccessPolicy> GetPolicyAsync(BlobContainerClient container, string assetId, string leaseId, CancellationToken cancellationToken)
        {
            var response = await StorageErrors.RunAsync(_context, $"read the access policies of asset {assetId}",
                () => container.GetAccessPolicyAsync(new BlobRequestConditions { LeaseId = leaseId }, cancellationToken)).ConfigureAwait(false);
            return response.Value;
        }

        /// <summary>
        /// Runs <paramref name="action"/> while holding a lease on the container, so that two clients changing its access
        /// policies (a read, then a write of the whole list) never overwrite each other's change.
        /// </summary>
        private async Task WithContainerLeaseAsync(BlobContainerClient container, string assetId, Func<string, Task> action, CancellationToken cancellationToken)
        {
            var lease = container.GetBlobLeaseClient();
            var waitUntil = DateTimeOffset.UtcNow + LeaseWaitLimit;
            while (true)
            {
                try
                {
                    await StorageErrors.RunAsync(_context, $"lease the container of asset {assetId}",
                        () => lease.AcquireAsync(LeaseDuration, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    break;
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    throw new MediaOpsException(MediaErrorKind.NotFound,
                        $"Asset {assetId} does not exist in account '{_context.Name}'. Use Get-MediaAsset to list the account's assets.", assetId, ex);
                }
                catch (RequestFailedException ex) when (ex.Status == 409)
                {
                    if (DateTimeOffset.UtcNow > waitUntil)
                    {
                        throw new MediaOpsException(MediaErrorKind.Conflict,
                            $"The container of asset {assetId} stayed leased by another client for {LeaseWaitLimit.TotalSeconds:0} seconds, so its access policies could not be changed. " +
                            "Try again once the other operation on the asset has finished, or break the container's lease.",
                            assetId, ex);
                    }
                    await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
                }
            }
            try
            {
                await action(lease.LeaseId).ConfigureAwait(false);
            }
            finally
            {
                try
                {
                    await lease.ReleaseAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
                }
                catch (RequestFailedException)
                {
                    // An unreleased lease expires by itself after LeaseDuration.
                }
            }
        }
    }
}
