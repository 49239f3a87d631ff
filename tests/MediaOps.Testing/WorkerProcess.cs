using System;
using System.Threading.Tasks;
using MediaOps.Worker;

namespace MediaOps.Testing
{
    public sealed class WorkerProcess : HostProcess
    {
        private WorkerProcess(string connectionString, string[] args)
            : base("worker", connectionString, args)
        {
        }

        public static WorkerProcess Start(string connectionString, params string[] extraArgs) => new WorkerProcess(connectionString, extraArgs);

        /// <summary>Waits until the worker takes jobs (its WorkerStarted event).</summary>
        public Task WaitUntilStartedAsync(TimeSpan timeout) => WaitForEventAsync(WorkerLog.WorkerStartedId, timeout);

        /// <summary>Kills the worker and its ffmpeg at once, as a crash or an out-of-memory kill would.</summary>
        public void Crash() => Kill();
    }
}
