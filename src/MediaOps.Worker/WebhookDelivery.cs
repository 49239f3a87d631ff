using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using MediaOps.Core;
using MediaOps.Core.Accounts;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;
using MediaOps.Core.Storage;
using MediaOps.Worker.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaOps.Worker
{
    /// <summary>
    /// Delivers notifications to the account's WebHook endpoints from their delivery queues, beside the job loop and
    /// never in its way: each body is POSTed signed (<c>ms-signature</c>, <c>ms-mediaservices-accountid</c>); a 2xx
    /// deletes the message; anything else keeps it, hidden for an exponentially growing delay, until
    /// <see cref="WebhookDeliveryOptions.RetryPeriod"/> after its first enqueue, then moves it to <c>&lt;queue&gt;-poison</c>.
    /// A message is hidden while its POST is in flight, so a worker killed mid-delivery loses nothing: it reappears and
    /// any worker delivers the same bytes, ETag included.
    /// </summary>
    public sealed class WebhookDelivery : IDisposable
    {
        private readonly MediaAccountContext _context;
        private readonly WebhookDeliveryOptions _options;
        private readonly ILogger _logger;
        private readonly HttpClient _http;
        private readonly NotificationEndpointClient _endpoints;
        private IReadOnlyList<NotificationEndpoint> _known = Array.Empty<NotificationEndpoint>();
        private DateTimeOffset _nextRefresh = DateTimeOffset.MinValue;

        public WebhookDelivery(MediaAccountContext context, WebhookDeliveryOptions? options = null, ILogger<WebhookDelivery>? logger = null)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _options = options ?? new WebhookDeliveryOptions();
            if (_options.RequestTimeout <= TimeSpan.Zero) throw new MediaOpsException(MediaErrorKind.InvalidArgument, "The WebHook request timeout must be positive.");
            if (_options.BatchSize < 1 || _options.BatchSize > 32) throw new MediaOpsException(MediaErrorKind.InvalidArgument, "The WebHook batch size must be 1 to 32.");
            _logger = logger ?? (ILogger)NullLogger.Instance;
            _endpoints = new NotificationEndpointClient(context);
            _http = new HttpClient(new SocketsHttpHandler
            {
                // A redirect would send the signed body somewhere the endpoint does not name.
                AllowAutoRedirect = false,
                ConnectTimeout = _options.RequestTimeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            {
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
        }

        /// <summary>
        /// Runs <paramref name="jobs"/> (the job loop) with deliveries beside it, on a task of their own, until the job loop
        /// ends; then stops the deliveries. In-flight deliveries are abandoned and reappear for the next worker.
        /// </summary>
        public async Task RunBesideAsync(Func<CancellationToken, Task> jobs, CancellationToken cancellationToken)
        {
            if (jobs is null) throw new ArgumentNullException(nameof(jobs));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var deliveries = Task.Run(() => RunAsync(stop.Token), CancellationToken.None);
            try
            {
                await jobs(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                stop.Cancel();
                try
                {
                    await deliveries.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        /// <summary>Delivers until <paramref name="cancellationToken"/> is cancelled; storage or receiver failures are logged, never thrown.</summary>
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            WebhookLog.DeliveryStarted(_logger, _context.Name, _options.RefreshInterval.TotalSeconds);
            var pollDelay = _options.MinPollInterval;
            while (!cancellationToken.IsCancellationRequested)
            {
                int attempted;
                try
                {
                    attempted = await RunOnceAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    WebhookLog.PassFailed(_logger, WorkerLog.Describe(ex));
                    attempted = 0;
                }
                pollDelay = attempted > 0 ? _options.MinPollInterval : TimeSpan.FromTicks(Math.Min(_options.MaxPollInterval.Ticks, pollDelay.Ticks * 2));
                try
                {
                    await Task.Delay(attempted > 0 ? TimeSpan.Zero : pollDelay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            WebhookLog.DeliveryStopped(_logger);
        }

        /// <summary>One pass: lists the endpoints when due, then attempts what each delivery queue has visible. Returns the attempts made.</summary>
        public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
        {
            if (DateTimeOffset.UtcNow >= _nextRefresh)
            {
                _known = await _endpoints.ListWebhooksForDeliveryAsync(cancellationToken).ConfigureAwait(false);
                _nextRefresh = DateTimeOffset.UtcNow + _options.RefreshInterval;
            }
            var counts = await Task.WhenAll(_known.Select(e => DeliverBatchAsync(e, cancellationToken))).ConfigureAwait(false);
            return counts.Sum();
        }

        public void Dispose() => _http.Dispose();

        private async Task<int> DeliverBatchAsync(NotificationEndpoint endpoint, CancellationToken cancellationToken)
        {
            var queue = new NotificationQueue(_context, endpoint.DeliveryQueueName!);
            IReadOnlyList<ReceivedMessage> messages;
            try
            {
                // Hidden for twice the request timeout: long enough for the POST, short enough that a killed worker's
                // delivery soon reappears.
                messages = await queue.ReceiveAsync(_options.BatchSize, TimeSpan.FromTicks(_options.RequestTimeout.Ticks * 2), cancellationToken).ConfigureAwait(false);
            }
            catch (MediaOpsException ex) when (ex.Kind == MediaErrorKind.NotFound)
            {
                return 0; // The endpoint was removed with its queue since the last listing.
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                WebhookLog.ReceiveFailed(_logger, queue.Name, endpoint.Id, endpoint.Address, WorkerLog.Describe(ex));
                return 0;
            }
            await Task.WhenAll(messages.Select(m => DeliverOrDeferAsync(endpoint, queue, m, cancellationToken))).ConfigureAwait(false);
            return messages.Count;
        }

        /// <summary>
        /// Delivers one message; when that fails for a reason other than the receiver's answer (storage, for example),
        /// the message is left hidden for the retry delay and comes back: nothing is lost, and nothing else waits.
        /// </summary>
        private async Task DeliverOrDeferAsync(NotificationEndpoint endpoint, NotificationQueue queue, ReceivedMessage message, CancellationToken cancellationToken)
        {
            try
            {
                await DeliverAsync(endpoint, queue, message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                WebhookLog.DeliveryError(_logger, endpoint.Address, endpoint.Id, Scrub(WorkerLog.Describe(ex), endpoint));
                try
                {
                    await DeferAsync(queue, message, RetryDelay(message.DequeueCount), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception deferFailure) when (!(deferFailure is OperationCanceledException))
                {
                    // Its visibility lapses on its own.
                }
            }
        }

        private async Task DeliverAsync(NotificationEndpoint endpoint, NotificationQueue queue, ReceivedMessage message, CancellationToken cancellationToken)
        {
            if (message.Notification is null)
            {
                await queue.MoveToPoisonAsync(message, cancellationToken).ConfigureAwait(false);
                WebhookLog.MessagePoisoned(_logger, message.DequeueCount, queue.Name, endpoint.Id, endpoint.Address, message.Error ?? "unreadable", queue.PoisonName);
                return;
            }

            var notification = message.Notification;

            var body = Convert.FromBase64String(message.RawText.Trim());
            var started = Stopwatch.GetTimestamp();
            int? status = null;
            string? error = null;
            try
            {
                status = await PostAsync(endpoint, notification, body, cancellationToken).ConfigureAwait(false);
                if (status < 200 || status > 299) error = $"HTTP {status}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"no answer within {_options.RequestTimeout.TotalSeconds:0.#} s";
            }
            catch (HttpRequestException ex)
            {
                error = Scrub(ex.InnerException?.Message ?? ex.Message, endpoint);
            }
            var durationMs = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);

            var outcome = new WebhookDeliveryOutcome
            {
                Time = DateTimeOffset.UtcNow,
                StatusCode = status,
                Error = error,
                NotificationETag = notification.ETag,
                Attempt = message.DequeueCount,
            };
            if (error is null)
            {
                await queue.DeleteAsync(message, cancellationToken).ConfigureAwait(false);
                outcome.Result = WebhookDeliveryOutcome.DeliveredResult;
                WebhookLog.Delivered(_logger, notification.EventType, notification.ETag, notification.JobId, endpoint.Address, endpoint.Id, message.DequeueCount,
                    status, durationMs);
            }
            else if (message.InsertedOn.HasValue && DateTimeOffset.UtcNow - message.InsertedOn.Value >= _options.RetryPeriod)
            {
                await queue.MoveToPoisonAsync(message, cancellationToken).ConfigureAwait(false);
                outcome.Result = WebhookDeliveryOutcome.AbandonedResult;
                WebhookLog.DeliveryAbandoned(_logger, notification.EventType, notification.ETag, notification.JobId, endpoint.Address, endpoint.Id, message.DequeueCount,
                    message.InsertedOn.Value.UtcDateTime.ToString("o", CultureInfo.InvariantCulture), error, status, durationMs, queue.PoisonName);
            }
            else
            {
                var delay = RetryDelay(message.DequeueCount);
                await DeferAsync(queue, message, delay, cancellationToken).ConfigureAwait(false);
                outcome.Result = WebhookDeliveryOutcome.FailedResult;
                WebhookLog.DeliveryFailed(_logger, notification.EventType, notification.ETag, notification.JobId, endpoint.Address, endpoint.Id, message.DequeueCount,
                    error, status, durationMs, delay.TotalSeconds);
            }

            try
            {
                await _endpoints.RecordDeliveryAsync(endpoint.Id, outcome, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                WebhookLog.OutcomeNotRecorded(_logger, endpoint.Id, endpoint.Address, WorkerLog.Describe(ex));
            }
        }

        private async Task<int> PostAsync(NotificationEndpoint endpoint, MediaNotification notification, byte[] body, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RequestTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.StoredAddress);
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Compute(body, endpoint.StoredSigningKey!));
            notification.Properties.TryGetValue("AccountId", out var accountId);
            request.Headers.TryAddWithoutValidation(WebhookSignature.AccountIdHeader, accountId ?? "");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return (int)response.StatusCode;
        }

        /// <summary>The wait before the next attempt after <paramref name="attempts"/> failed ones: the initial delay, doubled each time, capped.</summary>
        internal TimeSpan RetryDelay(long attempts)
        {
            var delay = _options.InitialRetryDelay;
            for (var i = 1; i < attempts && delay < _options.MaxRetryDelay; i++) delay = TimeSpan.FromTicks(delay.Ticks * 2);
            return delay > _options.MaxRetryDelay ? _options.MaxRetryDelay : delay;
        }

        private async Task DeferAsync(NotificationQueue queue, ReceivedMessage message, TimeSpan delay, CancellationToken cancellationToken)
        {
            var raw = _context.GetRawQueue(queue.Name);
            try
            {
                await StorageErrors.RunAsync(_context, $"defer a delivery of the queue '{queue.Name}'",
                    () => raw.UpdateMessageAsync(message.MessageId, message.PopReceipt, (string?)null, delay, cancellationToken)).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404 || ex.Status == 400)
            {
                // Its visibility lapsed and another worker has it: that worker decides.
            }
        }

        /// <summary>An error text without the address's query string (it may hold a key).</summary>
        private static string Scrub(string text, NotificationEndpoint endpoint)
        {
            var full = endpoint.StoredAddress ?? "";
            var query = full.Length > (endpoint.Address ?? "").Length ? full.Substring((endpoint.Address ?? "").Length) : "";
            if (full.Length > 0) text = text.Replace(full, endpoint.Address);
            if (query.Length > 1) text = text.Replace(query, "");
            return text;
        }
    }
}
