using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core.Accounts;
using MediaOps.Core.Models;

namespace MediaOps.Core.Notifications
{
    /// <summary>
    /// Puts a notification for a WebHook endpoint into the endpoint's delivery queue: the message holds (Base64, as every
    /// notification) the exact body that a worker POSTs, the notification's JSON with Properties AccountId and
    /// NotificationEndPointId added, so that a re-delivery sends the same bytes and ETag.
    /// </summary>
    internal static class WebhookOutbox
    {
        public const string AccountIdProperty = "AccountId";
        public const string EndpointIdProperty = "NotificationEndPointId";

        /// <summary>The body of a delivery of <paramref name="notification"/> to <paramref name="endpoint"/>.</summary>
        public static string CreateBody(MediaNotification notification, NotificationEndpoint endpoint, Guid accountId)
        {
            var properties = new Dictionary<string, string>();
            foreach (var pair in notification.Properties) properties[pair.Key] = pair.Value;
            properties[EndpointIdProperty] = endpoint.Id;
            properties[AccountIdProperty] = accountId.ToString("D");
            return NotificationMessages.Serialize(new MediaNotification
            {
                MessageVersion = notification.MessageVersion,
                EventType = notification.EventType,
                ETag = notification.ETag,
                TimeStamp = notification.TimeStamp,
                Properties = properties,
            });
        }

        /// <summary>The endpoint of a subscription, as Get returns it; null when it was removed.</summary>
        public static async Task<NotificationEndpoint?> TryGetEndpointAsync(MediaAccountContext context, string endpointId, CancellationToken cancellationToken)
        {
            try
            {
                return await new NotificationEndpointClient(context).GetAsync(endpointId, cancellationToken).ConfigureAwait(false);
            }
            catch (MediaOpsException ex) when (ex.Kind == MediaErrorKind.NotFound)
            {
                return null;
            }
        }

        /// <summary>Enqueues the delivery; the delivery queue is created when it is missing.</summary>
        public static Task EnqueueAsync(MediaAccountContext context, NotificationEndpoint endpoint, MediaNotification notification, Guid accountId,
            CancellationToken cancellationToken)
        {
            var queueName = endpoint.DeliveryQueueName;
            if (string.IsNullOrEmpty(queueName))
            {
                throw new MediaOpsException(MediaErrorKind.OperationFailed,
                    $"The WebHook endpoint {endpoint.Id} has no delivery queue in its record. Remove it and create it again with New-MediaNotificationEndpoint -EndpointType WebHook.",
                    endpoint.Id);
            }
            return JobNotificationPublisher.SendAsync(context, queueName!, CreateBody(notification, endpoint, accountId), createQueue: true, cancellationToken);
        }
    }
}
