using System;
using System.Collections.Generic;
using System.CommandLine;
using MediaOps.Worker.Models;

namespace MediaOps.Host
{
    /// <summary>The <c>mediaops worker</c> options of WebHook delivery (also MEDIAOPS_WEBHOOK_* variables).</summary>
    internal sealed class WebhookCommandLine
    {
        private readonly Option<string> _timeout = new Option<string>("--webhook-timeout")
        {
            Description = "Seconds a receiver has to answer a WebHook POST (default 30).",
            HelpName = "seconds",
        };

        private readonly Option<string> _retryDelay = new Option<string>("--webhook-retry-delay")
        {
            Description = "Seconds before a failed WebHook delivery is tried again, doubled per attempt (default 5).",
            HelpName = "seconds",
        };

        private readonly Option<string> _maxRetryDelay = new Option<string>("--webhook-max-retry-delay")
        {
            Description = "The longest wait between two attempts of one WebHook delivery (default 600).",
            HelpName = "seconds",
        };

        private readonly Option<string> _refresh = new Option<string>("--webhook-refresh")
        {
            Description = "Seconds between two listings of the account's WebHook endpoints (default 15).",
            HelpName = "seconds",
        };

        public IEnumerable<Option> Options => new Option[] { _timeout, _retryDelay, _maxRetryDelay, _refresh };

        public WebhookDeliveryOptions Read(HostSettings settings) => new WebhookDeliveryOptions
        {
            RequestTimeout = TimeSpan.FromSeconds(settings.GetInt(_timeout, 30, 1)),
            InitialRetryDelay = TimeSpan.FromSeconds(settings.GetInt(_retryDelay, 5, 1)),
            MaxRetryDelay = TimeSpan.FromSeconds(settings.GetInt(_maxRetryDelay, 600, 1)),
            RefreshInterval = TimeSpan.FromSeconds(settings.GetInt(_refresh, 15, 1)),
        };
    }
}
