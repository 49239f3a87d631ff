using System;
using System.Threading.Tasks;
using MediaOps.Core.Locators;
using MediaOps.Core.Models;
using Xunit;

namespace MediaOps.Core.Tests.Locators
{
    /// <summary>Bad input is refused before anything is written: no record, no access policy.</summary>
    [Collection(AzuriteCollection.Name)]
    public sealed class LocatorInputTests : IDisposable
    {
        private readonly AzuriteFixture _fixture;
        private readonly LocatorTestKit _kit = new LocatorTestKit();

        public LocatorInputTests(AzuriteFixture fixture) => _fixture = fixture;

        public void Dispose() => _kit.Dispose();

        private async Task<MediaOpsException> AssertRefusedWithoutSideEffectsAsync(string assetId, MediaLocatorCreateOptions options, MediaErrorKind kind)
        {
            var context = _fixture.Dca();
            var recordsBefore = await LocatorTestKit.LocatorRecordNamesAsync(context);

            var error = await Assert.ThrowsAsync<MediaOpsException>(() => new MediaLocatorClient(context).CreateAsync(assetId, options));

            Assert.Equal(kind, error.Kind);
            Assert.Equal(recordsBefore, await LocatorTestKit.LocatorRecordNamesAsync(context));
            return error;
        }

        [Fact]
        public async Task A_locator_for_an_unknown_asset_is_refused_naming_Get_MediaAsset()
        {
            var error = await AssertRefusedWithoutSideEffectsAsync(MediaIds.NewAssetId(), new MediaLocatorCreateOptions(), MediaErrorKind.NotFound);

            Assert.Contains("Get-MediaAsset", error.Message);
        }

        [Fact]
        public async Task A_malformed_asset_id_is_refused_showing_the_expected_form()
        {
            var error = await AssertRefusedWithoutSideEffectsAsync("nb:cid:UUID:not-a-guid", new MediaLocatorCreateOptions(), MediaErrorKind.InvalidArgument);

            Assert.Contains(MediaIds.AssetPrefix + "<guid>", error.Message);
        }

        [Theory]
        [InlineData(MediaLocatorType.Sas, 0)]
        [InlineData(MediaLocatorType.Sas, -60)]
        [InlineData(MediaLocatorType.OnDemandOrigin, 0)]
        public async Task A_duration_that_is_not_positive_is_refused(MediaLocatorType type, int seconds)
        {
            var asset = await _kit.CreateAdaptiveAssetAsync(_fixture.Dca());

            var error = await AssertRefusedWithoutSideEffectsAsync(asset.Id,
                new MediaLocatorCreateOptions { Type = type, Duration = TimeSpan.FromSeconds(seconds) }, MediaErrorKind.InvalidArgument);

            Assert.Contains("-Duration", error.Message);
            Assert.Empty(await LocatorTestKit.StoredPolicyIdsAsync(_fixture.Dca(), asset.Id));
        }

        [Theory]
        [InlineData(MediaLocatorType.Sas)]
        [InlineData(MediaLocatorType.OnDemandOrigin)]
        public async Task A_duration_past_the_last_representable_date_is_refused_as_bad_input(MediaLocatorType type)
        {
            var asset = await _kit.CreateAdaptiveAssetAsync(_fixture.Dca());

            var error = await AssertRefusedWithoutSideEffectsAsync(asset.Id,
                new MediaLocatorCreateOptions { Type = type, Duration = TimeSpan.MaxValue }, MediaErrorKind.InvalidArgument);

            Assert.Contains("-Duration", error.Message);
            Assert.Empty(await LocatorTestKit.StoredPolicyIdsAsync(_fixture.Dca(), asset.Id));
        }

        [Theory]
        [InlineData(LocatorPermissions.Write)]
        [InlineData(LocatorPermissions.Read | LocatorPermissions.List)]
        public async Task An_origin_locator_is_read_only(LocatorPermissions permissions)
        {
            var asset = await _kit.CreateAdaptiveAssetAsync(_fixture.Dca());

            var error = await AssertRefusedWithoutSideEffectsAsync(asset.Id,
                new MediaLocatorCreateOptions { Type = MediaLocatorType.OnDemandOrigin, Permissions = permissions }, MediaErrorKind.InvalidArgument);

            Assert.Contains("read-only", error.Message);
        }

        [Fact]
        public async Task A_SAS_without_permissions_is_refused()
        {
            var asset = await _kit.CreateAdaptiveAssetAsync(_fixture.Dca());

            var error = await AssertRefusedWithoutSideEffectsAsync(asset.Id,
                new MediaLocatorCreateOptions { Type = MediaLocatorType.Sas, Permissions = LocatorPermissions.None }, MediaErrorKind.InvalidArgument);

            Assert.Contains("-Permission Read", error.Message);
            Assert.Empty(await LocatorTestKit.StoredPolicyIdsAsync(_fixture.Dca(), asset.Id));
        }

        [Fact]
        public async Task A_malformed_locator_id_is_refused_showing_the_expected_form()
        {
            var error = await Assert.ThrowsAsync<MediaOpsException>(() => new MediaLocatorClient(_fixture.Dca()).GetAsync("nb:lid:UUID:123"));

            Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
            Assert.Contains(MediaIds.LocatorPrefix + "<guid>", error.Message);
        }

        [Fact]
        public async Task A_context_without_the_account_key_cannot_sign_a_SAS_and_is_told_to_use_one_with_the_key()
        {
            var keyed = _fixture.Dca();
            var asset = await _kit.CreateAdaptiveAssetAsync(keyed);
            var accountSas = keyed.BlobService.GenerateAccountSasUri(
                Azure.Storage.Sas.AccountSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1), Azure.Storage.Sas.AccountSasResourceTypes.All).Query.TrimStart('?');
            var keyless = MediaOps.Core.Accounts.MediaAccountContext.FromConnectionString("dca-sas",
                $"AccountName=dca;BlobEndpoint={keyed.BlobEndpoint};QueueEndpoint={keyed.QueueEndpoint};SharedAccessSignature={accountSas}");
            Assert.False(keyless.CanGenerateSas);
            var recordsBefore = await LocatorTestKit.LocatorRecordNamesAsync(keyed);

            var error = await Assert.ThrowsAsync<MediaOpsException>(() =>
                new MediaLocatorClient(keyless).CreateAsync(asset.Id, new MediaLocatorCreateOptions { Type = MediaLocatorType.Sas }));

            Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
            Assert.Contains("AccountKey", error.Message);
            Assert.DoesNotContain("sig=", error.Message);
            Assert.Equal(recordsBefore, await LocatorTestKit.LocatorRecordNamesAsync(keyed));
            Assert.Empty(await LocatorTestKit.StoredPolicyIdsAsync(keyed, asset.Id));
        }
    }
}
