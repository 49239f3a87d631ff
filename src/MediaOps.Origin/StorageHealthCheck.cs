using System;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using MediaOps.Core;
using MediaOps.Core.Accounts;
using MediaOps.Core.Storage;
using MediaOps.Origin.Models;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MediaOps.Origin
{
    /// <summary>
    /// Whether the account's storage answers: one cheap request under <see cref="MediaOriginOptions.HealthTimeout"/>, its
    /// result reused for <see cref="MediaOriginOptions.HealthCacheDuration"/> so that frequent probes do not each reach storage.
    /// The description of an unhealthy result names the endpoint without its query string, so it holds no secret.
    /// </summary>
    internal sealed class StorageHealthCheck : IHealthCheck
    {
        private readonly MediaAccountContext _context;
        private readonly MediaOriginOptions _options;
        private readonly TimeProvider _time;
        private Checked? _last;

        public StorageHealthCheck(MediaAccountContext context, MediaOriginOptions options, TimeProvider time)
        {
            _context = context;
            _options = options;
            _time = time;
        }

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var last = Volatile.Read(ref _last);
            if (last != null && _time.GetUtcNow() - last.CheckedAt < _options.HealthCacheDuration) return last.Result;

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_options.HealthTimeout);
            HealthCheckResult result;
            try
            {
                await StorageErrors.RunAsync(_context, "probe the account",
                    () => _context.GetContainer(StorageNames.SystemContainer).ExistsAsync(deadline.Token)).ConfigureAwait(false);
                result = HealthCheckResult.Healthy();
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                result = HealthCheckResult.Unhealthy(
                    $"The storage endpoint {_context.BlobEndpoint.GetLeftPart(UriPartial.Path)} did not answer within {_options.HealthTimeout.TotalSeconds:0.#} seconds.");
            }
            catch (MediaOpsException ex)
            {
                result = HealthCheckResult.Unhealthy(ex.Message);
            }
            catch (RequestFailedException ex)
            {
                result = HealthCheckResult.Unhealthy($"Storage answered {ex.Status} ({ex.ErrorCode ?? "no error code"}) to the probe.");
            }
            Volatile.Write(ref _last, new Checked(result, _time.GetUtcNow()));
            return result;
        }

        private sealed record Checked(HealthCheckResult Result, DateTimeOffset CheckedAt);
    }
}
