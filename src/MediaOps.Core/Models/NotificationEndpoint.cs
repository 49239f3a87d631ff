using System;
using System.Text.Json.Serialization;
using MediaOps.Core.Accounts;

namespace MediaOps.Core.Models
{
    /// <summary>
    /// A notification endpoint: a queue that receives job notifications (EndpointType AzureQueue), or an HTTPS address
    /// that they are POSTed to (EndpointType WebHook); the record <c>mediaops/endpoints/&lt;guid&gt;.json</c>.
    /// </summary>
    public sealed class NotificationEndpoint
    {
        public const string AzureQueueType = "AzureQueue";
        public const string WebHookType = "WebHook";

        public string Id { get; set; } = "";

        public string Name { get; set; } = "";

        /// <summary>AzureQueue or WebHook, as Media Services v2 named them.</summary>
        public string EndpointType { get; set; } = AzureQueueType;

        /// <summary>The queue's name (Media Services' EndPointAddress) of an AzureQueue endpoint; empty for a WebHook endpoint.</summary>
        public string QueueName { get; set; } = "";

        public DateTimeOffset Created { get; set; }

        /// <summary>
        /// A WebHook endpoint's address without its query string (which may hold a key such as an Azure Function's
        /// <c>code</c>; it is kept in the record and sent, but never shown); null for a queue endpoint.
        /// </summary>
        [JsonIgnore]
        public string? Address => StoredAddress is null ? null : WithoutQuery(StoredAddress);

        /// <summary>The storage queue a WebHook endpoint's deliveries wait in (<c>mediaops-webhook-&lt;guid&gt;</c>); null for a queue endpoint.</summary>
        public string? DeliveryQueueName { get; set; }

        /// <summary>The outcome of the last attempt to deliver to a WebHook endpoint; null before the first.</summary>
        public WebhookDeliveryOutcome? LastDelivery { get; set; }

        /// <summary>Approximate number of deliveries waiting in <see cref="DeliveryQueueName"/>, when it was read (Get-MediaNotificationEndpoint reads it).</summary>
        [JsonIgnore]
        public int? Backlog { get; set; }

        /// <summary>
        /// The WebHook endpoint's signing key (Base64 of 64 bytes): set only on the object that creating the endpoint
        /// returns, never on one read back. Keep it for the receiver; it cannot be read again.
        /// </summary>
        [JsonIgnore]
        public string? SigningKey { get; internal set; }

        [JsonIgnore]
        public bool IsWebHook => string.Equals(EndpointType, WebHookType, StringComparison.OrdinalIgnoreCase);

        [JsonIgnore]
        public MediaAccountContext? Context { get; set; }

        /// <summary>Alias of <see cref="Id"/> for pipeline binding by property name.</summary>
        [JsonIgnore]
        public string NotificationEndpointId => Id;

        /// <summary>The full address, query included, as stored; read by workers only.</summary>
        [JsonInclude]
        [JsonPropertyName("Address")]
        internal string? StoredAddress { get; set; }

        /// <summary>The signing key as stored, so that any worker can sign; cleared on every object handed out.</summary>
        [JsonInclude]
        [JsonPropertyName("SigningKey")]
        internal string? StoredSigningKey { get; set; }

        public override string ToString() => IsWebHook ? $"{Id} (WebHook {Address})" : $"{Id} ({QueueName})";

        internal static string WithoutQuery(string address)
        {
            var cut = address.IndexOfAny(new[] { '?', '#' });
            return cut < 0 ? address : address.Substring(0, cut);
        }
    }
}
