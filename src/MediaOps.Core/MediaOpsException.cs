using System;

namespace MediaOps.Core
{
    /// <summary>What went wrong, in terms a host maps to its own error categories.</summary>
    public enum MediaErrorKind
    {
        InvalidArgument,
        NotFound,
        AlreadyExists,
        Conflict,
        AuthenticationFailed,
        StorageUnreachable,
        Timeout,
        OperationFailed,
        Canceled,

        /// <summary>
        /// The endpoint answered, but not as the storage service of the account would: a wrong account name, blob and queue
        /// endpoints swapped, or a server that is not Azure Storage. Nothing in the account can be used until it is fixed.
        /// </summary>
        StorageRejected,
    }

    /// <summary>
    /// The one exception type Core throws for conditions a user can act on. The message names the problem
    /// and the fix; it never contains an account key, a SAS signature or a token.
    /// </summary>
    public class MediaOpsException : Exception
    {
        public MediaOpsException(MediaErrorKind kind, string message, string? target = null, Exception? innerException = null)
            : base(message, innerException)
        {
            Kind = kind;
            Target = target;
        }

        public MediaErrorKind Kind { get; }

        /// <summary>The id, path or name the error is about, when there is one.</summary>
        public string? Target { get; }

        /// <summary>
        /// The condition may pass on its own (storage unreachable, timing out, busy or throttling), so the same request
        /// may succeed later; false for conditions that need a fix (credentials, a missing queue, bad input).
        /// </summary>
        public bool IsTransient { get; internal set; }
    }
}
