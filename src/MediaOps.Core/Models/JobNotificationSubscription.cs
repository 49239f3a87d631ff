namespace MediaOps.Core.Models
{
    /// <summary>A notification endpoint subscribed to a job's state changes.</summary>
    public sealed class JobNotificationSubscription
    {
        public string NotificationEndpointId { get; set; } = "";

        public string QueueName { get; set; } = "";

        public NotifyOn NotifyOn { get; set; }
    }
}
