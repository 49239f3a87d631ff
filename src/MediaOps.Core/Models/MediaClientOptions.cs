using System;

namespace MediaOps.Core.Models
{
    /// <summary>Options shared by every client a <see cref="MediaAccountContext"/> creates.</summary>
    public sealed class MediaClientOptions
    {
        /// <summary>Retries of a failed storage request before it is reported.</summary>
        public int MaxRetries { get; set; } = 3;

        /// <summary>Time one storage request may take before it is abandoned and retried.</summary>
        public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Time within which <see cref="MediaAccountContext.VerifyAsync"/> must reach the account, retries included.</summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>Name of the work queue that workers consume.</summary>
        public string WorkQueueName { get; set; } = "mediaops-jobs";
    }
}
