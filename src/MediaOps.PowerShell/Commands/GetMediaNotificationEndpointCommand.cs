using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using MediaOps.Core;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets notification endpoints.</para>
    /// <para type="description">By id (-NotificationEndpointId, also from piped objects), by name with wildcards
    /// (-Name, PowerShell's wildcards), or all endpoints of the account. A piped endpoint is read again from its
    /// account; a piped id string is read by its id. A WebHook endpoint shows its LastDelivery (time, result, HTTP
    /// status or error) and Backlog (notifications waiting to be delivered).</para>
    /// </summary>
    /// <example>
    /// <code>Get-MediaNotificationEndpoint</code>
    /// <para>Lists the notification endpoints of the default account, with their queues.</para>
    /// </example>
    /// <example>
    /// <code>Get-MediaNotificationEndpoint -Name 'job*' -Context dca | Format-List</code>
    /// <para>Shows the endpoints whose names start with job in the connected account named dca.</para>
    /// </example>
    /// <remarks>
    /// PowerShell binds -Context (in every set) from a piped object's Context property in the default set first, which
    /// fixes the default set: a piped endpoint would list every endpoint instead of being read by its id. Binding by
    /// value comes before binding by property name, so the InputObject set takes a piped endpoint first, as in
    /// Get-MediaLocator.
    /// </remarks>
    [Cmdlet(VerbsCommon.Get, "MediaNotificationEndpoint", DefaultParameterSetName = ListParameterSet)]
    [OutputType(typeof(NotificationEndpoint))]
    public sealed class GetMediaNotificationEndpointCommand : MediaAccountCmdlet
    {
        private const string ListParameterSet = "List";
        private const string IdParameterSet = "Id";
        private const string InputObjectParameterSet = "InputObject";

        /// <summary>Ids of the endpoints (nb:nepid:UUID:&lt;guid&gt; or the bare guid); piped id strings bind here.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdParameterSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [MediaIdTransformation]
        [ValidateNotNullOrEmpty]
        public string[] NotificationEndpointId { get; set; } = new string[0];

        /// <summary>Name of the endpoints; wildcards allowed. Without it, all endpoints.</summary>
        [Parameter(Position = 0, ParameterSetName = ListParameterSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>Endpoints to read again (from New-MediaNotificationEndpoint or Get-MediaNotificationEndpoint).</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectParameterSet, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public NotificationEndpoint[] InputObject { get; set; } = new NotificationEndpoint[0];

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectParameterSet)
            {
                WriteEachRead(InputObject, endpoint => endpoint.Id, endpoint => ResolveContext(Context, endpoint.Context), "notification endpoint",
                    (account, id, token) => WithBacklogAsync(new NotificationEndpointClient(account), id, token));
                return;
            }

            var context = ResolveContext(Context);
            var client = new NotificationEndpointClient(context);
            if (ParameterSetName == IdParameterSet)
            {
                WriteEachRead(NotificationEndpointId, id => id, _ => context, "notification endpoint", (_, id, token) => WithBacklogAsync(client, id, token));
                return;
            }

            WriteVerbose($"Listing the notification endpoints of account '{context.Name}'" + (Name is null ? "." : $" named '{Name}'."));
            // Filtered before the backlogs are read: each WebHook endpoint's backlog is a request to its queue.
            var pattern = Name is null ? null : ValidWildcard(Name, nameof(Name));
            WriteListing(async token =>
                {
                    var endpoints = (await client.ListAsync(null, token)).Where(e => pattern is null || pattern.IsMatch(e.Name ?? "")).ToList();
                    return (IReadOnlyList<Core.Models.NotificationEndpoint>)await client.ReadBacklogAsync(endpoints, token);
                },
                Name, reportNoMatch: true,
                $"Account '{context.Name}' has no notification endpoint named '{Name}'. Run Get-MediaNotificationEndpoint without -Name to list them.");
        }

        /// <summary>The endpoint with a WebHook's backlog (approximate messages waiting in its delivery queue) read.</summary>
        private static async System.Threading.Tasks.Task<Core.Models.NotificationEndpoint> WithBacklogAsync(NotificationEndpointClient client, string id, System.Threading.CancellationToken token) =>
            (await client.ReadBacklogAsync(new[] { await client.GetAsync(id, token) }, token))[0];
    }
}
