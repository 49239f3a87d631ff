using System.Management.Automation;
using MediaOps.Core;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates a notification endpoint: a queue that receives job state notifications.</para>
    /// <para type="description">Creates the queue if it does not exist, records the endpoint and publishes a
    /// NotificationEndPointRegistration message to the queue. Pass the endpoint to Submit-MediaJob -NotificationEndpoint.
    /// The queue's messages are the Media Services v2 JSON (see about_MediaOps); Receive-MediaNotification reads them.</para>
    /// </summary>
    /// <example>
    /// <code>$ep = New-MediaNotificationEndpoint -QueueName jobnotifications</code>
    /// <para>Creates the queue jobnotifications (if needed) and an endpoint for it in the default account.</para>
    /// </example>
    /// <example>
    /// <code>New-MediaNotificationEndpoint -Context $b -QueueName dcb-jobs -Name 'dcb jobs' | Receive-MediaNotification</code>
    /// <para>Creates an endpoint in dcb and reads its queue's first message, the NotificationEndPointRegistration.</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "MediaNotificationEndpoint", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(NotificationEndpoint))]
    public sealed class NewMediaNotificationEndpointCommand : MediaAccountCmdlet
    {
        /// <summary>Name of the storage queue (3-63 lowercase letters, digits and dashes).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? QueueName { get; set; }

        /// <summary>The endpoint's name; defaults to the queue name.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        protected override void ProcessRecord()
        {
            var context = ResolveContext(Context);
            if (!ShouldProcess(QueueName, $"Create a notification endpoint (and its queue) in account '{context.Name}'")) return;
            WriteVerbose($"Creating notification endpoint '{Name ?? QueueName}' on queue '{QueueName}' of account '{context.Name}'.");
            try
            {
                var endpoint = Run(token => new NotificationEndpointClient(context).CreateAsync(QueueName!, Name, token));
                WriteVerbose($"Created notification endpoint {endpoint.Id}.");
                WriteResult(endpoint);
            }
            catch (MediaOpsException ex)
            {
                WriteItemError(ex, QueueName);
            }
        }
    }
}
