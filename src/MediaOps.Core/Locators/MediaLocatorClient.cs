using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure.Storage.Blobs.Models;
using MediaOps.Core.Accounts;
using MediaOps.Core.Assets;
using MediaOps.Core.Models;
using MediaOps.Core.Storage;

namespace MediaOps.Core.Locators
{
    /// <summary>Creates, reads, replicates and deletes locators: records <c>locators/&lt;guid&gt;.json</c> in the system container.</summary>
    public sealed class MediaLocatorClient
    {
        /// <summary>How far back a locator starts by default, so that a clock running behind still accepts it.</summary>
        internal static readonly TimeSpan DefaultClockSkew = TimeSpan.FromMinutes(5);

        internal static readonly TimeSpan DefaultSasDuration = TimeSpan.FromHours(1);

        internal static readonly TimeSpan DefaultOriginDuration = TimeSpan.FromDays(30);

        private readonly MediaAccountContext _context;
        private readonly MediaAssetClient _assets;
        private readonly RecordStore _records;
        private readonly LocatorSasIssuer _sas;

        public MediaLocatorClient(MediaAccountContext context)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _assets = new MediaAssetClient(context);
            _records = new RecordStore(context);
            _sas = new LocatorSasIssuer(context);
        }

        /// <summary>
        /// Creates a locator for a registered asset of this account. A Sas locator's <see cref="MediaLocator.Path"/> is the
        /// container SAS URL; an origin locator's <see cref="MediaLocator.StreamingUrls"/> are its manifests under the
        /// account's streaming endpoint. Nothing is written when the asset or the options are not valid.
        /// On Azure Storage a new stored access policy can take up to 30 seconds to take effect, so a Sas locator's URL may be
        /// refused (403) during its first seconds.
        /// </summary>
        public async Task<MediaLocator> CreateAsync(string assetId, MediaLocatorCreateOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (assetId is null) throw new ArgumentNullException(nameof(assetId));
            options ??= new MediaLocatorCreateOptions();
            var normalizedAssetId = MediaIds.Normalize(assetId, MediaIds.AssetPrefix, "asset");
            var now = DateTimeOffset.UtcNow;
            var locator = NewLocator(normalizedAssetId, options, now);
            if (locator.Type == MediaLocatorType.Sas) _sas.EnsureCanIssue(locator.ExpirationTime, now);

            var asset = await _assets.TryGetAsync(normalizedAssetId, cancellationToken).ConfigureAwait(false)
                ?? throw _assets.NotFound(normalizedAssetId);
            var recordPath = StorageNames.LocatorRecord(locator.Guid);

            if (locator.Type == MediaLocatorType.OnDemandOrigin)
            {
                locator.ManifestFiles = OriginPaths.ChooseManifests(asset);
                locator.MediaServicesName = OriginPaths.MediaServicesName(asset.Name);
                await _records.CreateAsync(recordPath, locator, cancellationToken).ConfigureAwait(false);
                return Complete(locator, null);
            }

            if (!_sas.UsesStoredPolicies)
            {
                var delegationKey = await _sas.GetUserDelegationKeyAsync(locator.ExpirationTime, cancellationToken).ConfigureAwait(false);
                await _records.CreateAsync(recordPath, locator, cancellationToken).ConfigureAwait(false);
                return Complete(locator, delegationKey);
            }

            await _sas.AddStoredPolicyAsync(locator, cancellationToken).ConfigureAwait(false);
            try
            {
                await _records.CreateAsync(recordPath, locator, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception)
            {
                try
                {
                    await _sas.RemoveStoredPolicyAsync(locator, CancellationToken.None).ConfigureAwait(false);
                }
                catch (MediaOpsException)
                {
                    // The failure to create the record is what the caller needs to see.
                }
                throw;
            }
            return Complete(locator, null);
        }

        public async Task<MediaLocator> GetAsync(string locatorId, CancellationToken cancellationToken = default)
        {
            var locator = await TryGetAsync(locatorId, cancellationToken).ConfigureAwait(false);
            return locator ?? throw NotFound(MediaIds.Normalize(locatorId, MediaIds.LocatorPrefix, "locator"));
        }

        /// <summary>The locator, or null when this account has none with that id.</summary>
        public async Task<MediaLocator?> TryGetAsync(string locatorId, CancellationToken cancellationToken = default)
        {
            var stored = await ReadRecordAsync(locatorId, cancellationToken).ConfigureAwait(false);
            if (stored is null) return null;
            var delegationKey = await DelegationKeyForAsync(new[] { stored }, cancellationToken).ConfigureAwait(false);
            return Complete(stored, delegationKey);
        }

        /// <summary>The account's locators, or those of one asset (full id or bare guid), oldest first.</summary>
        public async Task<IReadOnlyList<MediaLocator>> ListAsync(string? assetId = null, CancellationToken cancellationToken = default)
        {
            var assetFilter = assetId is null ? null : MediaIds.Normalize(assetId, MediaIds.AssetPrefix, "asset");
            var records = await _records.ListAsync<MediaLocator>(StorageNames.LocatorsPrefix, cancellationToken).ConfigureAwait(false);
            var locators = records
                .Where(l => assetFilter is null || string.Equals(l.AssetId, assetFilter, StringComparison.OrdinalIgnoreCase))
                .OrderBy(l => l.Created)
                .ThenBy(l => l.Id, StringComparer.Ordinal)
                .ToList();
            var delegationKey = await DelegationKeyForAsync(locators, cancellationToken).ConfigureAwait(false);
            foreach (var locator in locators) Complete(locator, delegationKey);
            return locators;
        }

        /// <summary>
        /// Deletes the locator. A Sas locator's stored access policy is removed first, so its SAS stops working at once;
        /// a SAS signed with a user delegation key (a context without the account key) stays valid until it expires.
        /// On Azure Storage the removal of a stored access policy can take up to 30 seconds to take effect.
        /// </summary>
        public async Task DeleteAsync(string locatorId, CancellationToken cancellationToken = default)
        {
            var locator = await ReadRecordAsync(locatorId, cancellationToken).ConfigureAwait(false)
                ?? throw NotFound(MediaIds.Normalize(locatorId, MediaIds.LocatorPrefix, "locator"));
            await _sas.RemoveStoredPolicyAsync(locator, cancellationToken).ConfigureAwait(false);
            if (!await _records.DeleteAsync(StorageNames.LocatorRecord(locator.Guid), cancellationToken).ConfigureAwait(false))
            {
                throw NotFound(locator.Id);
            }
        }

        /// <summary>
        /// Creates in this account the origin locator <paramref name="sourceLocator"/> (of another account) with the same id,
        /// start and expiry, for the asset <paramref name="destinationAssetId"/> of this account. Idempotent: when the
        /// locator already exists here for that asset it is returned; when its id is used here for another asset, a
        /// <see cref="MediaErrorKind.Conflict"/> error is thrown.
        /// </summary>
        public async Task<MediaLocator> ReplicateAsync(MediaLocator sourceLocator, string destinationAssetId, CancellationToken cancellationToken = default)
        {
            if (sourceLocator is null) throw new ArgumentNullException(nameof(sourceLocator));
            if (destinationAssetId is null) throw new ArgumentNullException(nameof(destinationAssetId));
            var assetId = MediaIds.Normalize(destinationAssetId, MediaIds.AssetPrefix, "asset");
            EnsureReplicable(sourceLocator);
            await RequireDestinationAssetAsync(assetId, cancellationToken).ConfigureAwait(false);
            return await ReplicateToAsync(sourceLocator, assetId, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Replicates every unexpired origin locator of <paramref name="sourceAssetId"/> in <paramref name="sourceContext"/> to
        /// the asset <paramref name="destinationAssetId"/> of this account (see <see cref="ReplicateAsync"/>). A source asset
        /// without an origin locator is an error naming New-MediaLocator as the fix.
        /// </summary>
        public async Task<IReadOnlyList<MediaLocator>> ReplicateOriginLocatorsAsync(
            MediaAccountContext sourceContext, string sourceAssetId, string destinationAssetId, CancellationToken cancellationToken = default)
        {
            if (sourceContext is null) throw new ArgumentNullException(nameof(sourceContext));
            if (sourceAssetId is null) throw new ArgumentNullException(nameof(sourceAssetId));
            if (destinationAssetId is null) throw new ArgumentNullException(nameof(destinationAssetId));
            var sourceId = MediaIds.Normalize(sourceAssetId, MediaIds.AssetPrefix, "asset");
            var destinationId = MediaIds.Normalize(destinationAssetId, MediaIds.AssetPrefix, "asset");
            await RequireDestinationAssetAsync(destinationId, cancellationToken).ConfigureAwait(false);

            var now = DateTimeOffset.UtcNow;
            var sourceLocators = (await new MediaLocatorClient(sourceContext).ListAsync(sourceId, cancellationToken).ConfigureAwait(false))
                .Where(l => l.Type == MediaLocatorType.OnDemandOrigin && l.ExpirationTime > now)
                .ToList();
            if (sourceLocators.Count == 0)
            {
                throw new MediaOpsException(MediaErrorKind.NotFound,
                    $"Asset {sourceId} in account '{sourceContext.Name}' has no origin locator that has not expired, so there is nothing to replicate. " +
                    $"Create one with New-MediaLocator -Type OnDemandOrigin -AssetId {sourceId} -Context <source account>, then replicate it again.",
                    sourceId);
            }

            var result = new List<MediaLocator>();
            foreach (var sourceLocator in sourceLocators)
            {
                result.Add(await ReplicateToAsync(sourceLocator, destinationId, cancellationToken).ConfigureAwait(false));
            }
            return result;
        }

        private static MediaLocator NewLocator(string assetId, MediaLocatorCreateOptions options, DateTimeOffset now)
        {
            if (options.Duration is TimeSpan requested && requested <= TimeSpan.Zero)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"The duration {requested} is not positive. Pass a -Duration greater than zero, for example (New-TimeSpan -Hours 1).",
                    requested.ToString());
            }
            var known = LocatorPermissions.Read | LocatorPermissions.Write | LocatorPermissions.List;
            if ((options.Permissions & ~known) != 0)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"'{options.Permissions}' are not locator permissions. Use Read, Write, List or a combination of them.",
                    options.Permissions.ToString());
            }

            TimeSpan duration;
            switch (options.Type)
            {
                case MediaLocatorType.Sas:
                    if (options.Permissions == LocatorPermissions.None)
                    {
                        throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                            "A SAS locator needs at least one permission. Pass -Permission Read, Write, List or a combination of them.",
                            options.Permissions.ToString());
                    }
                    duration = options.Duration ?? DefaultSasDuration;
                    break;
                case MediaLocatorType.OnDemandOrigin:
                    if (options.Permissions != LocatorPermissions.Read)
                    {
                        throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                            $"Origin locators are read-only, so the permissions '{options.Permissions}' cannot be given to one. " +
                            "Omit -Permission (or pass Read) for -Type OnDemandOrigin, or use -Type Sas for write or list access.",
                            options.Permissions.ToString());
                    }
                    duration = options.Duration ?? DefaultOriginDuration;
                    break;
                default:
                    throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                        $"'{options.Type}' is not a locator type. Use Sas or OnDemandOrigin.", options.Type.ToString());
            }

            // Whole seconds: what a SAS and an access policy can express, so the record and the SAS agree.
            var start = TruncateToSeconds(options.StartTime ?? now - DefaultClockSkew);
            if (duration > DateTimeOffset.MaxValue.UtcDateTime - start.UtcDateTime)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"The duration {duration} from the start {start:u} ends after the last representable date. Pass a shorter -Duration, for example (New-TimeSpan -Days 365).",
                    duration.ToString());
            }
            var expiration = TruncateToSeconds(start + duration);
            var id = MediaIds.NewLocatorId();
            return new MediaLocator
            {
                Id = id,
                Type = options.Type,
                AssetId = assetId,
                Permissions = options.Permissions,
                StartTime = start,
                ExpirationTime = expiration,
                Created = now,
            };
        }

        private static DateTimeOffset TruncateToSeconds(DateTimeOffset time)
        {
            var utc = time.ToUniversalTime();
            return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        }

        private static void EnsureReplicable(MediaLocator sourceLocator)
        {
            if (sourceLocator.Type != MediaLocatorType.OnDemandOrigin)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"Locator {sourceLocator.Id} is a {sourceLocator.Type} locator; only origin locators are replicated, because a SAS belongs to one storage account. " +
                    "Pass an OnDemandOrigin locator, or create a SAS locator in the destination account with New-MediaLocator -Type Sas.",
                    sourceLocator.Id);
            }
        }

        private async Task RequireDestinationAssetAsync(string assetId, CancellationToken cancellationToken)
        {
            if (await _assets.TryGetAsync(assetId, cancellationToken).ConfigureAwait(false) is null)
            {
                throw new MediaOpsException(MediaErrorKind.NotFound,
                    $"Asset {assetId} does not exist in account '{_context.Name}', so its locator cannot be replicated there. " +
                    "Copy the asset first with Copy-MediaAsset -DestinationContext, which keeps its id.",
                    assetId);
            }
        }

        private async Task<MediaLocator> ReplicateToAsync(MediaLocator sourceLocator, string destinationAssetId, CancellationToken cancellationToken)
        {
            EnsureReplicable(sourceLocator);
            var id = MediaIds.Normalize(sourceLocator.Id, MediaIds.LocatorPrefix, "locator");
            var replica = new MediaLocator
            {
                Id = id,
                Type = MediaLocatorType.OnDemandOrigin,
                AssetId = destinationAssetId,
                Permissions = sourceLocator.Permissions,
                StartTime = sourceLocator.StartTime,
                ExpirationTime = sourceLocator.ExpirationTime,
                Created = DateTimeOffset.UtcNow,
                ManifestFiles = sourceLocator.ManifestFiles.ToList(),
                MediaServicesName = sourceLocator.MediaServicesName,
            };
            var recordPath = StorageNames.LocatorRecord(replica.Guid);
            while (true)
            {
                try
                {
                    await _records.CreateAsync(recordPath, replica, cancellationToken).ConfigureAwait(false);
                    return Complete(replica, null);
                }
                catch (MediaOpsException ex) when (ex.Kind == MediaErrorKind.AlreadyExists)
                {
                    var existing = (await _records.TryGetAsync<MediaLocator>(recordPath, cancellationToken).ConfigureAwait(false))?.Value;
                    if (existing is null) continue;
                    if (existing.Type == MediaLocatorType.OnDemandOrigin &&
                        string.Equals(existing.AssetId, destinationAssetId, StringComparison.OrdinalIgnoreCase))
                    {
                        return Complete(existing, null);
                    }
                    throw new MediaOpsException(MediaErrorKind.Conflict,
                        $"Locator id {id} is already used in account '{_context.Name}' by a {existing.Type} locator of asset {existing.AssetId}, " +
                        $"so it cannot be created there for asset {destinationAssetId}. Remove that locator with Remove-MediaLocator -LocatorId {id} " +
                        "if it is no longer needed, or replicate into the asset that already uses this id.",
                        id, ex);
                }
            }
        }

        private async Task<MediaLocator?> ReadRecordAsync(string locatorId, CancellationToken cancellationToken)
        {
            if (locatorId is null) throw new ArgumentNullException(nameof(locatorId));
            var guid = MediaIds.ParseGuid(locatorId, MediaIds.LocatorPrefix, "locator");
            var stored = await _records.TryGetAsync<MediaLocator>(StorageNames.LocatorRecord(guid), cancellationToken).ConfigureAwait(false);
            return stored?.Value;
        }

        /// <summary>One user delegation key for the unexpired Sas locators among <paramref name="locators"/>, when this context has no account key.</summary>
        private async Task<UserDelegationKey?> DelegationKeyForAsync(IReadOnlyCollection<MediaLocator> locators, CancellationToken cancellationToken)
        {
            if (_sas.UsesStoredPolicies || _context.Authentication != MediaAccountAuthentication.TokenCredential) return null;
            var now = DateTimeOffset.UtcNow;
            var expirations = locators.Where(l => l.Type == MediaLocatorType.Sas && l.ExpirationTime > now).Select(l => l.ExpirationTime).ToList();
            if (expirations.Count == 0) return null;
            var latest = expirations.Max();
            var keyExpiry = latest - now > LocatorSasIssuer.MaxUserDelegationValidity ? now + LocatorSasIssuer.MaxUserDelegationValidity : latest;
            return await _sas.GetUserDelegationKeyAsync(keyExpiry, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Sets the context and the computed Path, StreamingPaths and StreamingUrls of a locator read or created here.</summary>
        private MediaLocator Complete(MediaLocator locator, UserDelegationKey? delegationKey)
        {
            locator.Context = _context;
            if (locator.Type == MediaLocatorType.OnDemandOrigin)
            {
                OriginPaths.Fill(locator, _context.StreamingEndpoint);
                return locator;
            }
            locator.StreamingPaths = Array.Empty<string>();
            locator.StreamingUrls = Array.Empty<Uri>();
            locator.MediaServicesStreamingPaths = Array.Empty<string>();
            locator.MediaServicesStreamingUrls = Array.Empty<Uri>();
            locator.Path = CanSign(locator, delegationKey) ? _sas.BuildSasUri(locator, delegationKey).AbsoluteUri : null;
            return locator;
        }

        private bool CanSign(MediaLocator locator, UserDelegationKey? delegationKey)
        {
            if (delegationKey != null) return locator.ExpirationTime <= delegationKey.SignedExpiresOn;
            return _sas.UsesStoredPolicies;
        }

        private MediaOpsException NotFound(string locatorId) =>
            new MediaOpsException(MediaErrorKind.NotFound,
                $"Locator {locatorId} does not exist in account '{_context.Name}'. Use Get-MediaLocator to list the account's locators.", locatorId);
    }
}
