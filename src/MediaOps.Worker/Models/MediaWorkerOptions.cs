using System;
using MediaOps.Core.Encoding;
using MediaOps.Worker.Ffmpeg;

namespace MediaOps.Worker.Models
{
    public sealed class MediaWorkerOptions
    {
        /// <summary>Jobs encoded at once by this worker (one ffmpeg process each).</summary>
        public int Concurrency { get; set; } = 1;

        /// <summary>How long a received work message stays invisible to other workers; renewed every third of it while the job runs.</summary>
        public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Deliveries after which a work message is poison: its job goes to Error instead of being retried forever.</summary>
        public int MaxDeliveryCount { get; set; } = 5;

        /// <summary>Polling of the work queue: quick after work, backing off to the maximum while idle.</summary>
        public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

        public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>How often a running job's progress is written to its record (and a cancel request noticed).</summary>
        public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>Output files uploaded at once.</summary>
        public int UploadConcurrency { get; set; } = 4;

        /// <summary>Where inputs are downloaded and outputs written; a folder per job, removed afterwards.</summary>
        public string? WorkDirectory { get; set; }

        /// <summary>Identifies this worker in job records and logs.</summary>
        public string WorkerId { get; set; } = $"{Environment.MachineName}:{System.Diagnostics.Process.GetCurrentProcess().Id}:{Guid.NewGuid().ToString("N").Substring(0, 6)}";

        public MediaEncoderOptions Encoder { get; set; } = new MediaEncoderOptions();
    }
}
