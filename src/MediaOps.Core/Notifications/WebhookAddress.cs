using System;
using System.Net;

namespace MediaOps.Core.Notifications
{
    /// <summary>The rules for a WebHook endpoint's address and the name of its delivery queue.</summary>
    internal static class WebhookAddress
    {
        public const string DeliveryQueuePrefix = "mediaops-webhook-";

        /// <summary>The delivery queue of an endpoint: <c>mediaops-webhook-&lt;guid&gt;</c> (53 characters, room for <c>-poison</c>).</summary>
        public static string DeliveryQueueName(Guid endpointGuid) => DeliveryQueuePrefix + endpointGuid.ToString("D");

        /// <summary>
        /// Refuses to let a reader take messages off a WebHook delivery queue: the workers POST and delete them, and every
        /// receive would hide one from them and count as a delivery attempt. Its poison queue may be read.
        /// <paramref name="what"/> says what the caller was about to do, e.g. "receiving from it".
        /// </summary>
        public static void EnsureNotDeliveryQueue(string queueName, string what)
        {
            if (!queueName.StartsWith(DeliveryQueuePrefix, StringComparison.Ordinal)
                || queueName.EndsWith(Storage.StorageNames.PoisonQueueSuffix, StringComparison.Ordinal))
            {
                return;
            }
            throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                $"Queue '{queueName}' holds a WebHook endpoint's deliveries, which the workers POST and then delete; {what} would take them from " +
                "the workers. See how deliveries stand with Get-MediaNotificationEndpoint (Backlog, LastDelivery), read the abandoned ones " +
                $"from '{queueName}{Storage.StorageNames.PoisonQueueSuffix}', or give the queue of an AzureQueue endpoint here.",
                queueName);
        }

        /// <summary>
        /// The address as an absolute URI: https, or http on a loopback address (127.0.0.0/8, ::1). Anything else throws
        /// <see cref="MediaErrorKind.InvalidArgument"/> naming the fix. Messages name the address without its query.
        /// </summary>
        public static Uri Validate(string? address)
        {
            if (string.IsNullOrWhiteSpace(address))
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    "A WebHook endpoint needs an address: the https URL that notifications are POSTed to, for example 'https://receiver.example.net/api/notifications'.");
            }
            var text = address!.Trim();
            var shown = Models.NotificationEndpoint.WithoutQuery(text);
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"'{shown}' is not an absolute http(s) URL. Give the receiver's https URL, for example 'https://receiver.example.net/api/notifications'.",
                    shown);
            }
            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    "The WebHook address carries a user name or password; those are not sent. Give the address without them: receivers verify the ms-signature header instead.",
                    uri.Host);
            }
            if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"'{shown}' is http://, so notifications and their signatures would cross the network unencrypted. Use https:// " +
                    "(http:// is accepted only on a loopback address, 127.0.0.1 or [::1], for a receiver on the worker's own machine).",
                    shown);
            }
            return uri;
        }

        private static bool IsLoopback(Uri uri)
        {
            var host = uri.Host.Trim('[', ']');
            if (!IPAddress.TryParse(host, out var ip)) return false;
            if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
            if (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) return ip.GetAddressBytes()[0] == 127;
            return ip.Equals(IPAddress.IPv6Loopback);
        }
    }
}
