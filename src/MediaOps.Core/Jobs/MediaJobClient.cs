using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core.Accounts;
using MediaOps.Core.Assets;
using MediaOps.Core.Encoding;
using MediaOps.Core.Models;
using MediaOps.Core.Notifications;
using MediaOps.Core.Storage;

namespace MediaOps.Core.Jobs
{
    /// <summary>Submits, reads and cancels encoding jobs.</summary>
    public sealed class MediaJobClient
    {
        private readonly MediaAccountContext _context;
        private readonly JobUpdater _updater;

        public MediaJobClient(MediaAccountContext context)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _updater = new JobUpdater(context);
        }

        /// <summary>
        /// Writes the job record, then enqueues the job for the workers. Everything given is checked before anything is
        /// created; if a later step fails, what this call created is removed again.
        /// </summary>
        public async Task<MediaJob> SubmitAsync(
            MediaJobSubmission submission, IProgress<TransferProgress>? uploadProgress = null, CancellationToken cancellationToken = default)
        {
            if (submission is null) throw new ArgumentNullException(nameof(submission));
            var hasFiles = submission.InputFiles != null && submission.InputFiles.Count > 0;
            if (hasFiles == !string.IsNullOrEmpty(submission.InputAssetId))
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    "Give the job's input either as local files (-Path) or as an existing asset (-InputAsset), not both and not neither.");
            }
            if (submission.Priority < 0)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument, $"Priority {submission.Priority} is negative; use 0 or more.");
            }

            var (presetName, preset) = ResolvePreset(submission);
            var subscriptions = await ResolveSubscriptionsAsync(submission, cancellationToken).ConfigureAwait(false);

            var assets = new MediaAssetClient(_context);
            MediaAsset? uploaded = null;
            string inputAssetId;
            string inputName;
            if (hasFiles)
            {
                uploaded = await assets.CreateAsync(submission.InputFiles!, null, uploadProgress, cancellationToken).ConfigureAwait(false);
                inputAssetId = uploaded.Id;
                inputName = uploaded.Name;
            }
            else
            {
                var input = await assets.GetAsync(submission.InputAssetId!, cancellationToken).ConfigureAwait(false);
                inputAssetId = input.Id;
                inputName = input.Name;
            }

            var now = DateTimeOffset.UtcNow;
            var job = new MediaJob
            {
                Id = MediaIds.NewJobId(),
                Name = string.IsNullOrWhiteSpace(submission.Name) ? $"{presetName} of {inputName}" : submission.Name!,
                State = JobState.Queued,
                Priority = submission.Priority,
                Preset = presetName,
                PresetDefinition = PresetCatalog.Serialize(preset),
                InputAssetId = inputAssetId,
                OutputAssetId = MediaIds.NewAssetId(),
                Created = now,
                LastModified = now,
                NotificationSubscriptions = subscriptions,
                AccountName = _context.Name,
                Context = _context,
            };

            var recordWritten = false;
            try
            {
                await _updater.Records.CreateAsync(job, cancellationToken).ConfigureAwait(false);
                recordWritten = true;
                var queue = _context.GetQueue(_context.Options.WorkQueueName);
                await StorageErrors.RunAsync(_context, "create the work queue",
                    () => queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
                await StorageErrors.RunAsync(_context, "enqueue the job",
                    () => queue.SendMessageAsync(WorkMessage.Serialize(job.Id), cancellationToken)).ConfigureAwait(false);
                return job;
            }
            catch
            {
                await UndoSubmissionAsync(job, recordWritten, uploaded).ConfigureAwait(false);
                throw;
            }
        }

        public Task<MediaJob> GetAsync(string jobId, CancellationToken cancellationToken = default) =>
            _updater.Records.GetAsync(MediaIds.Normalize(jobId, MediaIds.JobPrefix, "job"), cancellationToken);

        /// <summary>Jobs of the account, newest first, optionally only those in one state or with a matching name.</summary>
        public async Task<IReadOnlyList<MediaJob>> ListAsync(JobState? state = null, string? namePattern = null, CancellationToken cancellationToken = default)
        {
            var jobs = await _updater.Records.ListAsync(cancellationToken).ConfigureAwait(false);
            return jobs
                .Where(j => state == null || j.State == state)
                .Where(j => Wildcard.IsMatch(namePattern, j.Name))
                .OrderByDescending(j => j.Created)
                .ToList();
        }

        /// <summary>
        /// Cancels a job: a queued job is Canceled at once; a scheduled or processing one becomes Canceling, and its
        /// worker stops ffmpeg and moves it to Canceled. A job already in a final state is returned unchanged.
        /// </summary>
        public async Task<MediaJob> CancelAsync(string jobId, CancellationToken cancellationToken = default)
        {
            var id = MediaIds.Normalize(jobId, MediaIds.JobPrefix, "job");
            var result = await _updater.UpdateAsync(id, job =>
            {
                switch (job.State)
                {
                    case JobState.Queued:
                        job.State = JobState.Canceled;
                        job.EndTime = DateTimeOffset.UtcNow;
                        return true;
                    case JobState.Scheduled:
                    case JobState.Processing:
                        job.State = JobState.Canceling;
                        return true;
                    default:
                        return false;
                }
            }, cancellationToken).ConfigureAwait(false);
            return result.Value;
        }

        private static (string Name, EncodingPreset Preset) ResolvePreset(MediaJobSubmission submission)
        {
            if (!string.IsNullOrEmpty(submission.PresetFile))
            {
                if (!string.IsNullOrEmpty(submission.Preset))
                {
                    throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                        "Give either a built-in preset (-Preset) or a preset file (-PresetFile), not both.");
                }
                var preset = PresetCatalog.LoadFile(submission.PresetFile!);
                return (string.IsNullOrEmpty(preset.Name) ? Path.GetFileNameWithoutExtension(submission.PresetFile!) : preset.Name, preset);
            }
            var builtIn = PresetCatalog.GetBuiltIn(submission.Preset ?? PresetCatalog.DefaultPresetName);
            return (builtIn.Name, builtIn);
        }

        private async Task<List<JobNotificationSubscription>> ResolveSubscriptionsAsync(MediaJobSubmission submission, CancellationToken cancellationToken)
        {
            var endpoints = new NotificationEndpointClient(_context);
            var subscriptions = new List<JobNotificationSubscription>();
            foreach (var given in submission.NotificationEndpoints.Where(e => e != null))
            {
                var endpoint = await endpoints.GetAsync(given.Id, cancellationToken).ConfigureAwait(false);
                if (subscriptions.Any(s => s.NotificationEndpointId == endpoint.Id)) continue;
                subscriptions.Add(new JobNotificationSubscription
                {
                    NotificationEndpointId = endpoint.Id,
                    QueueName = endpoint.QueueName,
                    NotifyOn = submission.NotifyOn,
                });
            }
            return subscriptions;
        }

        private async Task UndoSubmissionAsync(MediaJob job, bool recordWritten, MediaAsset? uploaded)
        {
            // Best effort with no cancellation: the caller's failure is what matters, but nothing should be left half-made.
            try
            {
                if (recordWritten) await _updater.Records.DeleteAsync(job.Id, CancellationToken.None).ConfigureAwait(false);
                if (uploaded != null) await new MediaAssetClient(_context).DeleteAsync(uploaded.Id, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
            }
        }
    }
}
