using System;
using System.Linq;
using System.Threading.Tasks;
using MediaOps.Core.Accounts;
using MediaOps.Core.Locators;
using MediaOps.Core.Models;
using Xunit;

namespace MediaOps.Core.Tests.Locators
{
    /// <summary>An origin locator recreated in a second account under the same id, so that only the base URL differs.</summary>
    [Collection(AzuriteCollection.Name)]
    public sealed class LocatorReplicationTests : IDisposable
    {
        private readonly AzuriteFixture _fixture;
        private readonly LocatorTestKit _kit = new LocatorTestKit();

        public LocatorReplicationTests(AzuriteFixture fixture) => _fixture = fixture;

        public void Dispose() => _kit.Dispose();

        private MediaAccountContext Dca() => _fixture.Azurite.Context("dca", new Uri("https://origin-a.example.net"));

        private MediaAccountContext Dcb() => _fixture.Azurite.Context("dcb", new Uri("https://origin-b.example.net/cdn/"));

        /// <summary>An adaptive asset in dca with an origin locator, and its copy (same id) in dcb.</summary>
        private async Task<(MediaAsset Source, MediaLocator Locator, MediaAsset Copy)> PublishedAndCopiedAsync()
        {
            var source = await _kit.CreateAdaptiveAssetAsync(Dca());
            var locator = await new MediaLocatorClient(Dca()).CreateAsync(source.Id, new MediaLocatorCreateOptions { Duration = TimeSpan.FromDays(7) });
            var copy = await _kit.CopyAsync(source, Dcb());
            return (source, locator, copy);
        }

        [Fact]
        public async Task The_replica_keeps_id_start_expiry_and_manifests_and_its_URLs_differ_only_in_the_base()
        {
            var (source, locator, copy) = await PublishedAndCopiedAsync();

            var replicas = await new MediaLocatorClient(Dcb()).ReplicateOriginLocatorsAsync(Dca(), source.Id, copy.Id);

            var replica = Assert.Single(replicas);
            Assert.Equal(locator.Id, replica.Id);
            Assert.Equal(copy.Id, replica.AssetId);
            Assert.Equal(MediaLocatorType.OnDemandOrigin, replica.Type);
            Assert.Equal(locator.StartTime, replica.StartTime);
            Assert.Equal(locator.ExpirationTime, replica.ExpirationTime);
            Assert.Equal(locator.ManifestFiles, replica.ManifestFiles);
            Assert.Equal(locator.StreamingPaths, replica.StreamingPaths);
            Assert.Equal(
                locator.StreamingPaths.Select(p => new Uri("https://origin-b.example.net/cdn/" + p)),
                replica.StreamingUrls);
            Assert.Equal(
                locator.StreamingUrls.Select(u => u.AbsoluteUri.Substring("https://origin-a.example.net/".Length)),
                replica.StreamingUrls.Select(u => u.AbsoluteUri.Substring("https://origin-b.example.net/cdn/".Length)));

            var stored = await new MediaLocatorClient(Dcb()).GetAsync(locator.Id);
            Assert.Equal(replica.StreamingUrls, stored.StreamingUrls);
        }

        [Fact]
        public async Task Replicating_again_returns_the_same_locator()
        {
            var (source, locator, copy) = await PublishedAndCopiedAsync();
            var client = new MediaLocatorClient(Dcb());

            var first = Assert.Single(await client.ReplicateOriginLocatorsAsync(Dca(), source.Id, copy.Id));
            var second = await client.ReplicateAsync(locator, copy.Id);

            Assert.Equal(first.Id, second.Id);
            Assert.Equal(first.Created, second.Created);
            Assert.Equal(first.StreamingUrls, second.StreamingUrls);
            Assert.Equal(new[] { locator.Id }, (await client.ListAsync(copy.Id)).Select(l => l.Id));
        }

        [Fact]
        public async Task Two_concurrent_replications_create_one_locator_and_both_return_it()
        {
            var (_, locator, copy) = await PublishedAndCopiedAsync();

            var results = await Task.WhenAll(
                new MediaLocatorClient(Dcb()).ReplicateAsync(locator, copy.Id),
                new MediaLocatorClient(Dcb()).ReplicateAsync(locator, copy.Id));

            Assert.All(results, r => Assert.Equal(locator.Id, r.Id));
            Assert.Equal(results[0].Created, results[1].Created);
            var stored = await new MediaLocatorClient(Dcb()).GetAsync(locator.Id);
            Assert.Equal(stored.Created, results[0].Created);
            Assert.Single(await new MediaLocatorClient(Dcb()).ListAsync(copy.Id));
        }

        [Fact]
        public async Task A_locator_id_already_used_for_another_asset_is_a_conflict_naming_both_assets()
        {
            var (_, locator, copy) = await PublishedAndCopiedAsync();
            var otherAsset = await _kit.CreateAdaptiveAssetAsync(Dcb());
            var client = new MediaLocatorClient(Dcb());
            await client.ReplicateAsync(locator, copy.Id);

            var error = await Assert.ThrowsAsync<MediaOpsException>(() => client.ReplicateAsync(locator, otherAsset.Id));

            Assert.Equal(MediaErrorKind.Conflict, error.Kind);
            Assert.Contains(locator.Id, error.Message);
            Assert.Contains(copy.Id, error.Message);
            Assert.Contains(otherAsset.Id, error.Message);
            Assert.Contains("Remove-MediaLocator", error.Message);
            Assert.Equal(copy.Id, (await client.GetAsync(locator.Id)).AssetId);
        }

        [Fact]
        public async Task A_source_asset_without_an_unexpired_origin_locator_is_an_error_naming_New_MediaLocator()
        {
            var source = await _kit.CreateAdaptiveAssetAsync(Dca());
            var sourceClient = new MediaLocatorClient(Dca());
            await sourceClient.CreateAsync(source.Id, new MediaLocatorCreateOptions { Type = MediaLocatorType.Sas });
            await sourceClient.CreateAsync(source.Id, new MediaLocatorCreateOptions
            {
                StartTime = DateTimeOffset.UtcNow.AddDays(-2),
                Duration = TimeSpan.FromDays(1),
            });
            var copy = await _kit.CopyAsync(source, Dcb());

            var error = await Assert.ThrowsAsync<MediaOpsException>(() =>
                new MediaLocatorClient(Dcb()).ReplicateOriginLocatorsAsync(Dca(), source.Id, copy.Id));

            Assert.Equal(MediaErrorKind.NotFound, error.Kind);
            Assert.Contains("New-MediaLocator -Type OnDemandOrigin", error.Message);
            Assert.Empty(await new MediaLocatorClient(Dcb()).ListAsync(copy.Id));
        }

        [Fact]
        public async Task A_destination_asset_that_was_not_copied_is_an_error_naming_Copy_MediaAsset()
        {
            var source = await _kit.CreateAdaptiveAssetAsync(Dca());
            var locator = await new MediaLocatorClient(Dca()).CreateAsync(source.Id);
            var recordsBefore = await LocatorTestKit.LocatorRecordNamesAsync(Dcb());

            var single = await Assert.ThrowsAsync<MediaOpsException>(() => new MediaLocatorClient(Dcb()).ReplicateAsync(locator, source.Id));
            var all = await Assert.ThrowsAsync<MediaOpsException>(() =>
                new MediaLocatorClient(Dcb()).ReplicateOriginLocatorsAsync(Dca(), source.Id, source.Id));

            foreach (var error in new[] { single, all })
            {
                Assert.Equal(MediaErrorKind.NotFound, error.Kind);
                Assert.Contains("Copy-MediaAsset", error.Message);
            }
            Assert.Equal(recordsBefore, await LocatorTestKit.LocatorRecordNamesAsync(Dcb()));
        }

        [Fact]
        public async Task A_SAS_locator_is_not_replicated()
        {
            var (source, _, copy) = await PublishedAndCopiedAsync();
            var sas = await new MediaLocatorClient(Dca()).CreateAsync(source.Id, new MediaLocatorCreateOptions { Type = MediaLocatorType.Sas });

            var error = await Assert.ThrowsAsync<MediaOpsException>(() => new MediaLocatorClient(Dcb()).ReplicateAsync(sas, copy.Id));

            Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
            Assert.Null(await new MediaLocatorClient(Dcb()).TryGetAsync(sas.Id));
        }
    }
}
