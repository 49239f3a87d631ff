using Microsoft.Extensions.Logging;

namespace MediaOps.Worker
{
    /// <summary>
    /// The events of <see cref="WebhookDelivery"/>, one source-generated method each, with stable ids. Addresses are
    /// logged without their query (<see cref="MediaOps.Core.Models.NotificationEndpoint.Address"/>), which may hold a key.
    /// </summary>
    public static partial class WebhookLog
    {
        public const int DeliveryStartedId = 230;
        public const int DeliveryStoppedId = 231;
        public const int PassFailedId = 232;
        public const int ReceiveFailedId = 233;
        public const int DeliveryErrorId = 234;
        public const int MessagePoisonedId = 235;
        public const int DeliveredId = 236;
        public const int DeliveryAbandonedId = 237;
        public const int DeliveryFailedId = 238;
        public const int OutcomeNotRecordedId = 239;

        [LoggerMessage(EventId = DeliveryStartedId, EventName = "WebhookDeliveryStarted", Level = LogLevel.Information,
            Message = "Delivering notifications to the WebHook endpoints of account '{account}' (endpoints listed every {refreshSeconds} s).")]
        internal static partial void DeliveryStarted(ILogger logger, string account, double refreshSeconds);

        [LoggerMessage(EventId = DeliveryStoppedId, EventName = "WebhookDeliveryStopped", Level = LogLevel.Information,
            Message = "Stopped delivering to WebHook endpoints.")]
        internal static partial void DeliveryStopped(ILogger logger);

        [LoggerMessage(EventId = PassFailedId, EventName = "WebhookDeliveryPassFailed", Level = LogLevel.Warning,
            Message = "A pass over the WebHook delivery queues failed; trying again. {error}")]
        internal static partial void PassFailed(ILogger logger, string error);

        [LoggerMessage(EventId = ReceiveFailedId, EventName = "WebhookReceiveFailed", Level = LogLevel.Warning,
            Message = "Could not read the delivery queue '{queue}' of endpoint {endpointId} ({address}); trying again. {error}")]
        internal static partial void ReceiveFailed(ILogger logger, string queue, string endpointId, string? address, string error);

        [LoggerMessage(EventId = DeliveryErrorId, EventName = "WebhookDeliveryError", Level = LogLevel.Warning,
            Message = "Could not finish a delivery to {address} (endpoint {endpointId}); it is attempted again when it reappears. {error}")]
        internal static partial void DeliveryError(ILogger logger, string? address, string endpointId, string error);

        [LoggerMessage(EventId = MessagePoisonedId, EventName = "WebhookMessagePoisoned", Level = LogLevel.Error,
            Message = "Attempt {attempt}: a message of '{queue}' (endpoint {endpointId}, {address}) is not a notification ({reason}); moved to '{poisonQueue}'.")]
        internal static partial void MessagePoisoned(ILogger logger, long attempt, string queue, string endpointId, string? address, string reason, string poisonQueue);

        [LoggerMessage(EventId = DeliveredId, EventName = "WebhookDelivered", Level = LogLevel.Information,
            Message = "Delivered {eventType} {etag} of job {jobId} to {address} (endpoint {endpointId}), attempt {attempt}: HTTP {status} in {durationMs} ms.")]
        internal static partial void Delivered(ILogger logger, string eventType, string etag, string? jobId, string? address, string endpointId, long attempt,
            int? status, double durationMs);

        [LoggerMessage(EventId = DeliveryAbandonedId, EventName = "WebhookDeliveryAbandoned", Level = LogLevel.Error,
            Message = "Gave up delivering {eventType} {etag} of job {jobId} to {address} (endpoint {endpointId}) after {attempt} attempts since {firstEnqueued} " +
                      "(last: {error}, HTTP {status}, {durationMs} ms); moved to '{poisonQueue}'.")]
        internal static partial void DeliveryAbandoned(ILogger logger, string eventType, string etag, string? jobId, string? address, string endpointId, long attempt,
            string firstEnqueued, string error, int? status, double durationMs, string poisonQueue);

        [LoggerMessage(EventId = DeliveryFailedId, EventName = "WebhookDeliveryFailed", Level = LogLevel.Warning,
            Message = "Could not deliver {eventType} {etag} of job {jobId} to {address} (endpoint {endpointId}), attempt {attempt}: {error} " +
                      "(HTTP {status}, {durationMs} ms); next attempt in {retryInSeconds} s.")]
        internal static partial void DeliveryFailed(ILogger logger, string eventType, string etag, string? jobId, string? address, string endpointId, long attempt,
            string error, int? status, double durationMs, double retryInSeconds);

        [LoggerMessage(EventId = OutcomeNotRecordedId, EventName = "WebhookOutcomeNotRecorded", Level = LogLevel.Warning,
            Message = "Could not record the delivery outcome on endpoint {endpointId} ({address}). {error}")]
        internal static partial void OutcomeNotRecorded(ILogger logger, string endpointId, string? address, string error);
    }
}
