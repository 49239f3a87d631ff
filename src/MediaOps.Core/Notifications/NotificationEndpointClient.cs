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
    /// <summary>
    /// Notification endpoints: a queue that receives job notifications, or a WebHook (NotificationEndpointClient.Webhooks.cs),
    /// and its record <c>mediaops/endpoints/&lt;guid&gt;.json</c>.
    /// </summary>
    public sealed partial class NotificationEndpointClient
    {
        private readonly MediaAccountContext _context;
        private readonly RecordStore _records;

        public NotificationEndpointClient(MediaAccountContext context)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _records = new RecordStore(context);
        }

        /// <summary>
        /// Creates an endpoint on <paramref name="queueName"/>: checks the name before anything is created, creates the
        /// queue when it is missing, writes the record, and sends a NotificationEndPointRegistration message (State
        /// Registered) to the queue. <paramref name="name"/> defaults to the queue name. The queue name may be at most
        /// 56 characters, so that its poison queue <c>&lt;queue&gt;-poison</c> is a valid name too.
        /// </summary>
        public async Task<NotificationEndpoint> CreateAsync(string queueName, string? name = null, CancellationToken cancellationToken = default)
        {
            ValidateEndpointQueueName(queueName);

            var endpoint = new NotificationEndpoint
            {
                Id = MediaIds.NewEndpointId(),
                Name = string.IsNullOrWhiteSpace(name) ? queueName : name!.Trim(),
                EndpointType = "AzureQueue",
                QueueName = queueName,
                Created = DateTimeOffset.UtcNow,
                Context = _context,
            };

            var queue = _context.GetQueue(queueName);
            await StorageErrors.RunAsync(_context, $"create the notification queue '{queueName}'",
                () => queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
            await _records.CreateAsync(PathOf(endpoint.Id), endpoint, cancellationToken).ConfigureAwait(false);

            var registration = NotificationMessages.CreateEndpointRegistration(endpoint, NotificationMessages.Registered, DateTimeOffset.UtcNow);
            await JobNotificationPublisher.SendAsync(_context, queueName, NotificationMessages.Serialize(registration), createQueue: true, cancellationToken)
                .ConfigureAwait(false);
            return endpoint;
        }

        /// <summary>The endpoint with this id (full <c>nb:nepid:UUID:…</c> or bare guid).</summary>
        public async Task<NotificationEndpoint> GetAsync(string endpointId, CancellationToken cancellationToken = default) =>
            WithoutSecrets(await ReadAsync(endpointId, cancellationToken).ConfigureAwait(false));

        /// <summary>The endpoint as stored, a WebHook's signing key included: for the workers that deliver to it only.</summary>
        internal async Task<NotificationEndpoint> ReadAsync(string endpointId, CancellationToken cancellationToken)
        {
            if (endpointId is null) throw new ArgumentNullException(nameof(endpointId));
            var record = await _records.TryGetAsync<NotificationEndpoint>(PathOf(endpointId), cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                throw new MediaOpsException(MediaErrorKind.NotFound,
                    $"Notification endpoint {endpointId} does not exist in account '{_context.Name}'. Use Get-MediaNotificationEndpoint to list the account's endpoints.",
                    endpointId);
            }
            var endpoint = record.Value.Value;
            endpoint.Context = _context;
            return endpoint;
        }

        /// <summary>The account's endpoints whose Name or QueueName matches <paramref name="namePattern"/> (wildcards * and ?; all when null), oldest first.</summary>
        public async Task<IReadOnlyList<NotificationEndpoint>> ListAsync(string? namePattern = null, CancellationToken cancellationToken = default)
        {
            var all = await _records.ListAsync<NotificationEndpoint>(StorageNames.EndpointsPrefix, cancellationToken).ConfigureAwait(false);
            var result = all
                .Where(e => string.IsNullOrEmpty(namePattern) || Wildcard.IsMatch(namePattern, e.Name ?? "") || Wildcard.IsMatch(namePattern, e.QueueName ?? ""))
                .OrderBy(e => e.Created)
                .ThenBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
                .ToList();
            foreach (var endpoint in result) WithoutSecrets(endpoint);
            return result;
        }

        /// <summary>
        /// Deletes the endpoint's record. Without <paramref name="deleteQueue"/> the queue stays, with its messages, and
        /// receives a NotificationEndPointRegistration message with State Unregistered. With it, the queue is deleted too
        /// (its poison queue is kept, for inspection); refused while another endpoint uses the same queue. A WebHook
        /// endpoint's delivery queue is always deleted with it, undelivered notifications included (its poison queue is kept).
        /// </summary>
        public async Task DeleteAsync(string endpointId, bool deleteQueue = false, CancellationToken cancellationToken = default)
        {
            var endpoint = await GetAsync(endpointId, cancellationToken).ConfigureAwait(false);
            if (endpoint.IsWebHook)
            {
                await DeleteWebhookAsync(endpoint, cancellationToken).ConfigureAwait(false);
                return;
            }
            if (deleteQueue)
            {
                var sharing = (await ListAsync(null, cancellationToken).ConfigureAwait(false))
                    .Where(e => e.Id != endpoint.Id && string.Equals(e.QueueName, endpoint.QueueName, StringComparison.OrdinalIgnoreCase))
                    .ToList();
                if (sharing.Count > 0)
                {
                    throw new MediaOpsException(MediaErrorKind.Conflict,
                        $"The queue '{endpoint.QueueName}' of endpoint {endpoint.Id} is also used by {string.Join(", ", sharing.Select(e => e.Id))}; nothing was deleted. " +
                        "Delete the endpoint without deleting its queue, or delete the other endpoints first.",
                        endpoint.Id);
                }
            }

            await _records.DeleteAsync(PathOf(endpoint.Id), cancellationToken).ConfigureAwait(false);

            var queue = _context.GetQueue(endpoint.QueueName);
            if (deleteQueue)
            {
                await StorageErrors.RunAsync(_context, $"delete the notification queue '{endpoint.QueueName}'",
                    () => queue.DeleteIfExistsAsync(cancellationToken)).ConfigureAwait(false);
            }
            else
            {
                var unregistration = NotificationMessages.CreateEndpointRegistration(endpoint, NotificationMessages.Unregistered, DateTimeOffset.UtcNow);
                try
                {
                    await JobNotificationPublisher.SendAsync(_context, endpoint.QueueName, NotificationMessages.Serialize(unregistration), createQueue: false, cancellationToken)
                        .ConfigureAwait(false);
                }
                catch (MediaOpsException ex) when (ex.Kind == MediaErrorKind.NotFound)
                {
                    // The queue is already gone: nobody is left to tell.
                }
            }
        }

        /// <summary>The rules for an endpoint's queue: Azure's queue name rules, room for the poison suffix, and not the work queue.</summary>
        internal void ValidateEndpointQueueName(string? queueName)
        {
            QueueNames.Validate(queueName);
            var name = queueName!;
            if (name.Length > QueueNames.MaxEndpointQueueLength)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"'{name}' is {name.Length} characters long; the queue of a notification endpoint may have at most {QueueNames.MaxEndpointQueueLength}, " +
                    $"so that its poison queue '<queue>-poison' stays within Azure's {QueueNames.MaxLength}. Use a name such as '{name.Substring(0, QueueNames.MaxEndpointQueueLength).TrimEnd('-')}'.",
                    name);
            }
            if (string.Equals(name, _context.Options.WorkQueueName, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(name, QueueNames.Poison(_context.Options.WorkQueueName), StringComparison.OrdinalIgnoreCase))
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"'{name}' is the work queue of the account's workers; notifications sent there would be taken for work. Use a queue of its own, for example 'jobnotifications'.",
                    name);
            }
        }

        private static string PathOf(string endpointId) => StorageNames.EndpointRecord(MediaIds.ParseGuid(endpointId, MediaIds.EndpointPrefix, "notification endpoint"));
    }
}
