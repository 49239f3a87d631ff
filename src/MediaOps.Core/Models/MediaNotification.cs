using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using MediaOps.Core.Accounts;

namespace MediaOps.Core.Models
{
    /// <summary>
    /// One notification message as published on a queue, in the Media Services v2 format
    /// (MessageVersion, EventType, ETag, TimeStamp, Properties).
    /// </summary>
    public sealed class MediaNotification
    {
        public const string JobStateChangeEvent = "JobStateChange";
        public const string EndpointRegistrationEvent = "NotificationEndPointRegistration";

        public string MessageVersion { get; set; } = "1.0";

        public string EventType { get; set; } = "";

        public string ETag { get; set; } = "";

        /// <summary>ISO 8601 UTC time of the event, as text exactly as it was in the message.</summary>
        public string TimeStamp { get; set; } = "";

        public IReadOnlyDictionary<string, string> Properties { get; set; } = new Dictionary<string, string>();

        /// <summary>Queue message id; empty for a notification not read from a queue.</summary>
        public string MessageId { get; set; } = "";

        public DateTimeOffset? InsertedOn { get; set; }

        public long DequeueCount { get; set; }

        /// <summary>The account whose queue the notification was read from (or that published it); lets a piped notification carry its account.</summary>
        [JsonIgnore]
        public MediaAccountContext? Context { get; set; }

        public string? JobId => Get("JobId");

        public string? JobName => Get("JobName");

        public string? NewState => Get("NewState");

        public string? OldState => Get("OldState");

        public string? AccountName => Get("AccountName");

        private string? Get(string key) => Properties.TryGetValue(key, out var value) ? value : null;

        public override string ToString() => $"{EventType} {TimeStamp} {JobId} {OldState}->{NewState}";
    }
}
