using System.Management.Automation;
using MediaOps.Core;

namespace MediaOps.PowerShell
{
    /// <summary>How Core's error kinds appear in PowerShell: the condition part of error ids, and error categories.</summary>
    internal static class ErrorMapping
    {
        public static string ConditionOf(MediaErrorKind kind)
        {
            switch (kind)
            {
                case MediaErrorKind.InvalidArgument: return "InvalidArgument";
                case MediaErrorKind.NotFound: return "NotFound";
                case MediaErrorKind.AlreadyExists: return "AlreadyExists";
                case MediaErrorKind.Conflict: return "Conflict";
                case MediaErrorKind.AuthenticationFailed: return "AuthenticationFailed";
                case MediaErrorKind.StorageUnreachable: return "StorageUnreachable";
                case MediaErrorKind.Timeout: return "TimedOut";
                case MediaErrorKind.OperationFailed: return "OperationFailed";
                case MediaErrorKind.Canceled: return "Canceled";
                case MediaErrorKind.StorageRejected: return "StorageRejected";
                default: return kind.ToString();
            }
        }

        public static ErrorCategory CategoryOf(MediaErrorKind kind)
        {
            switch (kind)
            {
                case MediaErrorKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case MediaErrorKind.NotFound: return ErrorCategory.ObjectNotFound;
                case MediaErrorKind.AlreadyExists: return ErrorCategory.ResourceExists;
                case MediaErrorKind.Conflict: return ErrorCategory.ResourceExists;
                case MediaErrorKind.AuthenticationFailed: return ErrorCategory.AuthenticationError;
                case MediaErrorKind.StorageUnreachable: return ErrorCategory.ConnectionError;
                case MediaErrorKind.Timeout: return ErrorCategory.OperationTimeout;
                case MediaErrorKind.OperationFailed: return ErrorCategory.InvalidOperation;
                case MediaErrorKind.Canceled: return ErrorCategory.OperationStopped;
                case MediaErrorKind.StorageRejected: return ErrorCategory.ConnectionError;
                default: return ErrorCategory.NotSpecified;
            }
        }
    }
}
