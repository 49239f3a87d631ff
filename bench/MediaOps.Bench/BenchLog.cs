using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace MediaOps.Bench
{
    /// <summary>What an in-process worker logged into a <see cref="FakeLogger"/>, read by the benchmarks.</summary>
    internal static class BenchLog
    {
        public static async Task<FakeLogRecord> WaitForAsync(FakeLogger log, int eventId, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                var record = log.Collector.GetSnapshot().FirstOrDefault(r => r.Id.Id == eventId);
                if (record != null) return record;
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"the worker did not log event {eventId} within {timeout}");
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }
        }

        public static IReadOnlyList<string> Problems(FakeLogger log) =>
            log.Collector.GetSnapshot().Where(r => r.Level >= LogLevel.Warning).Select(r => $"{r.Id.Name}: {r.Message}").ToList();
    }
}
