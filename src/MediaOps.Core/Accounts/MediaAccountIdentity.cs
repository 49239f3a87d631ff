using System;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core.Storage;

namespace MediaOps.Core.Accounts
{
    /// <summary>
    /// The media account's stable id (Media Services' AccountId): a GUID kept in the record <c>mediaops/account.json</c>,
    /// created on first need with If-None-Match *, so that two creators at the same time agree on one id.
    /// </summary>
    internal sealed class MediaAccountIdentity
    {
        internal const string RecordPath = "account.json";

        private readonly MediaAccountContext _context;
        private readonly RecordStore _records;
        private readonly object _sync = new object();
        private Guid _cached;

        public MediaAccountIdentity(MediaAccountContext context)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _records = new RecordStore(context);
        }

        /// <summary>The account's id; created and stored when the account has none yet. Cached by this instance.</summary>
        public async Task<Guid> GetAccountIdAsync(CancellationToken cancellationToken)
        {
            lock (_sync)
            {
                if (_cached != Guid.Empty) return _cached;
            }
            var id = await ReadOrCreateAsync(cancellationToken).ConfigureAwait(false);
            lock (_sync) _cached = id;
            return id;
        }

        private async Task<Guid> ReadOrCreateAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var stored = await _records.TryGetAsync<AccountRecord>(RecordPath, cancellationToken).ConfigureAwait(false);
                if (stored.HasValue && stored.Value.Value.AccountId != Guid.Empty) return stored.Value.Value.AccountId;
                if (stored.HasValue)
                {
                    throw new MediaOpsException(MediaErrorKind.OperationFailed,
                        $"The record '{RecordPath}' in the 'mediaops' container of account '{_context.Name}' has no AccountId. Restore it; deleting it gives the account a new id, which WebHook receivers checking ms-mediaservices-accountid would refuse.",
                        RecordPath);
                }
                try
                {
                    var created = new AccountRecord { AccountId = Guid.NewGuid(), Created = DateTimeOffset.UtcNow };
                    await _records.CreateAsync(RecordPath, created, cancellationToken).ConfigureAwait(false);
                    return created.AccountId;
                }
                catch (MediaOpsException ex) when (ex.Kind == MediaErrorKind.AlreadyExists)
                {
                    // Another creator won: read its id.
                }
            }
        }

        internal sealed class AccountRecord
        {
            public Guid AccountId { get; set; }

            public DateTimeOffset Created { get; set; }
        }
    }
}
