using System;

namespace MediaOps.Core.Tests
{
    /// <summary>Reports on the reporting thread, so a test sees every report before the awaited call returns.</summary>
    public sealed class SynchronousProgress<T> : IProgress<T>
    {
        private readonly Action<T> _report;

        public SynchronousProgress(Action<T> report) => _report = report;

        public void Report(T value) => _report(value);
    }
}
