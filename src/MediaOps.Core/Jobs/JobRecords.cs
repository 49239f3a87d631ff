using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using MediaOps.Core.Accounts;
using MediaOps.Core.Models;
using MediaOps.Core.Storage;

namespace MediaOps.Core.Jobs
{
    /// <summary>Job records in <c>mediaops/jobs/&lt;guid&gt;.json</c>.</summary>
    internal sealed class JobRecords
    {
        private readonly MediaAccountContext _context;

        public JobRecords(MediaAccountContext context)
        {
            _context = context;
            Store = new RecordStore(context);
        }

        public RecordStore Store { get; }

        public static string PathOf(string jobId) => StorageNames.JobRecord(MediaIds.ParseGuid(jobId, MediaIds.JobPrefix, "job"));

        public async Task<StoredRecord<MediaJob>?> TryGetAsync(string jobId, CancellationToken cancellationToken)
        {
            var record = await Store.TryGetAsync<MediaJob>(PathOf(jobId), cancellationToken).ConfigureAwait(false);
            if (record.HasValue) record.Value.Value.Context = _context;
            return record;
        }

        public async Task<MediaJob> GetAsync(string jobId, CancellationToken cancellationToken)
        {
            var record = await TryGetAsync(jobId, cancellationToken).ConfigureAwait(false);
            return record?.Value ?? throw NotFound(jobId);
        }

        public Task CreateAsync(MediaJob job, CancellationToken cancellationToken) => Store.CreateAsync(PathOf(job.Id), job, cancellationToken);

        /// <summary>Writes the job only if its record still has <paramref name="etag"/>; null when another writer came first.</summary>
        public Task<ETag?> TryReplaceAsync(MediaJob job, ETag etag, CancellationToken cancellationToken) =>
            Store.TryReplaceAsync(PathOf(job.Id), job, etag, cancellationToken);

        public async Task<List<MediaJob>> ListAsync(CancellationToken cancellationToken)
        {
            var jobs = await Store.ListAsync<MediaJob>(StorageNames.JobsPrefix, cancellationToken).ConfigureAwait(false);
            foreach (var job in jobs) job.Context = _context;
            return jobs;
        }

        public Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken) => Store.DeleteAsync(PathOf(jobId), cancellationToken);

        public MediaOpsException NotFound(string jobId) =>
            new MediaOpsException(MediaErrorKind.NotFound,
                $"Job {jobId} does not exist in account '{_context.Name}'. Use Get-MediaJob to list the account's jobs.", jobId);
    }
}
