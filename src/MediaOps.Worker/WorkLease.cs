using System;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Queues;

namespace MediaOps.Worker
{
    /// <summary>
    /// A received work message held invisible while its job runs. The visibility is extended in the background;
    /// when an extension fails because another worker took the message, <see cref="Lost"/> is cancelled.
    /// </summary>
    internal sealed class WorkLease : IDisposable
    {
        private readonly QueueClient _queue;
        private readonly string _messageId;
        private readonly TimeSpan _visibility;
        private readonly CancellationTokenSource _lost = new CancellationTokenSource();
        private readonly CancellationTokenSource _stopRenewing = new CancellationTokenSource();
        private readonly SemaphoreSlim _receiptLock = new SemaphoreSlim(1, 1);
        private readonly Task _renewal;
        private string _popReceipt;

        public WorkLease(QueueClient queue, string messageId, string popReceipt, TimeSpan visibility, Action<Exception> onRenewalError)
        {
            _queue = queue;
            _messageId = messageId;
            _popReceipt = popReceipt;
            _visibility = visibility;
            _renewal = RenewAsync(onRenewalError);
        }

        /// <summary>Cancelled when the message was taken by another worker: this worker must stop the job.</summary>
        public CancellationToken Lost => _lost.Token;

        /// <summary>Deletes the message: the job is done with, whatever its outcome.</summary>
        public Task CompleteAsync(CancellationToken cancellationToken) =>
            WithReceiptAsync(receipt => _queue.DeleteMessageAsync(_messageId, receipt, cancellationToken));

        /// <summary>Makes the message visible again after <paramref name="delay"/>, for another worker (or this one) to take.</summary>
        public Task ReleaseAsync(TimeSpan delay, CancellationToken cancellationToken) =>
            WithReceiptAsync(async receipt =>
            {
                var response = await _queue.UpdateMessageAsync(_messageId, receipt, visibilityTimeout: delay, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                _popReceipt = response.Value.PopReceipt;
            });

        public void Dispose()
        {
            _stopRenewing.Cancel();
            try
            {
                _renewal.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
            }
            _stopRenewing.Dispose();
            _lost.Dispose();
            _receiptLock.Dispose();
        }

        private async Task WithReceiptAsync(Func<string, Task> action)
        {
            _stopRenewing.Cancel();
            await _receiptLock.WaitAsync().ConfigureAwait(false);
            try
            {
                await action(_popReceipt).ConfigureAwait(false);
            }
            finally
            {
                _receiptLock.Release();
            }
        }

        private async Task RenewAsync(Action<Exception> onRenewalError)
        {
            var interval = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, _visibility.Ticks / 3));
            while (!_stopRenewing.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(interval, _stopRenewing.Token).ConfigureAwait(false);
                    await _receiptLock.WaitAsync(_stopRenewing.Token).ConfigureAwait(false);
                    try
                    {
                        var response = await _queue.UpdateMessageAsync(_messageId, _popReceipt, visibilityTimeout: _visibility,
                            cancellationToken: _stopRenewing.Token).ConfigureAwait(false);
                        _popReceipt = response.Value.PopReceipt;
                    }
                    finally
                    {
                        _receiptLock.Release();
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (RequestFailedException ex) when (ex.Status == 404 || ex.Status == 400)
                {
                    // The pop receipt no longer matches: the message became visible and another worker received it.
                    onRenewalError(ex);
                    _lost.Cancel();
                    return;
                }
                catch (Exception ex)
                {
                    // A passing storage fault: try again at the next interval, while the visibility still holds.
                    onRenewalError(ex);
                }
            }
        }
    }
}
