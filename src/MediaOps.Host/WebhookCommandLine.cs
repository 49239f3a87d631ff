using System;
using System.Collections.Generic;
using MediaOps.Worker.Models;

namespace MediaOps.Host
{
    /// <summary>The <c>mediaops worker</c> options of WebHook delivery.</summary>
    public static class WebhookCommandLine
    {
        public static readonly IReadOnlyDictionary<string, bool> Options = new Dictionary<string, bool>
        {
            ["webhook-timeout"] = true,
            ["webhook-retry-delay"] = true,
            ["webhook-max-retry-delay"] = true,
            ["webhook-refresh"] = true,
        };

        public const string Usage =
            "           [--webhook-timeout <seconds, default 30>] [--webhook-retry-delay <seconds, default 5, doubled per attempt>]\n" +
            "           [--webhook-max-retry-delay <seconds, default 600>] [--webhook-refresh <seconds between endpoint listings, default 15>]\n";

        public static WebhookDeliveryOptions Read(CommandLine options) => new WebhookDeliveryOptions
        {
            RequestTimeout = TimeSpan.FromSeconds(options.GetInt("webhook-timeout", 30, 1)),
            InitialRetryDelay = TimeSpan.FromSeconds(options.GetInt("webhook-retry-delay", 5, 1)),
            MaxRetryDelay = TimeSpan.FromSeconds(options.GetInt("webhook-max-retry-delay", 600, 1)),
            RefreshInterval = TimeSpan.FromSeconds(options.GetInt("webhook-refresh", 15, 1)),
        };
    }
}
