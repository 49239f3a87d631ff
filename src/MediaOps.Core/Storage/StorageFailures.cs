using System;
using MediaOps.Core.Accounts;

namespace MediaOps.Core.Storage
{
    /// <summary>For hosts: turns a storage failure that escaped Core's own handling into a <see cref="MediaOpsException"/>.</summary>
    public static class StorageFailures
    {
        /// <summary>The MediaOps error for <paramref name="exception"/> in <paramref name="context"/>, or null when it is not a storage failure.</summary>
        public static MediaOpsException? Translate(MediaAccountContext context, Exception exception) =>
            StorageErrors.TranslateUnhandled(context, exception);
    }
}
