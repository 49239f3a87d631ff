using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core.Accounts;
using MediaOps.Core.Models;
using MediaOps.Core.Storage;

namespace MediaOps.Core.Notifications
{
    /// <summary>WebHook endpoints: notifications POSTed, signed, to an HTTPS address, from a delivery queue of their own.</summary>
    public sealed partial class NotificationEndpointClient
    {
        /// <summary>
        /// Creates a WebHook endpoint: checks the address (https, or http on a loopback address) and the signing key
        /// (Base64 of 64 bytes; generated when none is given), creates the delivery queue, writes the record, and
        /// enqueues a NotificationEndPointRegistration delivery. The returned endpoint is the only object that carries
        /// <see cref="NotificationEndpoint.SigningKey"/>.
        /// </summary>
        public async Task<NotificationEndpoint> CreateWebhookAsync(WebhookEndpointCreateOptions options, CancellationToken cancellationToken = default)
        {
            if (options is null) throw new ArgumentNullException(nameof(options));
            var address = WebhookAddress.Validate(options.Address);
            string signingKey;
            if (options.SigningKey is null)
            {
                signingKey = WebhookSignature.NewSigningKey();
            }
            else if (WebhookSignature.DecodeKey(options.SigningKey) is null)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"The signing key is not Base64 of {WebhookSignature.SigningKeyLength} bytes. Leave it out to have one generated, or make one with " +
                    $"[Convert]::ToBase64String([Security.Cryptography.RandomNumberGenerator]::GetBytes({WebhookSignature.SigningKeyLength})).");
            }
            else
            {
                signingKey = options.SigningKey.Trim();
            }

            var guid = Guid.NewGuid();
            var shownAddress = NotificationEndpoint.WithoutQuery(address.AbsoluteUri);
            var endpoint = new NotificationEndpoint
            {
                Id = MediaIds.Format(MediaIds.EndpointPrefix, guid),
                Name = string.IsNullOrWhiteSpace(options.Name) ? address.Host + address.AbsolutePath : options.Name!.Trim(),
                EndpointType = NotificationEndpoint.WebHookType,
                DeliveryQueueName = WebhookAddress.DeliveryQueueName(guid),
                StoredAddress = address.OriginalString.Trim(),
                StoredSigningKey = signingKey,
                Created = DateTimeOffset.UtcNow,
                Context = _context,
            };

            var accountId = await new MediaAccountIdentity(_context).GetAccountIdAsync(cancellationToken).ConfigureAwait(false);
            var queue = _context.GetQueue(endpoint.DeliveryQueueName);
            await StorageErrors.RunAsync(_context, $"create the delivery queue of the WebHook endpoint for '{shownAddress}'",
                () => queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
            await _records.CreateAsync(PathOf(endpoint.Id), endpoint, cancellationToken).ConfigureAwait(false);

            var registration = NotificationMessages.CreateEndpointRegistration(endpoint, NotificationMessages.Registered, DateTimeOffset.UtcNow);
            await WebhookOutbox.EnqueueAsync(_context, endpoint, registration, accountId, cancellationToken).ConfigureAwait(false);

            WithoutSecrets(endpoint);
            endpoint.SigningKey = signingKey;
            return endpoint;
        }

        /// <summary>The account's stable id (Media Services' AccountId), sent to WebHook receivers; created on first need.</summary>
        public Task<Guid> GetAccountIdAsync(CancellationToken cancellationToken = default) =>
            new MediaAccountIdentity(_context).GetAccountIdAsync(cancellationToken);

        /// <summary>
        /// Reads the approximate number of deliveries waiting in each WebHook endpoint's delivery queue into
        /// <see cref="NotificationEndpoint.Backlog"/> (0 when the queue is gone); queue endpoints are left as they are.
        /// </summary>
        public async Task<T> ReadBacklogAsync<T>(T endpoints, CancellationToken cancellationToken = default) where T : IEnumerable<NotificationEndpoint>
        {
            foreach (var endpoint in endpoints.Where(e => e != null && e.IsWebHook && !string.IsNullOrEmpty(e.DeliveryQueueName)))
            {
                var queue = _context.GetQueue(endpoint.DeliveryQueueName!);
                try
                {
                    var properties = await StorageErrors.RunAsync(_context, $"read the delivery queue '{queue.Name}'",
                        () => queue.GetPropertiesAsync(cancellationToken)).ConfigureAwait(false);
                    endpoint.Backlog = properties.Value.ApproximateMessagesCount;
                }
                catch (Azure.RequestFailedException ex) when (ex.Status == 404)
                {
                    endpoint.Backlog = 0;
                }
            }
            return endpoints;
        }

        /// <summary>The account's WebHook endpoints as stored, signing keys and full addresses included: for delivering workers only.</summary>
        internal async Task<IReadOnlyList<NotificationEndpoint>> ListWebhooksForDeliveryAsync(CancellationToken cancellationToken)
        {
            var all = await _records.ListAsync<NotificationEndpoint>(StorageNames.EndpointsPrefix, cancellationToken).ConfigureAwait(false);
            var result = all.Where(e => e.IsWebHook && !string.IsNullOrEmpty(e.DeliveryQueueName) && e.StoredSigningKey != null && e.StoredAddress != null)
                .OrderBy(e => e.Created).ToList();
            foreach (var endpoint in result) endpoint.Context = _context;
            return result;
        }

        /// <summary>Writes <paramref name="outcome"/> as the endpoint's LastDelivery (ETag-conditional; a later outcome already there wins). False when the endpoint is gone.</summary>
        internal async Task<bool> RecordDeliveryAsync(string endpointId, WebhookDeliveryOutcome outcome, CancellationToken cancellationToken)
        {
            var updated = await _records.UpdateAsync<NotificationEndpoint>(PathOf(endpointId), endpoint =>
            {
                if (endpoint.LastDelivery != null && endpoint.LastDelivery.Time > outcome.Time) return false;
                endpoint.LastDelivery = outcome;
                return true;
            }, cancellationToken).ConfigureAwait(false);
            return updated.HasValue;
        }

        private async Task DeleteWebhookAsync(NotificationEndpoint endpoint, CancellationToken cancellationToken)
        {
            await _records.DeleteAsync(PathOf(endpoint.Id), cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrEmpty(endpoint.DeliveryQueueName)) return;
            var queue = _context.GetQueue(endpoint.DeliveryQueueName!);
            await StorageErrors.RunAsync(_context, $"delete the delivery queue '{queue.Name}'",
                () => queue.DeleteIfExistsAsync(cancellationToken)).ConfigureAwait(false);
        }

        /// <summary>
        /// Throws a clear error when <paramref name="endpoint"/> is a WebHook endpoint: its notifications are POSTed,
        /// not kept in a queue that a reader could wait on or receive from.
        /// </summary>
        public static void EnsureQueueEndpoint(NotificationEndpoint endpoint, string what)
        {
            if (endpoint is null) throw new ArgumentNullException(nameof(endpoint));
            if (!endpoint.IsWebHook) return;
            throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                $"Endpoint {endpoint.Id} is a WebHook endpoint: its notifications are POSTed to {endpoint.Address}, not kept in a queue, so there is nothing to {what}. " +
                "Subscribe the job to a queue endpoint as well (New-MediaNotificationEndpoint -QueueName jobnotifications, then Submit-MediaJob -NotificationEndpoint $queueEndpoint, $webhookEndpoint) and use that one here.",
                endpoint.Id);
        }

        /// <summary>Clears what only workers may read: the signing key and the address's query string.</summary>
        private NotificationEndpoint WithoutSecrets(NotificationEndpoint endpoint)
        {
            endpoint.StoredSigningKey = null;
            if (endpoint.StoredAddress != null) endpoint.StoredAddress = NotificationEndpoint.WithoutQuery(endpoint.StoredAddress);
            endpoint.Context = _context;
            return endpoint;
        }
    }
}
