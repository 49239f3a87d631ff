using System;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core.Accounts;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;
using MediaOps.Core.Storage;

namespace MediaOps.Core.Jobs
{
    /// <summary>
    /// Changes job records and announces state changes: the record is written first and the notification
    /// published after, so a reader that sees a notification never reads an older state from the record.
    /// </summary>
    internal sealed class JobUpdater
    {
        private readonly JobRecords _records;
        private readonly JobNotificationPublisher _publisher;

        public JobUpdater(MediaAccountContext context)
        {
            _records = new JobRecords(context);
            _publisher = new JobNotificationPublisher(context);
        }

        public JobRecords Records => _records;

        /// <summary>
        /// Applies <paramref name="change"/> until the conditional write wins over concurrent writers, then publishes the
        /// state change it made, if any. <paramref name="change"/> returns false to leave the record alone; it may run more than once.
        /// </summary>
        public async Task<StoredRecord<MediaJob>> UpdateAsync(string jobId, Func<MediaJob, bool> change, CancellationToken cancellationToken)
        {
            var oldState = default(JobState);
            var result = await _records.Store.UpdateAsync<MediaJob>(JobRecords.PathOf(jobId), job =>
            {
                oldState = job.State;
                if (!change(job)) return false;
                if (job.State != oldState) job.PreviousState = oldState;
                job.LastModified = DateTimeOffset.UtcNow;
                return true;
            }, cancellationToken).ConfigureAwait(false);
            if (result is null) throw _records.NotFound(jobId);

            var updated = result.Value.Value;
            if (updated.State != oldState)
            {
                await _publisher.PublishJobStateChangeAsync(updated, oldState, updated.State, cancellationToken).ConfigureAwait(false);
            }
            return result.Value;
        }

        /// <summary>Writes a job held with an ETag and, when the write wins, publishes its state change.</summary>
        public async Task<Azure.ETag?> TryWriteAsync(MediaJob job, Azure.ETag etag, JobState oldState, CancellationToken cancellationToken)
        {
            job.LastModified = DateTimeOffset.UtcNow;
            if (job.State != oldState) job.PreviousState = oldState;
            var written = await _records.TryReplaceAsync(job, etag, cancellationToken).ConfigureAwait(false);
            if (written.HasValue && job.State != oldState)
            {
                await _publisher.PublishJobStateChangeAsync(job, oldState, job.State, cancellationToken).ConfigureAwait(false);
            }
            return written;
        }

        /// <summary>Publishes a final state again: a worker that crashed after writing it may not have announced it. Readers drop the duplicate by ETag.</summary>
        public Task RepublishFinalStateAsync(MediaJob job, CancellationToken cancellationToken) =>
            _publisher.PublishJobStateChangeAsync(job, job.PreviousState ?? JobState.Processing, job.State, cancellationToken);
    }
}
