using System;
using System.Collections.Concurrent;
using System.Threading;

namespace MediaOps.PowerShell
{
    /// <summary>
    /// An <see cref="IProgress{T}"/> that Core may call from any thread: it only queues the report and signals.
    /// The pipeline thread drains the queue and is the only one that writes to the pipeline.
    /// </summary>
    internal sealed class ProgressQueue<T> : IProgress<T>, IDisposable
    {
        private readonly ConcurrentQueue<T> _items = new ConcurrentQueue<T>();
        private readonly AutoResetEvent _signal = new AutoResetEvent(false);

        public WaitHandle Signal => _signal;

        public void Report(T value)
        {
            _items.Enqueue(value);
            try
            {
                _signal.Set();
            }
            catch (ObjectDisposedException)
            {
                // A late report from an abandoned operation after the cmdlet stopped; nobody reads it.
            }
        }

        public bool TryDequeue(out T value) => _items.TryDequeue(out value!);

        public void Dispose() => _signal.Dispose();
    }
}
