using System;
using System.Collections.Generic;
using CoreNotification = MediaOps.Core.Models.MediaNotification;

namespace MediaOps.PowerShell
{
    /// <summary>One Media Services v2 notification message as read from a queue (Receive-MediaNotification).</summary>
    public sealed class MediaNotification
    {
        private readonly CoreNotification _model;

        internal MediaNotification(CoreNotification model) => _model = model;

        public string MessageVersion => _model.MessageVersion;

        /// <summary>JobStateChange or NotificationEndPointRegistration.</summary>
        public string EventType => _model.EventType;

        /// <summary>The same for every delivery of one transition: readers dedupe by it.</summary>
        public string ETag => _model.ETag;

        public string TimeStamp => _model.TimeStamp;

        public IReadOnlyDictionary<string, string> Properties => _model.Properties;

        public string? JobId => _model.JobId;

        public string? JobName => _model.JobName;

        public string? NewState => _model.NewState;

        public string? OldState => _model.OldState;

        public string? AccountName => _model.AccountName;

        public string MessageId => _model.MessageId;

        public DateTimeOffset? InsertedOn => _model.InsertedOn;

        public long DequeueCount => _model.DequeueCount;

        /// <summary>The account whose queue the message came from.</summary>
        public MediaAccount? Context => MediaAccount.ForOptional(_model.Context);

        public override string ToString() => _model.ToString();
    }
}
