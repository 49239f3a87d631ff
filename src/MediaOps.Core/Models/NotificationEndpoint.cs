using System;
using System.Text.Json.Serialization;
using MediaOps.Core.Accounts;

namespace MediaOps.Core.Models
{
    /// <summary>A notification endpoint: a queue that receives job notifications; the record <c>mediaops/endpoints/&lt;guid&gt;.json</c>.</summary>
    public sealed class NotificationEndpoint
    {
        public string Id { get; set; } = "";

        public string Name { get; set; } = "";

        /// <summary>Always AzureQueue; kept for Media Services v2 compatibility.</summary>
        public string EndpointType { get; set; } = "AzureQueue";

        /// <summary>The queue's name (Media Services' EndPointAddress).</summary>
        public string QueueName { get; set; } = "";

        public DateTimeOffset Created { get; set; }

        [JsonIgnore]
        public MediaAccountContext? Context { get; set; }

        /// <summary>Alias of <see cref="Id"/> for pipeline binding by property name.</summary>
        [JsonIgnore]
        public string NotificationEndpointId => Id;

        public override string ToString() => $"{Id} ({QueueName})";
    }
}
