using System.Management.Automation;
using MediaOps.Core.Notifications;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Removes notification endpoints.</para>
    /// <para type="description">Removes the endpoint's record; jobs subscribed to it stop publishing to it. The queue
    /// and its messages are kept unless -DeleteQueue is given. A WebHook endpoint's delivery queue is always removed with
    /// it, undelivered notifications included (its poison queue is kept). With -PassThru, writes $true for each endpoint removed.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "MediaNotificationEndpoint", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(bool))]
    public sealed class RemoveMediaNotificationEndpointCommand : MediaAccountCmdlet
    {
        /// <summary>Ids of the endpoints (nb:nepid:UUID:&lt;guid&gt; or the bare guid).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] NotificationEndpointId { get; set; } = new string[0];

        /// <summary>Also delete the endpoint's queue with every message in it.</summary>
        [Parameter]
        public SwitchParameter DeleteQueue { get; set; }

        /// <summary>Write $true for each endpoint removed.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var context = ResolveContext(Context);
            var client = new NotificationEndpointClient(context);
            ForEachItem(NotificationEndpointId, id =>
            {
                var action = DeleteQueue.IsPresent
                    ? $"Remove the notification endpoint and delete its queue with all its messages from account '{context.Name}'"
                    : $"Remove the notification endpoint (keeping its queue) from account '{context.Name}'";
                if (!ShouldProcess(id, action)) return;
                WriteVerbose($"Removing notification endpoint {id} of account '{context.Name}'" + (DeleteQueue.IsPresent ? " and its queue." : "."));
                Run(token => client.DeleteAsync(id, DeleteQueue.IsPresent, token));
                if (PassThru.IsPresent) WriteObject(true);
            });
        }
    }
}
