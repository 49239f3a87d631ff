using System.Management.Automation;
using MediaOps.Core;
using MediaOps.Core.Notifications;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Removes notification endpoints.</para>
    /// <para type="description">Removes the endpoint's record; jobs subscribed to it stop publishing to it. The queue
    /// and its messages are kept unless -DeleteQueue is given; a WebHook endpoint's delivery queue is always removed with
    /// it, undelivered notifications included (its poison queue is kept). The endpoints come from
    /// -NotificationEndpointId, piped endpoints or piped id strings. Asks for confirmation when $ConfirmPreference is
    /// Medium or lower; -Force never asks. With -PassThru, writes $true for each endpoint removed.</para>
    /// </summary>
    /// <example>
    /// <code>$ep | Remove-MediaNotificationEndpoint -Force</code>
    /// <para>Removes the endpoint from the setup and keeps its queue with the messages in it.</para>
    /// </example>
    /// <example>
    /// <code>Remove-MediaNotificationEndpoint -NotificationEndpointId $ep.Id -DeleteQueue -Force -PassThru</code>
    /// <para>Removes the endpoint and deletes its queue with every message, then writes True.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Remove, "MediaNotificationEndpoint", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(bool))]
    public sealed class RemoveMediaNotificationEndpointCommand : MediaAccountCmdlet
    {
        /// <summary>Ids of the endpoints (nb:nepid:UUID:&lt;guid&gt; or the bare guid); piped endpoints and id strings bind here.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [MediaIdTransformation]
        [ValidateNotNullOrEmpty]
        public string[] NotificationEndpointId { get; set; } = new string[0];

        /// <summary>Also delete the endpoint's queue with every message in it.</summary>
        [Parameter]
        public SwitchParameter DeleteQueue { get; set; }

        /// <summary>Remove without asking for confirmation (-WhatIf still only says what would be removed).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write $true for each endpoint removed.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var context = ResolveContext(Context);
            var client = new NotificationEndpointClient(context);
            ForEachItem(NotificationEndpointId, id =>
            {
                var endpointId = MediaIds.Normalize(id, MediaIds.EndpointPrefix, "notification endpoint");
                var action = DeleteQueue.IsPresent
                    ? $"Remove the notification endpoint and delete its queue with all its messages from account '{context.Name}'"
                    : $"Remove the notification endpoint (keeping its queue) from account '{context.Name}'";
                if (!ShouldProcessItem(endpointId, action, Force.IsPresent)) return;
                WriteVerbose($"Removing notification endpoint {endpointId} of account '{context.Name}'" + (DeleteQueue.IsPresent ? " and its queue." : "."));
                Run(token => client.DeleteAsync(endpointId, DeleteQueue.IsPresent, token));
                if (PassThru.IsPresent) WriteObject(true);
            });
        }
    }
}
