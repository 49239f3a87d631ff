using System;

namespace MediaOps.Worker.Models
{
    /// <summary>How a worker delivers notifications to WebHook endpoints.</summary>
    public sealed class WebhookDeliveryOptions
    {
        /// <summary>How often the account's WebHook endpoints are listed again (new endpoints are found within this).</summary>
        public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>Time a receiver has to answer a POST; no answer within it is a failed attempt.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Wait before the second attempt at a notification; doubled for each further attempt up to <see cref="MaxRetryDelay"/>.</summary>
        public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>How long after its first enqueue a notification is still attempted; then it goes to the poison queue.</summary>
        public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromHours(24);

        /// <summary>Polling of the delivery queues: quick after a delivery, backing off to the maximum while idle.</summary>
        public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

        public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Notifications of one endpoint POSTed at once.</summary>
        public int BatchSize { get; set; } = 8;
    }
}
