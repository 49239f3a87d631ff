using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MediaOps.Core.Replication;

namespace MediaOps.Core.Tests.Replication
{
    /// <summary>How one attempt to copy a blob goes, as storage would report it.</summary>
    public enum ScriptedCopy
    {
        /// <summary>Storage copies for real (Azurite: at once).</summary>
        Real,

        /// <summary>Reported pending for two status reads, then succeeds (the bytes are really copied).</summary>
        PendingThenSuccess,

        /// <summary>Reported pending, then failed; nothing is copied.</summary>
        PendingThenFailed,

        /// <summary>Reported pending, then aborted; nothing is copied.</summary>
        PendingThenAborted,

        /// <summary>Pending for as long as anyone looks.</summary>
        PendingForever,

        /// <summary>The start request fails with a 500 whose message quotes the copy source URL, as some SDK texts do.</summary>
        ServerErrorQuotingTheSource,
    }

    /// <summary>
    /// Real server-side copies (Azurite), except for the blobs given a script: those report what the script says, so that
    /// tests can see pending copies polled, failed and aborted copies retried, and cancellation abort a pending copy.
    /// </summary>
    internal sealed class ScriptedCopyOperations : IBlobCopyOperations
    {
        public const int PendingReads = 2;

        private readonly SdkBlobCopyOperations _storage = new SdkBlobCopyOperations();
        private readonly ConcurrentDictionary<string, ConcurrentQueue<ScriptedCopy>> _scripts = new ConcurrentDictionary<string, ConcurrentQueue<ScriptedCopy>>();
        private readonly ConcurrentDictionary<string, (ScriptedCopy Script, int Reads)> _running = new ConcurrentDictionary<string, (ScriptedCopy, int)>();

        /// <summary>The copy source URL of every start, with its SAS.</summary>
        public ConcurrentQueue<Uri> Sources { get; } = new ConcurrentQueue<Uri>();

        /// <summary>Copy state reads per blob.</summary>
        public ConcurrentDictionary<string, int> Polls { get; } = new ConcurrentDictionary<string, int>();

        public ConcurrentQueue<string> Aborted { get; } = new ConcurrentQueue<string>();

        /// <summary>Called at every copy state read, with the blob's name.</summary>
        public Action<string>? OnPoll { get; set; }

        /// <summary>The attempts of one blob, in order; attempts beyond them are <see cref="ScriptedCopy.Real"/>.</summary>
        public void Script(string blobName, params ScriptedCopy[] attempts) =>
            _scripts[blobName] = new ConcurrentQueue<ScriptedCopy>(attempts);

        public async Task<BlobCopyState> StartCopyAsync(
            BlobClient destination, Uri source, ETag sourceETag, IDictionary<string, string> metadata, CancellationToken cancellationToken)
        {
            Sources.Enqueue(source);
            var script = _scripts.TryGetValue(destination.Name, out var attempts) && attempts.TryDequeue(out var next) ? next : ScriptedCopy.Real;
            _running[destination.Name] = (script, 0);
            switch (script)
            {
                case ScriptedCopy.Real:
                    return await _storage.StartCopyAsync(destination, source, sourceETag, metadata, cancellationToken);
                case ScriptedCopy.PendingThenSuccess:
                    var started = await _storage.StartCopyAsync(destination, source, sourceETag, metadata, cancellationToken);
                    return new BlobCopyState(CopyStatus.Pending, started.CopyId);
                case ScriptedCopy.ServerErrorQuotingTheSource:
                    throw new RequestFailedException(500, $"Copy source {source} could not be read.", "InternalError", null);
                default:
                    return new BlobCopyState(CopyStatus.Pending, Guid.NewGuid().ToString());
            }
        }

        public async Task<BlobCopyState> GetCopyStateAsync(BlobClient destination, CancellationToken cancellationToken)
        {
            Polls.AddOrUpdate(destination.Name, 1, (_, n) => n + 1);
            OnPoll?.Invoke(destination.Name);
            var (script, reads) = _running[destination.Name];
            _running[destination.Name] = (script, reads + 1);
            if (script == ScriptedCopy.PendingForever || reads < PendingReads)
            {
                return new BlobCopyState(CopyStatus.Pending, null, bytesCopied: 100);
            }
            switch (script)
            {
                case ScriptedCopy.PendingThenFailed:
                    return new BlobCopyState(CopyStatus.Failed, null, "500 InternalError Copy failed.");
                case ScriptedCopy.PendingThenAborted:
                    return new BlobCopyState(CopyStatus.Aborted, null, "Copy aborted.");
                default:
                    return await _storage.GetCopyStateAsync(destination, cancellationToken);
            }
        }

        public Task AbortCopyAsync(BlobClient destination, string copyId, CancellationToken cancellationToken)
        {
            Aborted.Enqueue(destination.Name);
            return Task.CompletedTask;
        }
    }
}
