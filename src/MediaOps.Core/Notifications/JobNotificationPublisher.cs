using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using MediaOps.Core.Accounts;
using MediaOps.Core.Models;
using MediaOps.Core.Storage;

namespace MediaOps.Core.Notifications
{
    /// <summary>
    /// Publishes a job's state changes to the queues of its notification subscriptions. Callers write the job record
    /// first and publish after, so that a reader that sees a notification never reads an older state from the record.
    /// </summary>
    public sealed class JobNotificationPublisher
    {
        private readonly MediaAccountContext _context;
        private readonly MediaAccountIdentity _accountId;

        public JobNotificationPublisher(MediaAccountContext context)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _accountId = new MediaAccountIdentity(context);
        }

        /// <summary>Whether a subscription with <paramref name="notifyOn"/> is told about a change to <paramref name="newState"/>.</summary>
        public static bool Wants(NotifyOn notifyOn, JobState newState) => notifyOn == NotifyOn.All || newState.IsFinal();

        /// <summary>
        /// Sends the JobStateChange message to every subscription of the job whose NotifyOn wants <paramref name="newState"/>
        /// (FinalStatesOnly: Finished, Error and Canceled; All: every state), once per queue, and a delivery to the delivery
        /// queue of every such WebHook endpoint. A queue that was deleted is created again: it is the endpoint's address. Every queue is tried; the first failure is then thrown.
        /// </summary>
        public async Task PublishJobStateChangeAsync(MediaJob job, JobState oldState, JobState newState, CancellationToken cancellationToken = default)
        {
            if (job is null) throw new ArgumentNullException(nameof(job));
            var queues = new List<string>();
            var webhooks = new List<NotificationEndpoint>();
            foreach (var subscription in job.NotificationSubscriptions ?? new List<JobNotificationSubscription>())
            {
                if (subscription is null || !Wants(subscription.NotifyOn, newState)) continue;
                var queueName = subscription.QueueName;
                if (string.IsNullOrEmpty(queueName) && !string.IsNullOrEmpty(subscription.NotificationEndpointId))
                {
                    // No queue recorded: a WebHook endpoint (or an old record). A removed endpoint is told nothing.
                    var endpoint = await WebhookOutbox.TryGetEndpointAsync(_context, subscription.NotificationEndpointId, cancellationToken).ConfigureAwait(false);
                    if (endpoint is null) continue;
                    if (endpoint.IsWebHook)
                    {
                        if (!webhooks.Exists(w => w.Id == endpoint.Id)) webhooks.Add(endpoint);
                        continue;
                    }
                    queueName = endpoint.QueueName;
                }
                if (string.IsNullOrEmpty(queueName) || queues.Contains(queueName)) continue;
                queues.Add(queueName);
            }
            if (queues.Count == 0 && webhooks.Count == 0) return;

            var accountName = !string.IsNullOrEmpty(job.AccountName) ? job.AccountName : _context.Name;
            var notification = NotificationMessages.CreateJobStateChange(job, oldState, newState, DateTimeOffset.UtcNow, accountName);
            var text = NotificationMessages.Serialize(notification);

            var sends = queues.Select(queueName => (Func<Task>)(() => SendAsync(_context, queueName, text, createQueue: true, cancellationToken)))
                .Concat(webhooks.Select(endpoint => (Func<Task>)(async () =>
                    await WebhookOutbox.EnqueueAsync(_context, endpoint, notification, await _accountId.GetAccountIdAsync(cancellationToken).ConfigureAwait(false), cancellationToken)
                        .ConfigureAwait(false))));
            Exception? failure = null;
            foreach (var send in sends)
            {
                try
                {
                    await send().ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    failure ??= ex;
                }
            }
            if (failure != null)
            {
                if (failure is MediaOpsException) throw failure;
                throw new MediaOpsException(MediaErrorKind.OperationFailed,
                    $"Could not publish the {newState} notification of job {job.Id} to every notification queue ({failure.Message}).", job.Id, failure);
            }
        }

        /// <summary>Sends a message text (the context's queue client Base64-encodes it); on a missing queue, creates it when asked and sends again.</summary>
        internal static async Task SendAsync(MediaAccountContext context, string queueName, string text, bool createQueue, CancellationToken cancellationToken)
        {
            var queue = context.GetQueue(queueName);
            try
            {
                await StorageErrors.RunAsync(context, $"send a notification to the queue '{queueName}'",
                    () => queue.SendMessageAsync(text, cancellationToken)).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                if (!createQueue) throw NotificationQueue.QueueNotFound(context, queueName, ex);
                await StorageErrors.RunAsync(context, $"create the notification queue '{queueName}'",
                    () => queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
                await StorageErrors.RunAsync(context, $"send a notification to the queue '{queueName}'",
                    () => queue.SendMessageAsync(text, cancellationToken)).ConfigureAwait(false);
            }
        }
    }
}
