using System;
using System.Runtime.CompilerServices;
using MediaOps.Core.Accounts;

namespace MediaOps.PowerShell
{
    /// <summary>
    /// A connected media account (a storage account with Blob and Queue endpoints): what Connect-MediaAccount returns
    /// and every -Context takes. It shows endpoints without any query string and never a key, SAS or token.
    /// </summary>
    public sealed class MediaAccount
    {
        // One object per connected account, so that objects read through the same account carry the same MediaAccount.
        private static readonly ConditionalWeakTable<MediaAccountContext, MediaAccount> Known =
            new ConditionalWeakTable<MediaAccountContext, MediaAccount>();

        private MediaAccount(MediaAccountContext core) => Core = core;

        /// <summary>The display name given to Connect-MediaAccount -Name (by default the storage account's name).</summary>
        public string Name => Core.Name;

        public string StorageAccountName => Core.StorageAccountName;

        public Uri BlobEndpoint => Core.BlobEndpoint;

        public Uri QueueEndpoint => Core.QueueEndpoint;

        /// <summary>The base URL of the origin that serves this account's streaming locators, if one was given.</summary>
        public Uri? StreamingEndpoint => Core.StreamingEndpoint;

        public MediaAccountAuthentication Authentication => EnumMapping.Convert<MediaAccountAuthentication>(Core.Authentication);

        internal MediaAccountContext Core { get; }

        public override string ToString() => Core.ToString();

        internal static MediaAccount For(MediaAccountContext core) => Known.GetValue(core, c => new MediaAccount(c));

        internal static MediaAccount? ForOptional(MediaAccountContext? core) => core is null ? null : For(core);
    }
}
