using System;
using System.Collections.Generic;
using System.Linq;
using MediaOps.Core.Models;
using CoreJob = MediaOps.Core.Models.MediaJob;
using CoreSubscription = MediaOps.Core.Models.JobNotificationSubscription;

namespace MediaOps.PowerShell
{
    /// <summary>An encoding job: the record <c>mediaops/jobs/&lt;guid&gt;.json</c> of an account, as it was when read.</summary>
    public sealed class MediaJob
    {
        internal MediaJob(CoreJob model)
        {
            Model = model;
            NotificationSubscriptions = model.NotificationSubscriptions.Select(s => new JobNotificationSubscription(s)).ToArray();
        }

        /// <summary>nb:jid:UUID:&lt;guid&gt;.</summary>
        public string Id => Model.Id;

        /// <summary>The same as <see cref="Id"/>, for binding by property name.</summary>
        public string JobId => Model.Id;

        public string Name => Model.Name;

        public JobState State => EnumMapping.Convert<JobState>(Model.State);

        /// <summary>Percent complete, 0 to 100.</summary>
        public double Progress => Model.Progress;

        public int Priority => Model.Priority;

        /// <summary>The preset's name as given (a built-in name, or the preset file's name).</summary>
        public string Preset => Model.Preset;

        /// <summary>The preset itself (JSON), resolved at submission.</summary>
        public string PresetDefinition => Model.PresetDefinition;

        public string InputAssetId => Model.InputAssetId;

        /// <summary>The output asset: assigned at submission, registered when the job finishes.</summary>
        public string OutputAssetId => Model.OutputAssetId;

        /// <summary>The state before the last state change.</summary>
        public JobState? PreviousState => EnumMapping.ConvertOptional<JobState>(Model.PreviousState);

        public DateTimeOffset Created => Model.Created;

        public DateTimeOffset LastModified => Model.LastModified;

        public DateTimeOffset? StartTime => Model.StartTime;

        public DateTimeOffset? EndTime => Model.EndTime;

        public string? ErrorMessage => Model.ErrorMessage;

        public IReadOnlyList<JobNotificationSubscription> NotificationSubscriptions { get; }

        /// <summary>The account's display name at submission: the AccountName of the job's notifications.</summary>
        public string AccountName => Model.AccountName;

        /// <summary>How many times a worker has started the job.</summary>
        public int Attempts => Model.Attempts;

        /// <summary>The worker that last took the job.</summary>
        public string? WorkerId => Model.WorkerId;

        /// <summary>True in Finished, Error and Canceled.</summary>
        public bool IsFinal => Model.IsFinal;

        /// <summary>The account the job is in.</summary>
        public MediaAccount? Context => MediaAccount.ForOptional(Model.Context);

        internal CoreJob Model { get; }

        public override string ToString() => Model.ToString();
    }

    /// <summary>A notification endpoint a job notifies, and of which state changes.</summary>
    public sealed class JobNotificationSubscription
    {
        private readonly CoreSubscription _model;

        internal JobNotificationSubscription(CoreSubscription model) => _model = model;

        public string NotificationEndpointId => _model.NotificationEndpointId;

        public string QueueName => _model.QueueName;

        public NotifyOn NotifyOn => EnumMapping.Convert<NotifyOn>(_model.NotifyOn);

        public override string ToString() => $"{NotificationEndpointId} ({QueueName}, {NotifyOn})";
    }
}
