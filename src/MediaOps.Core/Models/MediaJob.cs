using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using MediaOps.Core.Accounts;

namespace MediaOps.Core.Models
{
    /// <summary>An encoding job: the record <c>mediaops/jobs/&lt;guid&gt;.json</c>.</summary>
    public sealed class MediaJob
    {
        public string Id { get; set; } = "";

        public string Name { get; set; } = "";

        public JobState State { get; set; }

        public int Priority { get; set; }

        /// <summary>Name of the preset as the user chose it (a built-in name, or the preset file's name).</summary>
        public string Preset { get; set; } = "";

        /// <summary>The preset itself, resolved at submission, so that workers need no access to the user's files.</summary>
        public string PresetDefinition { get; set; } = "";

        public string InputAssetId { get; set; } = "";

        /// <summary>Id of the output asset; assigned at submission, registered when the job finishes.</summary>
        public string OutputAssetId { get; set; } = "";

        /// <summary>The state before the last state change; lets a final notification be published again with the same ETag.</summary>
        public JobState? PreviousState { get; set; }

        /// <summary>Percent complete, 0 to 100.</summary>
        public double Progress { get; set; }

        public DateTimeOffset Created { get; set; }

        public DateTimeOffset LastModified { get; set; }

        public DateTimeOffset? StartTime { get; set; }

        public DateTimeOffset? EndTime { get; set; }

        public string? ErrorMessage { get; set; }

        public List<JobNotificationSubscription> NotificationSubscriptions { get; set; } = new List<JobNotificationSubscription>();

        /// <summary>The account's display name when the job was submitted; the AccountName of its notifications.</summary>
        public string AccountName { get; set; } = "";

        /// <summary>How many times a worker has started this job.</summary>
        public int Attempts { get; set; }

        /// <summary>The worker that last took the job.</summary>
        public string? WorkerId { get; set; }

        /// <summary>The account the job was read from; lets a piped job carry its account to the next command.</summary>
        [JsonIgnore]
        public MediaAccountContext? Context { get; set; }

        /// <summary>Alias of <see cref="Id"/> for pipeline binding by property name.</summary>
        [JsonIgnore]
        public string JobId => Id;

        [JsonIgnore]
        public bool IsFinal => State.IsFinal();

        public override string ToString() => $"{Id} ({State})";
    }
}
