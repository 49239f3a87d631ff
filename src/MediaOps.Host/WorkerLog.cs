using Microsoft.Extensions.Logging;

namespace MediaOps.Host
{
    /// <summary>The worker's log events. The event ids are stable: log queries select lines by them.</summary>
    internal static partial class WorkerLog
    {
        public const int EventId = 200;
        public const int StopRequestedId = 201;
        public const int FailedId = 202;

        /// <summary>
        /// One event of <see cref="MediaOps.Worker.MediaWorker"/>: <c>eventName</c> names it (JobStarted, JobFinished, ...);
        /// its fields (jobId, totalMs, ffmpegMs, ...) are in the scope around it, <see cref="WorkerEventFields"/>.
        /// </summary>
        [LoggerMessage(EventId = EventId, EventName = "WorkerEvent", Message = "{eventName}: {message}")]
        public static partial void WorkerEvent(ILogger logger, LogLevel level, string eventName, string message);

        [LoggerMessage(EventId = StopRequestedId, EventName = "StopRequested", Level = LogLevel.Information,
            Message = "Stop requested (SIGTERM or Ctrl+C); stopping running jobs and releasing them.")]
        public static partial void StopRequested(ILogger logger);

        [LoggerMessage(EventId = FailedId, EventName = "WorkerFailed", Level = LogLevel.Error, Message = "{problem}")]
        public static partial void Failed(ILogger logger, string problem);
    }
}
