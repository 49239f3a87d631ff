using System;

namespace MediaOps.Core.Models
{
    /// <summary>What happened the last time a worker tried to deliver a notification to a WebHook endpoint.</summary>
    public sealed class WebhookDeliveryOutcome
    {
        public const string DeliveredResult = "Delivered";
        public const string FailedResult = "Failed";
        public const string AbandonedResult = "Abandoned";

        /// <summary>When the attempt ended.</summary>
        public DateTimeOffset Time { get; set; }

        /// <summary>Delivered (a 2xx answer), Failed (kept for another attempt) or Abandoned (moved to the poison queue).</summary>
        public string Result { get; set; } = "";

        /// <summary>The receiver's HTTP status; null when it gave none (refused, timed out, ...).</summary>
        public int? StatusCode { get; set; }

        /// <summary>Why it failed, when it did; never holds the address's query string or the signing key.</summary>
        public string? Error { get; set; }

        /// <summary>The ETag of the notification that was attempted.</summary>
        public string? NotificationETag { get; set; }

        /// <summary>Attempts made for that notification so far.</summary>
        public long Attempt { get; set; }

        public override string ToString() =>
            $"{Result} {Time.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z" + (StatusCode.HasValue ? $" HTTP {StatusCode}" : "") + (Error != null ? $" {Error}" : "");
    }
}
