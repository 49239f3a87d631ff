using System;
using Microsoft.Extensions.Logging;

namespace MediaOps.Worker
{
    /// <summary>
    /// The events of <see cref="MediaWorker"/>, one source-generated method each. The ids are stable (log queries select
    /// lines by them) and every field of an event is a named value of its state. An exception is logged by its type and
    /// message only (<see cref="Describe"/>): the storage SDK's full text of a failure can hold request details.
    /// </summary>
    public static partial class WorkerLog
    {
        public const int WorkerStartedId = 200;
        public const int WorkerStoppedId = 203;
        public const int WorkDirectoryCleanedId = 204;
        public const int ReceiveFailedId = 205;
        public const int JobStartedId = 210;
        public const int JobProgressId = 211;
        public const int JobFinishedId = 212;
        public const int JobFailedId = 213;
        public const int JobCanceledId = 214;
        public const int JobReleasedId = 215;
        public const int JobAttemptFailedId = 216;
        public const int JobMissingId = 217;
        public const int JobPoisonedId = 218;
        public const int MessagePoisonedId = 219;
        public const int LeaseLostId = 220;
        public const int LeaseRenewalFailedId = 221;
        public const int ReleaseFailedId = 222;
        public const int ProgressWriteFailedId = 223;

        [LoggerMessage(EventId = WorkerStartedId, EventName = "WorkerStarted", Level = LogLevel.Information,
            Message = "Worker {workerId} is taking jobs from queue '{queue}' of account '{account}', {concurrency} at a time.")]
        internal static partial void WorkerStarted(ILogger logger, string workerId, string queue, string account, int concurrency);

        [LoggerMessage(EventId = WorkerStoppedId, EventName = "WorkerStopped", Level = LogLevel.Information,
            Message = "Worker {workerId} stopped.")]
        internal static partial void WorkerStopped(ILogger logger, string workerId);

        [LoggerMessage(EventId = WorkDirectoryCleanedId, EventName = "WorkDirectoryCleaned", Level = LogLevel.Information,
            Message = "Removed {count} job folder(s) in '{workDirectory}' that no running worker holds (left by a worker that was killed): {folders}.")]
        internal static partial void WorkDirectoryCleaned(ILogger logger, int count, string workDirectory, string folders);

        [LoggerMessage(EventId = ReceiveFailedId, EventName = "ReceiveFailed", Level = LogLevel.Warning,
            Message = "Could not read the work queue '{queue}'; trying again. {error}")]
        internal static partial void ReceiveFailed(ILogger logger, string queue, string error);

        [LoggerMessage(EventId = JobStartedId, EventName = "JobStarted", Level = LogLevel.Information,
            Message = "Job {jobId}: encoding '{jobName}' (input asset {inputAssetId}) with preset '{preset}', attempt {attempt}.")]
        internal static partial void JobStarted(ILogger logger, string jobId, string jobName, string inputAssetId, string preset, int attempt);

        [LoggerMessage(EventId = JobProgressId, EventName = "JobProgress", Level = LogLevel.Debug,
            Message = "Job {jobId}: {percent}%.")]
        internal static partial void JobProgress(ILogger logger, string jobId, double percent);

        [LoggerMessage(EventId = JobFinishedId, EventName = "JobFinished", Level = LogLevel.Information,
            Message = "Job {jobId} is {state} after {totalMs} ms (ffmpeg {ffmpegMs} ms, download {downloadMs} ms, upload {uploadMs} ms): " +
                      "{renditions} renditions, {files} files in output asset {outputAssetId}.")]
        internal static partial void JobFinished(ILogger logger, string jobId, string state, long totalMs, long ffmpegMs, long downloadMs, long uploadMs,
            int renditions, int files, string outputAssetId);

        [LoggerMessage(EventId = JobFailedId, EventName = "JobFailed", Level = LogLevel.Error,
            Message = "Job {jobId} failed: {error}")]
        internal static partial void JobFailed(ILogger logger, string jobId, string error);

        [LoggerMessage(EventId = JobCanceledId, EventName = "JobCanceled", Level = LogLevel.Information,
            Message = "Job {jobId} is canceled: {how}.")]
        internal static partial void JobCanceled(ILogger logger, string jobId, string how);

        [LoggerMessage(EventId = JobReleasedId, EventName = "JobReleased", Level = LogLevel.Information,
            Message = "Released the work message of job {jobId} because {reason}; another worker can take it.")]
        internal static partial void JobReleased(ILogger logger, string? jobId, string reason);

        [LoggerMessage(EventId = JobAttemptFailedId, EventName = "JobAttemptFailed", Level = LogLevel.Error,
            Message = "Job {jobId}: the attempt failed and the job will be retried. {error}")]
        internal static partial void JobAttemptFailed(ILogger logger, string? jobId, string error);

        [LoggerMessage(EventId = JobMissingId, EventName = "JobMissing", Level = LogLevel.Warning,
            Message = "Job {jobId} has no record (the job was deleted); dropping its work message.")]
        internal static partial void JobMissing(ILogger logger, string jobId);

        [LoggerMessage(EventId = JobPoisonedId, EventName = "JobPoisoned", Level = LogLevel.Error,
            Message = "The work message of job {jobId} was delivered {deliveryCount} times; the job is in Error.")]
        internal static partial void JobPoisoned(ILogger logger, string jobId, long deliveryCount);

        [LoggerMessage(EventId = MessagePoisonedId, EventName = "MessagePoisoned", Level = LogLevel.Warning,
            Message = "Moved message {messageId} to '{poisonQueue}' because {reason}.")]
        internal static partial void MessagePoisoned(ILogger logger, string messageId, string poisonQueue, string reason);

        [LoggerMessage(EventId = LeaseLostId, EventName = "LeaseLost", Level = LogLevel.Warning,
            Message = "Job {jobId}: another worker took over the job; this worker stopped it.")]
        internal static partial void LeaseLost(ILogger logger, string? jobId);

        [LoggerMessage(EventId = LeaseRenewalFailedId, EventName = "LeaseRenewalFailed", Level = LogLevel.Warning,
            Message = "Could not extend the visibility of work message {messageId}. {error}")]
        internal static partial void LeaseRenewalFailed(ILogger logger, string messageId, string error);

        [LoggerMessage(EventId = ReleaseFailedId, EventName = "ReleaseFailed", Level = LogLevel.Warning,
            Message = "Could not release the work message of job {jobId}; it becomes visible again when its visibility timeout ends. {error}")]
        internal static partial void ReleaseFailed(ILogger logger, string? jobId, string error);

        [LoggerMessage(EventId = ProgressWriteFailedId, EventName = "ProgressWriteFailed", Level = LogLevel.Warning,
            Message = "Job {jobId}: could not write progress. {error}")]
        internal static partial void ProgressWriteFailed(ILogger logger, string jobId, string error);

        /// <summary>An exception as a log field: its type and message, never its stack or inner details.</summary>
        internal static string Describe(Exception exception) => exception.GetType().Name + ": " + exception.Message;
    }
}
