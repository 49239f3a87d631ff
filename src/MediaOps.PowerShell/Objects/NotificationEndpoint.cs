using System;
using CoreEndpoint = MediaOps.Core.Models.NotificationEndpoint;

namespace MediaOps.PowerShell
{
    /// <summary>
    /// A notification endpoint: a queue that receives jobs' state-change notifications (AzureQueue), or a receiver
    /// they are POSTed to, signed (WebHook).
    /// </summary>
    public sealed class NotificationEndpoint
    {
        public const string AzureQueueType = CoreEndpoint.AzureQueueType;
        public const string WebHookType = CoreEndpoint.WebHookType;

        internal NotificationEndpoint(CoreEndpoint model) => Model = model;

        /// <summary>nb:nepid:UUID:&lt;guid&gt;.</summary>
        public string Id => Model.Id;

        /// <summary>The same as <see cref="Id"/>, for binding by property name.</summary>
        public string NotificationEndpointId => Model.Id;

        public string Name => Model.Name;

        /// <summary>AzureQueue or WebHook.</summary>
        public string EndpointType => Model.EndpointType;

        public bool IsWebHook => Model.IsWebHook;

        /// <summary>For a queue endpoint: the queue the notifications go to.</summary>
        public string QueueName => Model.QueueName;

        /// <summary>For a WebHook endpoint: the receiver's URL, without its query string.</summary>
        public string? Address => Model.Address;

        /// <summary>For a WebHook endpoint: the queue its deliveries wait in.</summary>
        public string? DeliveryQueueName => Model.DeliveryQueueName;

        /// <summary>For a WebHook endpoint: about how many notifications wait to be delivered.</summary>
        public int? Backlog => Model.Backlog;

        /// <summary>For a WebHook endpoint: the outcome of the last delivery attempt.</summary>
        public WebhookDeliveryOutcome? LastDelivery => Model.LastDelivery is null ? null : new WebhookDeliveryOutcome(Model.LastDelivery);

        /// <summary>
        /// Only on the object New-MediaNotificationEndpoint returns for a WebHook endpoint: the Base64 signing key, shown
        /// by no view and never returned again. Keep it where the receiver can read it.
        /// </summary>
        public string? SigningKey => Model.SigningKey;

        public DateTimeOffset Created => Model.Created;

        /// <summary>The account the endpoint is in.</summary>
        public MediaAccount? Context => MediaAccount.ForOptional(Model.Context);

        internal CoreEndpoint Model { get; }

        public override string ToString() => Model.ToString();
    }
}
