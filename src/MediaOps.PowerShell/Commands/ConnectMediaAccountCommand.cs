using System;
using System.Management.Automation;
using MediaOps.Core;
using MediaOps.Core.Accounts;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Connects to a media account (a storage account) and makes it the session's default account.</para>
    /// <para type="description">Checks that the account answers and accepts the credentials before returning, so that a
    /// wrong key or an unreachable endpoint is reported here rather than in the middle of later work. Creates nothing
    /// in the account. Every other MediaOps cmdlet uses the most recently connected account of the session unless it
    /// is given -Context (the returned object, or this account's -Name) or a piped object that carries its account.
    /// Get-MediaAccount lists the connected accounts; Disconnect-MediaAccount forgets one. No output, message or error
    /// shows the account key, a SAS or a token.</para>
    /// </summary>
    /// <example>
    /// <code>$a = Connect-MediaAccount -Name dca -ConnectionString $csA -StreamingEndpoint https://origin-a.example.net</code>
    /// <para>Connects account dca with its connection string and makes it the default; its origin locators' StreamingUrls will start with https://origin-a.example.net.</para>
    /// </example>
    /// <example>
    /// <code>
    /// $b = Connect-MediaAccount -Name dcb -ConnectionString $csB
    /// Connect-MediaAccount -Context dca
    /// </code>
    /// <para>Connects dcb (which becomes the default), then makes the already connected dca the default again by its name.</para>
    /// </example>
    [Cmdlet(VerbsCommunications.Connect, "MediaAccount", DefaultParameterSetName = ConnectionStringParameterSet)]
    [OutputType(typeof(MediaAccount))]
    public sealed class ConnectMediaAccountCommand : MediaOpsCmdlet
    {
        private const string ConnectionStringParameterSet = "ConnectionString";
        private const string TokenCredentialParameterSet = "TokenCredential";
        private const string LocalParameterSet = "Local";
        private const string ContextParameterSet = "Context";

        /// <summary>Display name of the account; the AccountName of the notifications it publishes. Defaults to the storage account name.</summary>
        [Parameter(ParameterSetName = ConnectionStringParameterSet)]
        [Parameter(ParameterSetName = TokenCredentialParameterSet)]
        [Parameter(ParameterSetName = LocalParameterSet)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>The storage account's connection string (with AccountKey or SharedAccessSignature).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ConnectionStringParameterSet)]
        [ValidateNotNullOrEmpty]
        public string? ConnectionString { get; set; }

        /// <summary>The storage account name (Entra ID sign-in), or an Azurite account name with -Local.</summary>
        [Parameter(Mandatory = true, ParameterSetName = TokenCredentialParameterSet)]
        [Parameter(ParameterSetName = LocalParameterSet)]
        [ValidateNotNullOrEmpty]
        public string? AccountName { get; set; }

        /// <summary>Sign in with the managed identity of the machine or Automation account (instead of DefaultAzureCredential).</summary>
        [Parameter(ParameterSetName = TokenCredentialParameterSet)]
        public SwitchParameter Identity { get; set; }

        /// <summary>Client id of a user-assigned managed identity; with -Identity.</summary>
        [Parameter(ParameterSetName = TokenCredentialParameterSet)]
        [ValidateNotNullOrEmpty]
        public string? ClientId { get; set; }

        /// <summary>Blob endpoint, when it is not https://&lt;account&gt;.blob.core.windows.net (sovereign clouds, private endpoints).</summary>
        [Parameter(ParameterSetName = TokenCredentialParameterSet)]
        [ValidateNotNull]
        public Uri? BlobEndpoint { get; set; }

        /// <summary>Queue endpoint, when it is not https://&lt;account&gt;.queue.core.windows.net.</summary>
        [Parameter(ParameterSetName = TokenCredentialParameterSet)]
        [ValidateNotNull]
        public Uri? QueueEndpoint { get; set; }

        /// <summary>Connect to Azurite on this machine.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LocalParameterSet)]
        public SwitchParameter Local { get; set; }

        /// <summary>Key of the Azurite account; defaults to Azurite's well-known development key.</summary>
        [Parameter(ParameterSetName = LocalParameterSet)]
        [ValidateNotNullOrEmpty]
        public string? AccountKey { get; set; }

        /// <summary>Azurite's blob port (default 10000).</summary>
        [Parameter(ParameterSetName = LocalParameterSet)]
        [ValidateRange(1, 65535)]
        public int BlobPort { get; set; } = 10000;

        /// <summary>Azurite's queue port (default 10001).</summary>
        [Parameter(ParameterSetName = LocalParameterSet)]
        [ValidateRange(1, 65535)]
        public int QueuePort { get; set; } = 10001;

        /// <summary>Base URL of the streaming origin that serves this account (used by origin locators).</summary>
        [Parameter(ParameterSetName = ConnectionStringParameterSet)]
        [Parameter(ParameterSetName = TokenCredentialParameterSet)]
        [Parameter(ParameterSetName = LocalParameterSet)]
        [ValidateNotNull]
        public Uri? StreamingEndpoint { get; set; }

        /// <summary>An account connected earlier (the object, or its name; press Tab for the names): checks it again and makes it the session's default.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ContextParameterSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [MediaAccountTransformation]
        [ArgumentCompleter(typeof(MediaAccountNameCompleter))]
        [ValidateNotNull]
        public MediaAccount? Context { get; set; }

        protected override void ProcessRecord()
        {
            MediaAccountContext context;
            try
            {
                context = CreateContext();
            }
            catch (MediaOpsException ex)
            {
                TerminateWith(ex);
                return;
            }

            // Endpoints are shown without a query string: a SAS connection string must never leak into the output.
            WriteVerbose($"Checking storage account '{context.StorageAccountName}' at {context.BlobEndpoint.GetLeftPart(UriPartial.Path)} " +
                         $"and {context.QueueEndpoint.GetLeftPart(UriPartial.Path)} ({context.Authentication}).");
            try
            {
                Run(token => context.VerifyAsync(token));
            }
            catch (MediaOpsException ex)
            {
                TerminateWith(ex, context.Name);
            }

            if (SessionDefaults.Set(context))
            {
                WriteVerbose($"'{context.Name}' is now the default media account of this session.");
            }
            else
            {
                WriteWarning($"'{context.Name}' was connected, but this host has no runspace to remember it in; pass it to other cmdlets with -Context.");
            }
            WriteResult(context);
        }

        private MediaAccountContext CreateContext()
        {
            switch (ParameterSetName)
            {
                case ContextParameterSet:
                    return Context!.Core;

                case TokenCredentialParameterSet:
                    if (ClientId != null && !Identity.IsPresent)
                    {
                        throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                            "-ClientId names a user-assigned managed identity; add -Identity to sign in with it.", ClientId);
                    }
                    if (Identity.IsPresent)
                    {
                        WriteVerbose(ClientId is null
                            ? $"Signing in to '{AccountName}' with the system-assigned managed identity."
                            : $"Signing in to '{AccountName}' with the user-assigned managed identity {ClientId}.");
                        return MediaAccountContext.FromManagedIdentity(
                            name: Name!, storageAccountName: AccountName!, clientId: ClientId,
                            blobEndpoint: BlobEndpoint, queueEndpoint: QueueEndpoint, streamingEndpoint: StreamingEndpoint);
                    }
                    WriteVerbose($"Signing in to '{AccountName}' with DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI, ...).");
                    return MediaAccountContext.FromDefaultAzureCredential(
                        name: Name!, storageAccountName: AccountName!,
                        blobEndpoint: BlobEndpoint, queueEndpoint: QueueEndpoint, streamingEndpoint: StreamingEndpoint);

                case LocalParameterSet:
                    return MediaAccountContext.ForAzurite(
                        name: Name, accountName: AccountName ?? "devstoreaccount1",
                        accountKey: AccountKey ?? MediaAccountContext.AzuriteDevelopmentAccountKey,
                        blobPort: BlobPort, queuePort: QueuePort, streamingEndpoint: StreamingEndpoint);

                default:
                    return MediaAccountContext.FromConnectionString(Name!, ConnectionString!, StreamingEndpoint);
            }
        }
    }
}
