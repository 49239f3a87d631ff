namespace MediaOps.Testing
{
    /// <summary>A real <c>mediaops worker</c> process.</summary>
    public sealed class WorkerProcess : HostProcess
    {
        private WorkerProcess(string connectionString, string[] args)
            : base("worker", connectionString, args)
        {
        }

        public static WorkerProcess Start(string connectionString, params string[] extraArgs) => new WorkerProcess(connectionString, extraArgs);

        /// <summary>Kills the worker and its ffmpeg at once, as a crash or an out-of-memory kill would.</summary>
        public void Crash() => Kill();
    }
}
