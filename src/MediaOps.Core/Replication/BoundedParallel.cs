using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MediaOps.Core.Replication
{
    /// <summary>Runs an operation over a list with at most N at once; the first failure stops the others.</summary>
    internal static class BoundedParallel
    {
        public static async Task<TResult[]> RunAsync<TItem, TResult>(
            IReadOnlyList<TItem> items, int maxConcurrency, Func<TItem, CancellationToken, Task<TResult>> body, CancellationToken cancellationToken)
        {
            var results = new TResult[items.Count];
            using var stopOnFailure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var next = -1;

            async Task WorkAsync()
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < items.Count)
                {
                    stopOnFailure.Token.ThrowIfCancellationRequested();
                    try
                    {
                        results[index] = await body(items[index], stopOnFailure.Token).ConfigureAwait(false);
                    }
                    catch
                    {
                        stopOnFailure.Cancel();
                        throw;
                    }
                }
            }

            var workers = Enumerable.Range(0, Math.Max(1, Math.Min(maxConcurrency, items.Count))).Select(_ => WorkAsync()).ToArray();
            // A faulted worker outranks the ones it canceled: WhenAll rethrows the failure, not the cancellations.
            await Task.WhenAll(workers).ConfigureAwait(false);
            return results;
        }
    }
}
