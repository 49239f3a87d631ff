using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core.Models;

namespace MediaOps.Origin
{
    /// <summary>
    /// Locators by guid, reused for a few seconds so that a media request costs one storage request, not two.
    /// Only the record is cached: whether it is valid now is decided on every request by the caller.
    /// </summary>
    internal sealed class LocatorCache
    {
        private const int MaxEntries = 10_000;

        private readonly ConcurrentDictionary<Guid, Entry> _entries = new ConcurrentDictionary<Guid, Entry>();
        private readonly Func<Guid, CancellationToken, Task<MediaLocator?>> _load;
        private readonly TimeSpan _foundDuration;
        private readonly TimeSpan _missingDuration;
        private readonly Func<DateTimeOffset> _clock;

        public LocatorCache(
            Func<Guid, CancellationToken, Task<MediaLocator?>> load, TimeSpan foundDuration, TimeSpan missingDuration, Func<DateTimeOffset> clock)
        {
            _load = load;
            _foundDuration = foundDuration;
            _missingDuration = missingDuration;
            _clock = clock;
        }

        public async Task<MediaLocator?> GetAsync(Guid locatorGuid, CancellationToken cancellationToken)
        {
            if (_entries.TryGetValue(locatorGuid, out var cached) &&
                _clock() - cached.LoadedAt < (cached.Locator is null ? _missingDuration : _foundDuration))
            {
                return cached.Locator;
            }

            var loadedAt = _clock();
            var locator = await _load(locatorGuid, cancellationToken).ConfigureAwait(false);
            if (_entries.Count >= MaxEntries) _entries.Clear();
            _entries[locatorGuid] = new Entry(locator, loadedAt);
            return locator;
        }

        private sealed class Entry
        {
            public Entry(MediaLocator? locator, DateTimeOffset loadedAt)
            {
                Locator = locator;
                LoadedAt = loadedAt;
            }

            public MediaLocator? Locator { get; }

            public DateTimeOffset LoadedAt { get; }
        }
    }
}
