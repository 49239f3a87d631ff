using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using MediaOps.Core.Accounts;
using MediaOps.Core.Models;
using MediaOps.Core.Storage;

namespace MediaOps.Core.Notifications
{
    /// <summary>One message received from a notification queue, decoded when it could be.</summary>
    internal sealed class ReceivedMessage
    {
        public ReceivedMessage(string messageId, string popReceipt, string rawText, DateTimeOffset? insertedOn, DateTimeOffset? nextVisibleOn, long dequeueCount)
        {
            MessageId = messageId;
            PopReceipt = popReceipt;
            RawText = rawText;
            InsertedOn = insertedOn;
            NextVisibleOn = nextVisibleOn;
            DequeueCount = dequeueCount;
        }

        public string MessageId { get; }

        public string PopReceipt { get; }

        /// <summary>The message text exactly as it is on the queue (normally Base64).</summary>
        public string RawText { get; }

        public DateTimeOffset? InsertedOn { get; }

        public DateTimeOffset? NextVisibleOn { get; }

        public long DequeueCount { get; }

        /// <summary>The notification, or null when the message is malformed (see <see cref="Error"/>).</summary>
        public MediaNotification? Notification { get; set; }

        public string? Error { get; set; }

        public DateTimeOffset TimeStamp { get; set; }
    }

    /// <summary>
    /// Reads a notification queue without the SDK's Base64 decoding, so that a message that is not Base64 does not fail
    /// the whole receive (which would hide the good messages received with it) and can be moved to the poison queue
    /// with its text intact. Every storage request is reported to <c>onRequest</c> before it is sent.
    /// </summary>
    internal sealed class NotificationQueue
    {
        private readonly MediaAccountContext _context;
        private readonly Action<string>? _onRequest;
        private readonly QueueClient _queue;
        private QueueClient? _poison;

        public NotificationQueue(MediaAccountContext context, string queueName, Action<string>? onRequest = null)
        {
            _context = context;
            _onRequest = onRequest;
            Name = queueName;
            PoisonName = QueueNames.Poison(queueName);
            _queue = context.GetRawQueue(queueName);
        }

        public string Name { get; }

        public string PoisonName { get; }

        /// <summary>
        /// Receives up to <paramref name="maxMessages"/> (1 to 32) messages, hiding them for <paramref name="visibilityTimeout"/>
        /// (whole seconds, at least one), and decodes each.
        /// </summary>
        public async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
        {
            var visibility = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(visibilityTimeout.TotalSeconds)));
            var count = Math.Max(1, Math.Min(32, maxMessages));
            var messages = await ReceiveRawAsync(count, visibility, cancellationToken).ConfigureAwait(false);

            var result = new List<ReceivedMessage>(messages.Length);
            foreach (var message in messages)
            {
                result.Add(Decode(new ReceivedMessage(message.MessageId, message.PopReceipt, TextOf(message.Body),
                    message.InsertedOn, message.NextVisibleOn, message.DequeueCount)));
            }
            return result;
        }

        /// <summary>
        /// Looks at up to <paramref name="maxMessages"/> (1 to 32) visible messages without receiving them: their visibility
        /// and dequeue count do not change, and they have no pop receipt.
        /// </summary>
        public async Task<IReadOnlyList<ReceivedMessage>> PeekAsync(int maxMessages, CancellationToken cancellationToken)
        {
            var count = Math.Max(1, Math.Min(32, maxMessages));
            PeekedMessage[] messages;
            Count("peek");
            try
            {
                var response = await StorageErrors.RunAsync(_context, $"peek at the messages of the queue '{Name}'",
                    () => _queue.PeekMessagesAsync(count, cancellationToken)).ConfigureAwait(false);
                messages = response.Value ?? Array.Empty<PeekedMessage>();
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                throw QueueNotFound(_context, Name, ex);
            }
            var result = new List<ReceivedMessage>(messages.Length);
            foreach (var message in messages)
            {
                result.Add(Decode(new ReceivedMessage(message.MessageId, "", TextOf(message.Body), message.InsertedOn, null, message.DequeueCount)));
            }
            return result;
        }

        /// <summary>The queue's approximate message count, hidden messages included.</summary>
        public async Task<int> CountAsync(CancellationToken cancellationToken)
        {
            Count("properties");
            try
            {
                var response = await StorageErrors.RunAsync(_context, $"read the properties of the queue '{Name}'",
                    () => _queue.GetPropertiesAsync(cancellationToken)).ConfigureAwait(false);
                return response.Value.ApproximateMessagesCount;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                throw QueueNotFound(_context, Name, ex);
            }
        }

        private static string TextOf(BinaryData body) => body.ToString();

        private ReceivedMessage Decode(ReceivedMessage received)
        {
            if (NotificationMessages.TryDecode(received.RawText, out var notification, out var error))
            {
                notification!.MessageId = received.MessageId;
                notification.InsertedOn = received.InsertedOn;
                notification.DequeueCount = received.DequeueCount;
                notification.Context = _context;
                NotificationMessages.TryParseTimeStamp(notification.TimeStamp, out var timeStamp);
                received.Notification = notification;
                received.TimeStamp = timeStamp;
            }
            else
            {
                received.Error = error;
            }
            return received;
        }

        /// <summary>Deletes a message; one already gone (or received again by someone else) is not an error.</summary>
        public async Task DeleteAsync(ReceivedMessage message, CancellationToken cancellationToken)
        {
            Count("delete");
            try
            {
                await StorageErrors.RunAsync(_context, $"delete a message from the queue '{Name}'",
                    () => _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken)).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
            }
        }

        /// <summary>Makes a message visible again at once, unchanged; one already visible again or gone is not an error.</summary>
        public async Task ReleaseAsync(ReceivedMessage message, CancellationToken cancellationToken)
        {
            Count("release");
            try
            {
                await StorageErrors.RunAsync(_context, $"release a message of the queue '{Name}'",
                    () => _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, (string?)null, TimeSpan.Zero, cancellationToken)).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404 || ex.Status == 400)
            {
            }
        }

        /// <summary>Copies a malformed message, text unchanged, to <c>&lt;queue&gt;-poison</c> (created when missing), then deletes it.</summary>
        public async Task MoveToPoisonAsync(ReceivedMessage message, CancellationToken cancellationToken)
        {
            var poison = _poison ??= _context.GetRawQueue(PoisonName);
            try
            {
                await SendPoisonAsync(poison, message, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                Count("create-poison-queue");
                await StorageErrors.RunAsync(_context, $"create the poison queue '{PoisonName}'",
                    () => poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
                await SendPoisonAsync(poison, message, cancellationToken).ConfigureAwait(false);
            }
            await DeleteAsync(message, cancellationToken).ConfigureAwait(false);
        }

        public Task MoveAllToPoisonAsync(IEnumerable<ReceivedMessage> messages, CancellationToken cancellationToken) =>
            Task.WhenAll(messages.Select(m => MoveToPoisonAsync(m, cancellationToken)));

        private async Task<QueueMessage[]> ReceiveRawAsync(int count, TimeSpan visibility, CancellationToken cancellationToken)
        {
            Count("receive");
            try
            {
                var response = await StorageErrors.RunAsync(_context, $"receive messages from the queue '{Name}'",
                    () => _queue.ReceiveMessagesAsync(count, visibility, cancellationToken)).ConfigureAwait(false);
                return response.Value ?? Array.Empty<QueueMessage>();
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                throw QueueNotFound(_context, Name, ex);
            }
        }

        private async Task SendPoisonAsync(QueueClient poison, ReceivedMessage message, CancellationToken cancellationToken)
        {
            Count("send-poison");
            await StorageErrors.RunAsync(_context, $"move a malformed message to the poison queue '{PoisonName}'",
                () => poison.SendMessageAsync(message.RawText, cancellationToken)).ConfigureAwait(false);
        }

        private void Count(string operation) => _onRequest?.Invoke(operation);

        internal static MediaOpsException QueueNotFound(MediaAccountContext context, string queueName, Exception? inner = null) =>
            new MediaOpsException(MediaErrorKind.NotFound,
                $"The queue '{queueName}' does not exist in account '{context.Name}'. Check the name, or create it with New-MediaNotificationEndpoint -QueueName {queueName}.",
                queueName, inner);
    }
}
