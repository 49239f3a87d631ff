using System;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using Azure;
using MediaOps.Core.Accounts;

namespace MediaOps.Core.Storage
{
    /// <summary>
    /// Turns storage failures into <see cref="MediaOpsException"/>s that say what could not be done and how to fix
    /// it. Messages name endpoints without query strings, so no SAS signature can leak through them.
    /// </summary>
    internal static class StorageErrors
    {
        public static async Task<T> RunAsync<T>(MediaAccountContext context, string operation, Func<Task<T>> call)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception ex) when (Translate(context, operation, ex) is MediaOpsException translated)
            {
                throw translated;
            }
        }

        public static async Task RunAsync(MediaAccountContext context, string operation, Func<Task> call)
        {
            try
            {
                await call().ConfigureAwait(false);
            }
            catch (Exception ex) when (Translate(context, operation, ex) is MediaOpsException translated)
            {
                throw translated;
            }
        }

        /// <summary>The exception to throw instead of <paramref name="ex"/>, or null to let it through.</summary>
        public static MediaOpsException? Translate(MediaAccountContext context, string operation, Exception ex)
        {
            var endpoint = context.BlobEndpoint.GetLeftPart(UriPartial.Path);
            switch (ex)
            {
                case MediaOpsException _:
                case OperationCanceledException _:
                    return null;
                case RequestFailedException rfe when rfe.Status == 403:
                    return new MediaOpsException(MediaErrorKind.AuthenticationFailed,
                        $"Storage account '{context.StorageAccountName}' at {endpoint} refused the credentials while trying to {operation} ({rfe.ErrorCode ?? "403"}). " +
                        "Check the account key in the connection string, or the role assignments (Storage Blob Data Contributor and Storage Queue Data Contributor) of the identity.",
                        endpoint, rfe);
                case Azure.Identity.AuthenticationFailedException _:
                    return new MediaOpsException(MediaErrorKind.AuthenticationFailed,
                        $"Could not {operation}: no token could be obtained for storage account '{context.StorageAccountName}' ({FirstLine(ex.Message)}). " +
                        "In a runbook, enable the Automation account's managed identity (and pass -ClientId for a user-assigned one); at a prompt, sign in with 'az login' or use -ConnectionString.",
                        endpoint, ex);
                case RequestFailedException rfe when rfe.Status == 0 || rfe.InnerException is HttpRequestException || rfe.InnerException is SocketException:
                    return Unreachable(context, operation, endpoint, rfe);
                case AggregateException agg when agg.InnerException is RequestFailedException inner && (inner.Status == 0 || inner.InnerException is HttpRequestException):
                    return Unreachable(context, operation, endpoint, agg);
                case AggregateException agg when agg.InnerException is HttpRequestException:
                    return Unreachable(context, operation, endpoint, agg);
                case HttpRequestException _:
                    return Unreachable(context, operation, endpoint, ex);
                case RequestFailedException rfe when IsWrongEndpoint(rfe):
                    return WrongEndpoint(context, operation, rfe);
                case RequestFailedException rfe when rfe.Status >= 500 || rfe.Status == 408 || rfe.Status == 429:
                    // Only status and code are repeated: the SDK's message quotes the response, which may echo request URLs.
                    return new MediaOpsException(MediaErrorKind.OperationFailed,
                        $"Could not {operation}: storage account '{context.StorageAccountName}' answered {rfe.Status} ({rfe.ErrorCode ?? "no error code"}) " +
                        $"after {context.Options.MaxRetries} retries. This is usually temporary (the account is busy or throttling): run the command again; " +
                        "uploads and copies resume where they stopped.",
                        endpoint) { IsTransient = true };
                default:
                    return null;
            }
        }

        /// <summary>
        /// Error codes with which storage answers a request that reached the wrong place: an account it does not have,
        /// the other service's port, a URL it cannot parse. A response without any storage error code (an HTML page from a
        /// plain web server, a proxy's answer) is one too.
        /// </summary>
        private static readonly string[] WrongEndpointCodes =
        {
            "ResourceNotFound", "AccountNotFound", "InvalidUri", "UnsupportedHttpVerb", "InvalidQueryParameterValue",
            "InvalidResourceName", "InvalidHeaderValue", "UnsupportedQueryParameter", "UnsupportedHeader",
        };

        private static bool IsWrongEndpoint(RequestFailedException rfe) =>
            rfe.Status >= 400 && rfe.Status < 500 && rfe.Status != 408 && rfe.Status != 429
            && (string.IsNullOrEmpty(rfe.ErrorCode) || Array.IndexOf(WrongEndpointCodes, rfe.ErrorCode) >= 0);

        /// <summary>
        /// For a storage failure that the code calling storage did not handle itself: what <see cref="Translate"/> makes
        /// of it, or else, for any other status, a <see cref="MediaErrorKind.OperationFailed"/> naming endpoint, status and
        /// code; null for what is not a storage failure.
        /// </summary>
        public static MediaOpsException? TranslateUnhandled(MediaAccountContext context, Exception ex)
        {
            if (ex is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) ex = aggregate.InnerExceptions[0];
            var translated = Translate(context, "complete the request", ex);
            if (translated != null || !(ex is RequestFailedException rfe)) return translated;
            var endpoint = context.BlobEndpoint.GetLeftPart(UriPartial.Path);
            return new MediaOpsException(MediaErrorKind.OperationFailed,
                $"Storage account '{context.StorageAccountName}' at {endpoint} refused a request with {rfe.Status} ({rfe.ErrorCode ?? "no error code"}). " +
                "Run the command again with -Verbose to see which step failed; if it persists, check the account's settings (firewall, versioning, immutability policies).",
                endpoint);
        }

        private static MediaOpsException WrongEndpoint(MediaAccountContext context, string operation, RequestFailedException rfe)
        {
            var blob = context.BlobEndpoint.GetLeftPart(UriPartial.Path);
            var queue = context.QueueEndpoint.GetLeftPart(UriPartial.Path);
            var answer = string.IsNullOrEmpty(rfe.ErrorCode)
                ? $"{rfe.Status} without a storage error code (not an Azure Storage response: is it a web server or a proxy?)"
                : $"{rfe.Status} ({rfe.ErrorCode})";
            return new MediaOpsException(MediaErrorKind.StorageRejected,
                $"Could not {operation}: the storage endpoints of account '{context.StorageAccountName}' (blob {blob}, queue {queue}) answered {answer}. " +
                "Check the account name and the BlobEndpoint and QueueEndpoint in the connection string (are the blob and queue endpoints swapped?), " +
                "then run Connect-MediaAccount again.",
                blob);
        }

        private static MediaOpsException Unreachable(MediaAccountContext context, string operation, string endpoint, Exception ex) =>
            new MediaOpsException(MediaErrorKind.StorageUnreachable,
                $"Could not {operation}: the storage endpoint {endpoint} of account '{context.StorageAccountName}' is unreachable ({Root(ex).Message}). " +
                "Check the endpoint in the connection string, the network path and any firewall rules of the account.",
                endpoint, ex) { IsTransient = true };

        private static string FirstLine(string text)
        {
            var end = text.IndexOfAny(new[] { '\r', '\n' });
            return end < 0 ? text : text.Substring(0, end);
        }

        private static Exception Root(Exception ex)
        {
            while (ex.InnerException != null) ex = ex.InnerException;
            return ex;
        }
    }
}
