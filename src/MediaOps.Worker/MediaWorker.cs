using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using MediaOps.Core;
using MediaOps.Core.Accounts;
using MediaOps.Core.Assets;
using MediaOps.Core.Encoding;
using MediaOps.Core.Jobs;
using MediaOps.Core.Models;
using MediaOps.Core.Storage;
using MediaOps.Worker.Ffmpeg;
using MediaOps.Worker.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaOps.Worker
{
    /// <summary>
    /// Runs encoding jobs from the work queue: competing consumers, each job's message kept invisible while it runs,
    /// every state written to the job record before it is announced, one ffmpeg process per job. A job whose worker
    /// dies reappears on the queue and another worker resumes it; a message delivered too often is poison.
    /// </summary>
    public sealed class MediaWorker
    {
        private readonly MediaAccountContext _context;
        private readonly MediaWorkerOptions _options;
        private readonly ILogger _logger;
        private readonly JobUpdater _jobs;
        private readonly MediaAssetClient _assets;
        private readonly MediaEncoder _encoder;
        private readonly QueueClient _workQueue;

        public MediaWorker(MediaAccountContext context, MediaWorkerOptions? options = null, ILogger<MediaWorker>? logger = null)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _options = options ?? new MediaWorkerOptions();
            if (_options.Concurrency < 1) throw new MediaOpsException(MediaErrorKind.InvalidArgument, "Concurrency must be 1 or more.");
            if (_options.MaxDeliveryCount < 1) throw new MediaOpsException(MediaErrorKind.InvalidArgument, "MaxDeliveryCount must be 1 or more.");
            _logger = logger ?? (ILogger)NullLogger.Instance;
            _jobs = new JobUpdater(context);
            _assets = new MediaAssetClient(context);
            _encoder = new MediaEncoder(_options.Encoder);
            _workQueue = context.GetQueue(context.Options.WorkQueueName);
        }

        public string WorkerId => _options.WorkerId;

        private string WorkDirectory => _options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "mediaops-worker");

        /// <summary>
        /// Takes and runs jobs until <paramref name="cancellationToken"/> is cancelled. Then running jobs are stopped
        /// and their messages made visible again at once, so that another worker resumes them: nothing is lost.
        /// </summary>
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            await _encoder.VerifyToolsAsync(cancellationToken).ConfigureAwait(false);
            var abandoned = JobFolder.RemoveAbandoned(WorkDirectory);
            if (abandoned.Count > 0)
            {
                WorkerLog.WorkDirectoryCleaned(_logger, abandoned.Count, WorkDirectory, string.Join(", ", abandoned));
            }
            await StorageErrors.RunAsync(_context, "create the work queue",
                () => _workQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
            WorkerLog.WorkerStarted(_logger, WorkerId, _workQueue.Name, _context.Name, _options.Concurrency);

            var running = new List<Task>();
            var pollDelay = _options.MinPollInterval;
            while (!cancellationToken.IsCancellationRequested)
            {
                running.RemoveAll(t => t.IsCompleted);
                var free = _options.Concurrency - running.Count;
                if (free > 0)
                {
                    QueueMessage[] messages;
                    try
                    {
                        messages = (await _workQueue.ReceiveMessagesAsync(free, _options.VisibilityTimeout, cancellationToken).ConfigureAwait(false)).Value;
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException))
                    {
                        WorkerLog.ReceiveFailed(_logger, _workQueue.Name, WorkerLog.Describe(ex));
                        messages = Array.Empty<QueueMessage>();
                        pollDelay = _options.MaxPollInterval;
                    }

                    foreach (var message in messages)
                    {
                        running.Add(Task.Run(() => ProcessMessageAsync(message, cancellationToken)));
                    }
                    if (messages.Length > 0)
                    {
                        pollDelay = _options.MinPollInterval;
                        continue;
                    }
                }

                try
                {
                    var delay = Task.Delay(pollDelay, cancellationToken);
                    if (running.Count >= _options.Concurrency)
                    {
                        await Task.WhenAny(running.Append(delay)).ConfigureAwait(false);
                    }
                    else
                    {
                        await delay.ConfigureAwait(false);
                        pollDelay = TimeSpan.FromTicks(Math.Min(_options.MaxPollInterval.Ticks, pollDelay.Ticks * 2));
                    }
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            await Task.WhenAll(running).ConfigureAwait(false);
            WorkerLog.WorkerStopped(_logger, WorkerId);
        }

        /// <summary>Takes at most one message and runs its job to the end; for tests and one-shot hosts. Returns false when the queue was empty.</summary>
        public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
        {
            await _workQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var messages = (await _workQueue.ReceiveMessagesAsync(1, _options.VisibilityTimeout, cancellationToken).ConfigureAwait(false)).Value;
            if (messages.Length == 0) return false;
            await ProcessMessageAsync(messages[0], cancellationToken).ConfigureAwait(false);
            return true;
        }

        private async Task ProcessMessageAsync(QueueMessage message, CancellationToken stopping)
        {
            using var lease = new WorkLease(_workQueue, message.MessageId, message.PopReceipt, _options.VisibilityTimeout,
                ex => WorkerLog.LeaseRenewalFailed(_logger, message.MessageId, WorkerLog.Describe(ex)));
            string? jobId = null;
            try
            {
                if (!WorkMessage.TryParse(message.MessageText, out var parsedJobId))
                {
                    await MoveToPoisonAsync(message, "it is not a work message", stopping).ConfigureAwait(false);
                    await lease.CompleteAsync(stopping).ConfigureAwait(false);
                    return;
                }
                jobId = parsedJobId;
                await RunJobAsync(jobId, message.DequeueCount, lease, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                await ReleaseAsync(lease, jobId, TimeSpan.Zero, "the worker is stopping").ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (lease.Lost.IsCancellationRequested)
            {
                WorkerLog.LeaseLost(_logger, jobId);
            }
            catch (Exception ex)
            {
                // A passing fault (storage unavailable, disk full, ...): the message comes back for another attempt,
                // and the delivery count turns a job that always fails this way into an Error.
                WorkerLog.JobAttemptFailed(_logger, jobId, WorkerLog.Describe(ex));
                await ReleaseAsync(lease, jobId, TimeSpan.FromSeconds(5), "the attempt failed").ConfigureAwait(false);
            }
        }

        private async Task RunJobAsync(string jobId, long deliveryCount, WorkLease lease, CancellationToken stopping)
        {
            var stored = await _jobs.Records.TryGetAsync(jobId, stopping).ConfigureAwait(false);
            if (stored is null)
            {
                WorkerLog.JobMissing(_logger, jobId);
                await lease.CompleteAsync(stopping).ConfigureAwait(false);
                return;
            }

            var job = stored.Value.Value;
            if (job.State.IsFinal())
            {
                // An earlier worker finished the job but died before deleting the message; its final notification
                // may not have gone out, so it is published again (readers drop the duplicate by ETag).
                await _jobs.RepublishFinalStateAsync(job, stopping).ConfigureAwait(false);
                await lease.CompleteAsync(stopping).ConfigureAwait(false);
                return;
            }

            if (deliveryCount > _options.MaxDeliveryCount)
            {
                await EndAsync(jobId, JobState.Error,
                    $"The job was abandoned after {deliveryCount - 1} delivery attempts that did not complete (last worker: {job.WorkerId ?? "none"}).",
                    stopping).ConfigureAwait(false);
                WorkerLog.JobPoisoned(_logger, jobId, deliveryCount);
                await lease.CompleteAsync(stopping).ConfigureAwait(false);
                return;
            }

            if (job.State == JobState.Canceling)
            {
                await EndAsync(jobId, JobState.Canceled, null, stopping).ConfigureAwait(false);
                WorkerLog.JobCanceled(_logger, jobId, "it was stopped before it started");
                await lease.CompleteAsync(stopping).ConfigureAwait(false);
                return;
            }

            job = await TakeAsync(jobId, stopping).ConfigureAwait(false);
            if (job.State != JobState.Processing)
            {
                // A cancel request won the race; run the message again to settle it.
                await RunJobAsync(jobId, deliveryCount, lease, stopping).ConfigureAwait(false);
                return;
            }

            WorkerLog.JobStarted(_logger, jobId, job.Name, job.InputAssetId, job.Preset, job.Attempts);
            await EncodeAsync(job, lease, stopping).ConfigureAwait(false);
        }

        /// <summary>Moves the job through Scheduled to Processing under this worker's name, each write conditional on the record's ETag.</summary>
        private async Task<MediaJob> TakeAsync(string jobId, CancellationToken cancellationToken)
        {
            var workerId = WorkerId;
            var scheduled = await _jobs.UpdateAsync(jobId, job =>
            {
                if (job.State != JobState.Queued) return false;
                job.State = JobState.Scheduled;
                job.WorkerId = workerId;
                return true;
            }, cancellationToken).ConfigureAwait(false);
            if (scheduled.Value.State != JobState.Scheduled && scheduled.Value.State != JobState.Processing) return scheduled.Value;

            var processing = await _jobs.UpdateAsync(jobId, job =>
            {
                if (job.State != JobState.Scheduled && job.State != JobState.Processing) return false;
                job.State = JobState.Processing;
                job.WorkerId = workerId;
                job.Attempts++;
                job.Progress = 0;
                job.StartTime ??= DateTimeOffset.UtcNow;
                return true;
            }, cancellationToken).ConfigureAwait(false);
            return processing.Value;
        }

        private async Task EncodeAsync(MediaJob job, WorkLease lease, CancellationToken stopping)
        {
            var folder = JobFolder.Create(WorkDirectory, MediaIds.ParseGuid(job.Id, MediaIds.JobPrefix, "job"));
            var jobDirectory = folder.Path;
            var inputDirectory = Path.Combine(jobDirectory, "input");
            var outputDirectory = Path.Combine(jobDirectory, "output");
            var total = Stopwatch.StartNew();
            using var canceledByUser = new CancellationTokenSource();
            using var jobToken = CancellationTokenSource.CreateLinkedTokenSource(stopping, lease.Lost, canceledByUser.Token);
            try
            {
                Directory.CreateDirectory(inputDirectory);
                var input = await _assets.TryGetAsync(job.InputAssetId, jobToken.Token).ConfigureAwait(false);
                if (input is null)
                {
                    await FailAsync(job, $"The input asset {job.InputAssetId} no longer exists.", lease, stopping).ConfigureAwait(false);
                    return;
                }
                var inputFile = input.PrimaryFile ?? input.Files.FirstOrDefault()?.Name;
                if (inputFile is null)
                {
                    await FailAsync(job, $"The input asset {job.InputAssetId} has no files.", lease, stopping).ConfigureAwait(false);
                    return;
                }
                var localInput = Path.Combine(inputDirectory, Path.GetFileName(inputFile));
                var download = Stopwatch.StartNew();
                await _assets.DownloadFileAsync(input.Id, inputFile, localInput, jobToken.Token).ConfigureAwait(false);
                download.Stop();

                EncodingPreset preset;
                try
                {
                    preset = PresetCatalog.Parse(job.PresetDefinition, $"the preset of job {job.Id}");
                }
                catch (MediaOpsException ex)
                {
                    await FailAsync(job, ex.Message, lease, stopping).ConfigureAwait(false);
                    return;
                }

                var reporter = new ProgressWriter(this, job.Id, canceledByUser, jobToken.Token);
                EncodingResult result;
                try
                {
                    result = await _encoder.EncodeAsync(localInput, preset, outputDirectory, reporter, jobToken.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (canceledByUser.IsCancellationRequested && !stopping.IsCancellationRequested)
                {
                    await EndAsync(job.Id, JobState.Canceled, null, stopping).ConfigureAwait(false);
                    WorkerLog.JobCanceled(_logger, job.Id, "ffmpeg was stopped");
                    await lease.CompleteAsync(stopping).ConfigureAwait(false);
                    return;
                }
                catch (MediaOpsException ex) when (ex.Kind == MediaErrorKind.OperationFailed || ex.Kind == MediaErrorKind.InvalidArgument)
                {
                    // ffmpeg or ffprobe refused the input: retrying cannot help.
                    await FailAsync(job, WithoutWorkPaths(ex.Message, localInput, inputFile, jobDirectory), lease, stopping).ConfigureAwait(false);
                    return;
                }
                finally
                {
                    await reporter.FlushAsync().ConfigureAwait(false);
                }

                var upload = Stopwatch.StartNew();
                await _assets.CreateFromDirectoryAsync(job.OutputAssetId, $"{job.Name} output", outputDirectory, result.Files, result.PrimaryFile,
                    _options.UploadConcurrency, null, jobToken.Token).ConfigureAwait(false);
                upload.Stop();

                var finished = await EndAsync(job.Id, JobState.Finished, null, stopping).ConfigureAwait(false);
                await lease.CompleteAsync(stopping).ConfigureAwait(false);
                total.Stop();
                WorkerLog.JobFinished(_logger, job.Id, finished.State.ToString(), (long)total.Elapsed.TotalMilliseconds,
                    (long)result.FfmpegWallTime.TotalMilliseconds, (long)download.Elapsed.TotalMilliseconds, (long)upload.Elapsed.TotalMilliseconds,
                    result.Renditions.Count, result.Files.Count, job.OutputAssetId);
            }
            finally
            {
                folder.Dispose();
            }
        }

        /// <summary>
        /// A message for the job's record, which its submitter reads: the local copy of the input is named by the asset's
        /// file name, and the worker's folder is left out of other paths.
        /// </summary>
        internal static string WithoutWorkPaths(string message, string localInput, string assetFile, string jobDirectory)
        {
            var folder = Path.GetFullPath(jobDirectory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            return message
                .Replace(FfmpegCommand.FileUrl(localInput), assetFile)
                .Replace(Path.GetFullPath(localInput), assetFile)
                .Replace("file:" + folder, string.Empty)
                .Replace(folder, string.Empty);
        }

        private async Task FailAsync(MediaJob job, string error, WorkLease lease, CancellationToken cancellationToken)
        {
            await EndAsync(job.Id, JobState.Error, error, cancellationToken).ConfigureAwait(false);
            WorkerLog.JobFailed(_logger, job.Id, error);
            await lease.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Moves a job to a final state unless it already has one; a job finished meanwhile stays finished.</summary>
        private async Task<MediaJob> EndAsync(string jobId, JobState state, string? error, CancellationToken cancellationToken)
        {
            var result = await _jobs.UpdateAsync(jobId, job =>
            {
                if (job.State.IsFinal()) return false;
                job.State = state;
                job.ErrorMessage = error;
                job.EndTime = DateTimeOffset.UtcNow;
                if (state == JobState.Finished) job.Progress = 100;
                return true;
            }, cancellationToken).ConfigureAwait(false);
            return result.Value;
        }

        private async Task MoveToPoisonAsync(QueueMessage message, string reason, CancellationToken cancellationToken)
        {
            var poison = _context.GetQueue(_workQueue.Name + StorageNames.PoisonQueueSuffix);
            await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await poison.SendMessageAsync(message.MessageText, cancellationToken).ConfigureAwait(false);
            WorkerLog.MessagePoisoned(_logger, message.MessageId, poison.Name, reason);
        }

        private async Task ReleaseAsync(WorkLease lease, string? jobId, TimeSpan delay, string reason)
        {
            try
            {
                await lease.ReleaseAsync(delay, CancellationToken.None).ConfigureAwait(false);
                WorkerLog.JobReleased(_logger, jobId, reason);
            }
            catch (Exception ex)
            {
                WorkerLog.ReleaseFailed(_logger, jobId, WorkerLog.Describe(ex));
            }
        }

        /// <summary>
        /// Writes encoding progress to the job record at most every ProgressInterval, and notices a cancel request
        /// (the record in Canceling) when it does.
        /// </summary>
        private sealed class ProgressWriter : IProgress<EncodingProgress>
        {
            private readonly MediaWorker _worker;
            private readonly string _jobId;
            private readonly CancellationTokenSource _cancel;
            private readonly CancellationToken _token;
            private readonly Stopwatch _sinceWrite = Stopwatch.StartNew();
            private readonly object _sync = new object();
            private Task _pending = Task.CompletedTask;
            private double _percent;

            public ProgressWriter(MediaWorker worker, string jobId, CancellationTokenSource cancel, CancellationToken token)
            {
                _worker = worker;
                _jobId = jobId;
                _cancel = cancel;
                _token = token;
            }

            public void Report(EncodingProgress value)
            {
                lock (_sync)
                {
                    _percent = Math.Max(_percent, Math.Min(99.9, value.Percent));
                    if (!_pending.IsCompleted || _sinceWrite.Elapsed < _worker._options.ProgressInterval) return;
                    _sinceWrite.Restart();
                    _pending = WriteAsync(_percent);
                }
            }

            public async Task FlushAsync()
            {
                Task pending;
                lock (_sync) pending = _pending;
                try
                {
                    await pending.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Progress is advisory; a failed write is replaced by the next state change.
                }
            }

            private async Task WriteAsync(double percent)
            {
                try
                {
                    var record = await _worker._jobs.UpdateAsync(_jobId, job =>
                    {
                        if (job.State != JobState.Processing) return false;
                        job.Progress = Math.Round(percent, 1);
                        return true;
                    }, _token).ConfigureAwait(false);
                    if (record.Value.State == JobState.Canceling || record.Value.State.IsFinal())
                    {
                        _cancel.Cancel();
                    }
                    WorkerLog.JobProgress(_worker._logger, _jobId, Math.Round(percent, 1));
                }
                catch (OperationCanceledException)
                {
                }
                catch (Exception ex)
                {
                    WorkerLog.ProgressWriteFailed(_worker._logger, _jobId, WorkerLog.Describe(ex));
                }
            }
        }
    }
}
