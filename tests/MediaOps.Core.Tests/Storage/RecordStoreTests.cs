using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core.Storage;
using Xunit;

namespace MediaOps.Core.Tests.Storage
{
    [Collection(AzuriteCollection.Name)]
    public sealed class RecordStoreTests
    {
        private readonly AzuriteFixture _fixture;

        public RecordStoreTests(AzuriteFixture fixture) => _fixture = fixture;

        private sealed class Counter
        {
            public int Value { get; set; }
        }

        [Fact]
        public async Task Creating_a_record_twice_is_refused()
        {
            var store = new RecordStore(_fixture.Dca());
            var path = "tests/" + Guid.NewGuid() + ".json";
            await store.CreateAsync(path, new Counter { Value = 1 }, CancellationToken.None);

            var ex = await Assert.ThrowsAsync<MediaOpsException>(() => store.CreateAsync(path, new Counter { Value = 2 }, CancellationToken.None));

            Assert.Equal(MediaErrorKind.AlreadyExists, ex.Kind);
            Assert.Equal(1, (await store.TryGetAsync<Counter>(path, CancellationToken.None))!.Value.Value.Value);
        }

        [Fact]
        public async Task A_stale_etag_cannot_overwrite_a_newer_record()
        {
            var store = new RecordStore(_fixture.Dca());
            var path = "tests/" + Guid.NewGuid() + ".json";
            var first = await store.CreateAsync(path, new Counter { Value = 1 }, CancellationToken.None);
            Assert.NotNull(await store.TryReplaceAsync(path, new Counter { Value = 2 }, first, CancellationToken.None));

            Assert.Null(await store.TryReplaceAsync(path, new Counter { Value = 3 }, first, CancellationToken.None));
            Assert.Equal(2, (await store.TryGetAsync<Counter>(path, CancellationToken.None))!.Value.Value.Value);
        }

        [Fact]
        public async Task Concurrent_updates_are_all_applied()
        {
            var context = _fixture.Dca();
            var path = "tests/" + Guid.NewGuid() + ".json";
            await new RecordStore(context).CreateAsync(path, new Counter(), CancellationToken.None);

            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
                new RecordStore(context).UpdateAsync<Counter>(path, c => { c.Value++; return true; }, CancellationToken.None))));

            Assert.Equal(8, (await new RecordStore(context).TryGetAsync<Counter>(path, CancellationToken.None))!.Value.Value.Value);
        }
    }
}
