using System;
using System.Collections.Generic;
using System.Management.Automation;
using MediaOps.Core;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Receives notification messages from a notification endpoint's queue.</para>
    /// <para type="description">Writes each message as a MediaNotification, in the Media Services v2 format. Without
    /// -Delete the messages stay on the queue and become visible again after -VisibilityTimeout. With -Delete they are
    /// deleted once received; that is confirmed (and skipped under -WhatIf) once per queue, before the receive, because
    /// which messages will arrive is not known in advance. The table shows each message's time (UTC), event, job and
    /// new state.</para>
    /// </summary>
    /// <example>
    /// <code>Receive-MediaNotification -NotificationEndpoint $ep</code>
    /// <para>Reads up to 32 messages of the endpoint's queue (after the setup, the endpoint's NotificationEndPointRegistration message) and leaves them there.</para>
    /// </example>
    /// <example>
    /// <code>$ep | Receive-MediaNotification -MaxMessages 10 -Delete | Select-Object EventType, JobName, NewState</code>
    /// <para>Reads and deletes up to 10 messages, showing what each says.</para>
    /// </example>
    [Cmdlet(VerbsCommunications.Receive, "MediaNotification", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        DefaultParameterSetName = EndpointParameterSet)]
    [OutputType(typeof(MediaNotification))]
    public sealed class ReceiveMediaNotificationCommand : MediaAccountCmdlet
    {
        private const string EndpointParameterSet = "Endpoint";
        private const string QueueParameterSet = "Queue";

        /// <summary>The endpoint whose queue to read.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = EndpointParameterSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public NotificationEndpoint? NotificationEndpoint { get; set; }

        /// <summary>The queue to read.</summary>
        [Parameter(Mandatory = true, ParameterSetName = QueueParameterSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? QueueName { get; set; }

        /// <summary>At most this many messages (default 32; more are read in batches of 32).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int MaxMessages { get; set; } = 32;

        /// <summary>Delete the messages from the queue once received.</summary>
        [Parameter]
        public SwitchParameter Delete { get; set; }

        /// <summary>How long received messages stay hidden from every reader when not deleted (default 30 seconds).</summary>
        [Parameter]
        public TimeSpan? VisibilityTimeout { get; set; }

        protected override void ProcessRecord()
        {
            var context = ResolveContext(Context, NotificationEndpoint?.Context);
            try
            {
                if (NotificationEndpoint != null) NotificationEndpointClient.EnsureQueueEndpoint(NotificationEndpoint.Model, "receive from");
            }
            catch (MediaOpsException ex)
            {
                WriteItemError(ex, NotificationEndpoint!.Id);
                return;
            }
            var queueName = NotificationEndpoint?.QueueName ?? QueueName!;
            if (Delete.IsPresent
                && !ShouldProcess(queueName, $"Receive up to {MaxMessages} notification(s) and delete them from the queue in account '{context.Name}'"))
            {
                return;
            }

            WriteVerbose($"Receiving up to {MaxMessages} notification(s) from queue '{queueName}' of account '{context.Name}'" +
                         (Delete.IsPresent ? " and deleting them." : "."));
            IReadOnlyList<Core.Models.MediaNotification> messages;
            try
            {
                messages = Run(token => new NotificationReceiver(context).ReceiveAsync(queueName, MaxMessages, Delete.IsPresent, VisibilityTimeout, token));
            }
            catch (MediaOpsException ex)
            {
                WriteItemError(ex, queueName);
                return;
            }
            WriteVerbose($"Received {messages.Count} notification(s).");
            foreach (var message in messages) WriteResult(message);
        }
    }
}
