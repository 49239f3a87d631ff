using System;
using System.Collections.Generic;

namespace MediaOps.Worker
{
    public enum WorkerEventLevel
    {
        Debug,
        Information,
        Warning,
        Error,
    }

    /// <summary>One structured log event of a worker; a host writes it to its log (JSON lines in <c>mediaops worker</c>).</summary>
    public sealed class WorkerEvent
    {
        public WorkerEvent(WorkerEventLevel level, string name, string message, string? jobId = null,
            IReadOnlyDictionary<string, object?>? properties = null, Exception? exception = null)
        {
            Level = level;
            Name = name;
            Message = message;
            JobId = jobId;
            Properties = properties ?? new Dictionary<string, object?>();
            Exception = exception;
            TimeStamp = DateTimeOffset.UtcNow;
        }

        public DateTimeOffset TimeStamp { get; }

        public WorkerEventLevel Level { get; }

        /// <summary>A stable event name: JobStarted, JobProgress, JobFinished, JobFailed, JobCanceled, JobReleased, MessagePoisoned, ...</summary>
        public string Name { get; }

        public string Message { get; }

        public string? JobId { get; }

        public IReadOnlyDictionary<string, object?> Properties { get; }

        public Exception? Exception { get; }
    }
}
