using System;
using CoreEndpoint = MediaOps.Core.Models.NotificationEndpoint;

namespace MediaOps.PowerShell
{
    /// <summary>A notification endpoint: the record of a queue that receives jobs' state-change notifications.</summary>
    public sealed class NotificationEndpoint
    {
        internal NotificationEndpoint(CoreEndpoint model) => Model = model;

        /// <summary>nb:nepid:UUID:&lt;guid&gt;.</summary>
        public string Id => Model.Id;

        /// <summary>The same as <see cref="Id"/>, for binding by property name.</summary>
        public string NotificationEndpointId => Model.Id;

        public string Name => Model.Name;

        public string EndpointType => Model.EndpointType;

        public string QueueName => Model.QueueName;

        public DateTimeOffset Created => Model.Created;

        /// <summary>The account the endpoint is in.</summary>
        public MediaAccount? Context => MediaAccount.ForOptional(Model.Context);

        internal CoreEndpoint Model { get; }

        public override string ToString() => Model.ToString();
    }
}
