using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core.Accounts;
using MediaOps.Core.Models;

namespace MediaOps.Core.Notifications
{
    /// <summary>Raw notifications of a queue, for scripts that do their own processing.</summary>
    public sealed class NotificationReceiver
    {
        /// <summary>How long received notifications stay hidden from other readers when the caller gives no visibility timeout.</summary>
        public static readonly TimeSpan DefaultVisibilityTimeout = TimeSpan.FromSeconds(30);

        private readonly MediaAccountContext _context;

        public NotificationReceiver(MediaAccountContext context)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
        }

        /// <summary>
        /// Receives up to <paramref name="maxMessages"/> notifications (in batches of 32), ordered by TimeStamp, with
        /// duplicates as they are on the queue (dedupe by ETag if it matters). With <paramref name="deleteAfterReceive"/>
        /// they are deleted from the queue. Without it they are left there, hidden from every reader (this one too) for
        /// <paramref name="visibilityTimeout"/> (default 30 seconds, whole seconds), after which they become visible again
        /// and a later call or another reader receives them once more. Malformed messages (not Base64, not JSON, not the
        /// notification format) are moved, text unchanged, to <c>&lt;queue&gt;-poison</c> and not returned.
        /// </summary>
        public async Task<IReadOnlyList<MediaNotification>> ReceiveAsync(
            string queueName, int maxMessages = 32, bool deleteAfterReceive = false, TimeSpan? visibilityTimeout = null,
            CancellationToken cancellationToken = default)
        {
            QueueNames.Validate(queueName);
            WebhookAddress.EnsureNotDeliveryQueue(queueName, "receiving from it");
            if (maxMessages < 1)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"The number of messages to receive must be at least 1 (it was {maxMessages}).", maxMessages.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            var visibility = visibilityTimeout ?? DefaultVisibilityTimeout;
            if (visibility <= TimeSpan.Zero || visibility > TimeSpan.FromDays(7))
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"The visibility timeout must be between 1 second and 7 days (it was {visibility}).");
            }

            var queue = new NotificationQueue(_context, queueName);
            var result = new List<ReceivedMessage>();
            var remaining = maxMessages;
            while (remaining > 0)
            {
                var batch = await queue.ReceiveAsync(Math.Min(32, remaining), visibility, cancellationToken).ConfigureAwait(false);
                if (batch.Count == 0) break;
                remaining -= batch.Count;

                await queue.MoveAllToPoisonAsync(batch.Where(m => m.Notification == null), cancellationToken).ConfigureAwait(false);
                var good = batch.Where(m => m.Notification != null).ToList();
                if (deleteAfterReceive)
                {
                    await Task.WhenAll(good.Select(m => queue.DeleteAsync(m, cancellationToken))).ConfigureAwait(false);
                }
                result.AddRange(good);
                if (batch.Count < 32) break;
            }
            return result
                .OrderBy(m => m.TimeStamp)
                .ThenBy(m => m.InsertedOn)
                .Select(m => m.Notification!)
                .ToList();
        }
    }
}
