using Microsoft.Extensions.Logging;

namespace MediaOps.Origin
{
    /// <summary>The origin's log events. The event ids are stable: log queries and the tests select lines by them.</summary>
    public static partial class OriginLog
    {
        public const int RequestId = 100;
        public const int StartedId = 101;
        public const int StoppedId = 102;
        public const int StorageUnavailableId = 103;
        public const int FailedId = 104;

        [LoggerMessage(EventId = RequestId, EventName = "Request",
            Message = "{method} {path} {status} ({bytes} bytes, {durationMs} ms, range {range}, locator {locatorId}, reason {reason})")]
        public static partial void Request(ILogger logger, LogLevel level, string method, string path, int status, long bytes,
            double durationMs, string? range, string? locatorId, string? reason);

        [LoggerMessage(EventId = StartedId, EventName = "OriginStarted", Level = LogLevel.Information,
            Message = "Serving account '{account}' ({blobEndpoint}) at {urls}.")]
        public static partial void Started(ILogger logger, string account, string blobEndpoint, string urls);

        [LoggerMessage(EventId = StoppedId, EventName = "OriginStopped", Level = LogLevel.Information, Message = "Stopped serving.")]
        public static partial void Stopped(ILogger logger);

        [LoggerMessage(EventId = StorageUnavailableId, EventName = "StorageUnavailable", Level = LogLevel.Warning,
            Message = "{problem} /healthz answers 503 until the storage answers.")]
        public static partial void StorageUnavailable(ILogger logger, string? problem);

        [LoggerMessage(EventId = FailedId, EventName = "OriginFailed", Level = LogLevel.Error, Message = "{problem}")]
        public static partial void Failed(ILogger logger, string problem);
    }
}
