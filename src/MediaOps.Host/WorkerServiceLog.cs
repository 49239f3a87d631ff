using Microsoft.Extensions.Logging;

namespace MediaOps.Host
{
    /// <summary>
    /// What <c>mediaops worker</c> logs itself, beside the events of <see cref="MediaOps.Worker.WorkerLog"/> and
    /// <see cref="MediaOps.Worker.WebhookLog"/>. The event ids are stable: log queries select lines by them.
    /// </summary>
    internal static partial class WorkerServiceLog
    {
        public const int StopRequestedId = 201;
        public const int FailedId = 202;

        [LoggerMessage(EventId = StopRequestedId, EventName = "StopRequested", Level = LogLevel.Information,
            Message = "Stop requested (SIGTERM or Ctrl+C); stopping running jobs and releasing them.")]
        public static partial void StopRequested(ILogger logger);

        [LoggerMessage(EventId = FailedId, EventName = "WorkerFailed", Level = LogLevel.Error, Message = "{problem}")]
        public static partial void Failed(ILogger logger, string problem);
    }
}
