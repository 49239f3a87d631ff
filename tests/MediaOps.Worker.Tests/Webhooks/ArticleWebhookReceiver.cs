using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Testing;
using Newtonsoft.Json;

namespace MediaOps.Worker.Tests.Webhooks
{
    // The message classes of Media Services' article "Use Azure Webhooks to monitor Media Services job notifications
    // with .NET", as its Azure Function declares them.
    public enum NotificationEventType
    {
        None = 0,
        JobStateChange = 1,
        NotificationEndPointRegistration = 2,
        NotificationEndPointUnregistration = 3,
        TaskStateChange = 4,
        TaskProgress = 5,
    }

    public sealed class NotificationMessage
    {
        public string MessageVersion { get; set; } = "";

        public string ETag { get; set; } = "";

        public NotificationEventType EventType { get; set; }

        public DateTime TimeStamp { get; set; }

        public IDictionary<string, string> Properties { get; set; } = new Dictionary<string, string>();
    }

    public static class NotificationMessageExtensions
    {
        /// <summary>A property of the message; null when it has none (or there is no message).</summary>
        public static string? Get(this NotificationMessage? message, string key) =>
            message != null && message.Properties.TryGetValue(key, out var value) ? value : null;
    }

    /// <summary>One POST the receiver got: its bytes, whether the article's checks passed, and what it answered.</summary>
    public sealed record ReceivedPost(byte[] Body, bool SignatureVerified, bool HeadersVerified, NotificationMessage? Message, int Answer)
    {
        public bool Accepted => SignatureVerified && HeadersVerified && Message != null && Answer == 200;
    }

    /// <summary>
    /// A WebHook receiver on 127.0.0.1 that verifies as the article's Azure Function does: it reads the body's bytes,
    /// compares <c>ms-signature</c> ordinally with <c>sha256=</c> + the upper-case hex HMAC-SHA256 of them keyed with
    /// <c>Convert.FromBase64String(signingKey)</c>, checks <c>ms-mediaservices-accountid</c> against Properties["AccountId"],
    /// parses the JSON with Json.NET and answers 200; a request that fails a check gets 400. Can be stopped and started
    /// again on the same port, answer with another status, or hold requests without answering.
    /// </summary>
    public sealed class ArticleWebhookReceiver : IDisposable
    {
        private const string SignatureHeaderKey = "sha256";
        private const string SignatureHeaderValueTemplate = SignatureHeaderKey + "={0}";

        private readonly ConcurrentQueue<ReceivedPost> _posts = new ConcurrentQueue<ReceivedPost>();
        private HttpListener? _listener;
        private TaskCompletionSource _release = NewReleased();

        public ArticleWebhookReceiver(string signingKey, int? port = null)
        {
            SigningKey = signingKey;
            Port = port ?? AzuriteInstance.FreePort();
        }

        public int Port { get; }

        /// <summary>The address to register, with a query string as an Azure Function's address has (it must never be logged).</summary>
        public string Address => $"http://127.0.0.1:{Port}/api/notification_webhook_function?code=receiver-query-secret";

        public const string QuerySecret = "receiver-query-secret";

        /// <summary>The key this receiver verifies with (the function's SigningKey app setting).</summary>
        public string SigningKey { get; set; }

        /// <summary>Status answered to requests that pass every check (200 as the article; set another to refuse them).</summary>
        public int AcceptedStatus { get; set; } = 200;

        public IReadOnlyList<ReceivedPost> Posts => _posts.ToList();

        public IReadOnlyList<ReceivedPost> Accepted => Posts.Where(p => p.Accepted).ToList();

        /// <summary>Holds every request (counted in <see cref="Posts"/>, not answered) until <see cref="Release"/>.</summary>
        public void Hold() => _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _release.TrySetResult();

        public ArticleWebhookReceiver Start()
        {
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            listener.Start();
            _listener = listener;
            _ = Task.Run(() => AcceptLoopAsync(listener));
            return this;
        }

        public void Stop()
        {
            var listener = Interlocked.Exchange(ref _listener, null);
            if (listener is null) return;
            try
            {
                listener.Stop();
                listener.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public void Dispose()
        {
            Release();
            Stop();
        }

        public async Task<T> WaitForAsync<T>(Func<ArticleWebhookReceiver, T?> condition, TimeSpan timeout, string what) where T : class
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                var result = condition(this);
                if (result != null) return result;
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"The receiver did not get {what} within {timeout}; it got {_posts.Count} POST(s): " +
                        string.Join("; ", Posts.Select(p => $"{p.Message?.EventType} {p.Message.Get("NewState")} verified={p.SignatureVerified} answer={p.Answer}")));
                }
                await Task.Delay(100);
            }
        }

        private async Task AcceptLoopAsync(HttpListener listener)
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException || ex is ObjectDisposedException || ex is InvalidOperationException)
                {
                    return;
                }
                _ = Task.Run(() => HandleAsync(context));
            }
        }

        private async Task HandleAsync(HttpListenerContext context)
        {
            try
            {
                // As the function: the body's bytes exactly as they came.
                byte[] requestMessageContents;
                using (var buffer = new MemoryStream())
                {
                    await context.Request.InputStream.CopyToAsync(buffer);
                    requestMessageContents = buffer.ToArray();
                }

                var signatureVerified = false;
                var headersVerified = false;
                NotificationMessage? msg = null;
                var signatureFromHeader = context.Request.Headers["ms-signature"];
                if (signatureFromHeader != null)
                {
                    byte[] signingKey = Convert.FromBase64String(SigningKey);
                    signatureVerified = VerifyWebHookRequestSignature(requestMessageContents, signatureFromHeader, signingKey);
                    if (signatureVerified)
                    {
                        string jsonContent = Encoding.UTF8.GetString(requestMessageContents);
                        msg = JsonConvert.DeserializeObject<NotificationMessage>(jsonContent);
                        headersVerified = msg != null && VerifyHeaders(context.Request, msg);
                    }
                }

                var answer = signatureVerified && headersVerified ? AcceptedStatus : 400;
                var release = _release.Task;
                _posts.Enqueue(new ReceivedPost(requestMessageContents, signatureVerified, headersVerified, msg, release.IsCompleted ? answer : 0));
                await release;
                context.Response.StatusCode = answer;
                context.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException || ex is ObjectDisposedException || ex is IOException || ex is InvalidOperationException)
            {
                // The sender went away (killed mid-delivery) or the receiver was stopped.
            }
        }

        private static bool VerifyWebHookRequestSignature(byte[] data, string actualValue, byte[] verificationKey)
        {
            using (var hasher = new HMACSHA256(verificationKey))
            {
                byte[] sha256 = hasher.ComputeHash(data);
                string expectedValue = string.Format(CultureInfo.InvariantCulture, SignatureHeaderValueTemplate, ToHex(sha256));
                return 0 == string.CompareOrdinal(expectedValue, actualValue);
            }
        }

        private static bool VerifyHeaders(HttpListenerRequest req, NotificationMessage msg)
        {
            var accountIdHeader = req.Headers["ms-mediaservices-accountid"];
            return accountIdHeader != null
                && msg.Properties.TryGetValue("AccountId", out var accountId)
                && string.Equals(accountIdHeader, accountId, StringComparison.OrdinalIgnoreCase);
        }

        private static string ToHex(byte[] data)
        {
            var sb = new StringBuilder();
            foreach (var b in data) sb.AppendFormat(CultureInfo.InvariantCulture, "{0:X2}", b);
            return sb.ToString();
        }

        private static TaskCompletionSource NewReleased()
        {
            var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            released.SetResult();
            return released;
        }
    }
}
