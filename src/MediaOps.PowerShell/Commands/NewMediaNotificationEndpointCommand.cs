using System.Management.Automation;
using MediaOps.Core;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates a notification endpoint: a queue that receives job state notifications, or a WebHook they are POSTed to.</para>
    /// <para type="description">Creates the queue if it does not exist, records the endpoint and publishes a
    /// NotificationEndPointRegistration message to the queue. Pass the endpoint to Submit-MediaJob -NotificationEndpoint.
    /// With -EndpointType WebHook -Address, notifications are POSTed to the address, signed with the endpoint's signing
    /// key (-SigningKey, or a generated one), which only the returned object's SigningKey shows: keep it for the receiver.
    /// A queue's messages are the Media Services v2 JSON (see about_MediaOps); Receive-MediaNotification reads them.</para>
    /// </summary>
    /// <example>
    /// <code>$ep = New-MediaNotificationEndpoint -QueueName jobnotifications</code>
    /// <para>Creates the queue jobnotifications (if needed) and an endpoint for it in the default account.</para>
    /// </example>
    /// <example>
    /// <code>New-MediaNotificationEndpoint -Context $b -QueueName dcb-jobs -Name 'dcb jobs' | Receive-MediaNotification</code>
    /// <para>Creates an endpoint in dcb and reads its queue's first message, the NotificationEndPointRegistration.</para>
    /// </example>
    /// <example>
    /// <code>$hook = New-MediaNotificationEndpoint -EndpointType WebHook -Address 'http://127.0.0.1:7071/api/notify' -Name receiver
    /// $hook.SigningKey</code>
    /// <para>Creates a WebHook endpoint for a receiver on this machine (an Azure Functions host running locally) with a generated signing key and shows the key, once: give it to the receiver, which checks each POST's ms-signature with it.</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "MediaNotificationEndpoint", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low,
        DefaultParameterSetName = QueueParameterSet)]
    [OutputType(typeof(NotificationEndpoint))]
    public sealed class NewMediaNotificationEndpointCommand : MediaAccountCmdlet
    {
        private const string QueueParameterSet = "Queue";
        private const string WebHookParameterSet = "WebHook";

        /// <summary>Name of the storage queue (3-63 lowercase letters, digits and dashes).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = QueueParameterSet)]
        [ValidateNotNullOrEmpty]
        public string? QueueName { get; set; }

        /// <summary>The endpoint's name; defaults to the queue name.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>AzureQueue (the default) or WebHook, as Media Services v2 named them.</summary>
        [Parameter(ParameterSetName = QueueParameterSet)]
        [Parameter(Mandatory = true, ParameterSetName = WebHookParameterSet)]
        [ValidateSet(NotificationEndpoint.AzureQueueType, NotificationEndpoint.WebHookType)]
        public string EndpointType { get; set; } = NotificationEndpoint.AzureQueueType;

        /// <summary>The WebHook receiver's URL: https (http only on 127.0.0.1 or [::1]).</summary>
        [Parameter(Mandatory = true, ParameterSetName = WebHookParameterSet)]
        [ValidateNotNullOrEmpty]
        public string? Address { get; set; }

        /// <summary>Base64 of 64 bytes to sign the WebHook's notifications with; generated when not given.</summary>
        [Parameter(ParameterSetName = WebHookParameterSet)]
        [ValidateNotNullOrEmpty]
        public string? SigningKey { get; set; }

        protected override void ProcessRecord()
        {
            var context = ResolveContext(Context);
            if (ParameterSetName == WebHookParameterSet || EndpointType == NotificationEndpoint.WebHookType)
            {
                CreateWebhook(context);
                return;
            }
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

        private void CreateWebhook(MediaOps.Core.Accounts.MediaAccountContext context)
        {
            if (EndpointType != NotificationEndpoint.WebHookType || Address is null)
            {
                TerminateWith(new MediaOpsException(MediaErrorKind.InvalidArgument,
                    "A WebHook endpoint takes -EndpointType WebHook -Address <https URL> [-SigningKey <Base64>], not -QueueName."));
                return;
            }
            var shown = Address.Split('?', '#')[0];
            if (!ShouldProcess(shown, $"Create a WebHook notification endpoint (and its delivery queue) in account '{context.Name}'")) return;
            WriteVerbose($"Creating WebHook notification endpoint for '{shown}' in account '{context.Name}'.");
            try
            {
                var options = new WebhookEndpointCreateOptions { Address = Address, SigningKey = SigningKey, Name = Name };
                var endpoint = Run(token => new NotificationEndpointClient(context).CreateWebhookAsync(options, token));
                WriteVerbose($"Created notification endpoint {endpoint.Id}; its SigningKey is on this object only and cannot be read again.");
                WriteResult(endpoint);
            }
            catch (MediaOpsException ex)
            {
                WriteItemError(ex, shown);
            }
        }
    }
}
