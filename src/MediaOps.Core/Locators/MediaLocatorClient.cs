using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core.Accounts;
using MediaOps.Core.Models;

namespace MediaOps.Core.Locators
{
    /// <summary>Creates, reads, replicates and deletes locators: records <c>locators/&lt;guid&gt;.json</c> in the system container.</summary>
    public sealed class MediaLocatorClient
    {
        private readonly MediaAccountContext _context;

        public MediaLocatorClient(MediaAccountContext context)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
        }

        /// <summary>Creates a locator for a registered asset of this account.</summary>
        public Task<MediaLocator> CreateAsync(string assetId, MediaLocatorCreateOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotImplementedException();

        public Task<MediaLocator> GetAsync(string locatorId, CancellationToken cancellationToken = default) =>
            throw new NotImplementedException();

        /// <summary>The locator, or null when this account has none with that id.</summary>
        public Task<MediaLocator?> TryGetAsync(string locatorId, CancellationToken cancellationToken = default) =>
            throw new NotImplementedException();

        /// <summary>The account's locators, or those of one asset, oldest first.</summary>
        public Task<IReadOnlyList<MediaLocator>> ListAsync(string? assetId = null, CancellationToken cancellationToken = default) =>
            throw new NotImplementedException();

        public Task DeleteAsync(string locatorId, CancellationToken cancellationToken = default) =>
            throw new NotImplementedException();

        /// <summary>
        /// Creates in this account the origin locator <paramref name="sourceLocator"/> (of another account) with the same id,
        /// start and expiry, for the asset <paramref name="destinationAssetId"/> of this account. Idempotent: when the
        /// locator already exists here for that asset it is returned; when its id is used here for another asset, a
        /// <see cref="MediaErrorKind.Conflict"/> error is thrown.
        /// </summary>
        public Task<MediaLocator> ReplicateAsync(MediaLocator sourceLocator, string destinationAssetId, CancellationToken cancellationToken = default) =>
            throw new NotImplementedException();

        /// <summary>
        /// Replicates every origin locator of <paramref name="sourceAssetId"/> in <paramref name="sourceContext"/> to the asset
        /// <paramref name="destinationAssetId"/> of this account (see <see cref="ReplicateAsync"/>). A source asset without an
        /// origin locator is an error naming New-MediaLocator as the fix.
        /// </summary>
        public Task<IReadOnlyList<MediaLocator>> ReplicateOriginLocatorsAsync(
            MediaAccountContext sourceContext, string sourceAssetId, string destinationAssetId, CancellationToken cancellationToken = default) =>
            throw new NotImplementedException();
    }
}
