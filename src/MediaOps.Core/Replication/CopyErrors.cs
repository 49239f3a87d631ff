using System;
using System.Globalization;
using Azure;
using MediaOps.Core.Accounts;
using MediaOps.Core.Storage;

namespace MediaOps.Core.Replication
{
    /// <summary>
    /// Failures of copy requests. The SDK's exception for a Copy Blob request can quote the copy source, whose URL
    /// carries the source's SAS, so only the status and the error code of such failures are passed on, and the SDK
    /// exception is never attached as an inner exception.
    /// </summary>
    internal static class CopyErrors
    {
        public const string CannotVerifyCopySource = "CannotVerifyCopySource";

        /// <summary>A failure that concerns this blob only (the blob or its source is missing, busy, changed, ...),
        /// rather than the account, the credentials or the network.</summary>
        public static bool ConcernsTheBlob(RequestFailedException ex) =>
            ex.Status >= 400 && ex.Status < 500 && ex.Status != 401 && ex.Status != 403 && ex.Status != 408 && ex.Status != 429;

        public static bool SourceChanged(RequestFailedException ex) => ex.Status == 412;

        public static string Describe(RequestFailedException ex) =>
            ex.ErrorCode ?? ex.Status.ToString(CultureInfo.InvariantCulture);

        /// <summary>The exception to throw instead of <paramref name="ex"/>, carrying nothing of the SDK's text; null to let
        /// <paramref name="ex"/> through (it carries no request text).</summary>
        public static MediaOpsException? Sanitize(MediaAccountContext context, string operation, Exception ex)
        {
            if (ex is MediaOpsException || ex is OperationCanceledException) return null;
            if (StorageErrors.Translate(context, operation, ex) is MediaOpsException translated)
            {
                return new MediaOpsException(translated.Kind, translated.Message, translated.Target);
            }
            if (ex is RequestFailedException rfe)
            {
                return new MediaOpsException(MediaErrorKind.OperationFailed,
                    $"Could not {operation}: storage account '{context.StorageAccountName}' answered {rfe.Status} ({Describe(rfe)}). " +
                    "Run Copy-MediaAsset again to resume: files already copied are kept.",
                    context.BlobEndpoint.GetLeftPart(UriPartial.Path));
            }
            return null;
        }

        /// <summary>A copy's status description when it is safe to show (it holds no URL query).</summary>
        public static string? SafeDescription(string? description) =>
            string.IsNullOrWhiteSpace(description) || description!.IndexOf('?') >= 0 || description.IndexOf("sig=", StringComparison.OrdinalIgnoreCase) >= 0
                ? null
                : description.Trim();
    }
}
