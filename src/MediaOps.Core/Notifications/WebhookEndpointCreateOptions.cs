namespace MediaOps.Core.Notifications
{
    /// <summary>What <see cref="NotificationEndpointClient.CreateWebhookAsync"/> creates.</summary>
    public sealed class WebhookEndpointCreateOptions
    {
        /// <summary>The receiver's address: https, or http on a loopback address (127.0.0.0/8, ::1) only.</summary>
        public string Address { get; set; } = "";

        /// <summary>Base64 of 64 bytes; a random one is generated when none is given. Returned once, on the created endpoint.</summary>
        public string? SigningKey { get; set; }

        /// <summary>The endpoint's name; defaults to the address's host and path.</summary>
        public string? Name { get; set; }
    }
}
