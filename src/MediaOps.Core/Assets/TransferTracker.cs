using System;
using System.Threading;
using MediaOps.Core.Models;

namespace MediaOps.Core.Assets
{
    /// <summary>Adds up bytes and files moved by concurrent transfers and reports the totals.</summary>
    internal sealed class TransferTracker
    {
        private readonly long _totalBytes;
        private readonly int _totalFiles;
        private readonly IProgress<TransferProgress>? _progress;
        private long _bytes;
        private int _files;

        public TransferTracker(long totalBytes, int totalFiles, IProgress<TransferProgress>? progress)
        {
            _totalBytes = totalBytes;
            _totalFiles = totalFiles;
            _progress = progress;
            _progress?.Report(new TransferProgress(0, totalBytes, 0, totalFiles, null));
        }

        public void AddBytes(long delta, string file)
        {
            var bytes = Interlocked.Add(ref _bytes, delta);
            _progress?.Report(new TransferProgress(bytes, _totalBytes, Volatile.Read(ref _files), _totalFiles, file));
        }

        public void CompleteFile(long remainingBytes, string file)
        {
            var bytes = Interlocked.Add(ref _bytes, remainingBytes);
            var files = Interlocked.Increment(ref _files);
            _progress?.Report(new TransferProgress(bytes, _totalBytes, files, _totalFiles, file));
        }
    }
}
