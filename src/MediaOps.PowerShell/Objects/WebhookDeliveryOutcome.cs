using System;
using CoreOutcome = MediaOps.Core.Models.WebhookDeliveryOutcome;

namespace MediaOps.PowerShell
{
    /// <summary>The last delivery attempt to a WebHook endpoint.</summary>
    public sealed class WebhookDeliveryOutcome
    {
        private readonly CoreOutcome _model;

        internal WebhookDeliveryOutcome(CoreOutcome model) => _model = model;

        public DateTimeOffset Time => _model.Time;

        /// <summary>Delivered, Failed (retried later) or Abandoned (moved to the poison queue).</summary>
        public string Result => _model.Result;

        /// <summary>The receiver's HTTP status, when it answered.</summary>
        public int? StatusCode => _model.StatusCode;

        public string? Error => _model.Error;

        /// <summary>The ETag of the notification that was being delivered.</summary>
        public string? NotificationETag => _model.NotificationETag;

        public long Attempt => _model.Attempt;

        public override string ToString() => _model.ToString();
    }
}
