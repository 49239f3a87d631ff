using System;
using System.Threading.Tasks;
using Azure.Storage;
using Azure.Storage.Sas;
using MediaOps.Core.Accounts;
using Xunit;

namespace MediaOps.Core.Tests.Accounts
{
    [Collection(AzuriteCollection.Name)]
    public sealed class MediaAccountContextTests
    {
        private readonly AzuriteFixture _fixture;

        public MediaAccountContextTests(AzuriteFixture fixture) => _fixture = fixture;

        [Fact]
        public async Task A_context_from_a_SAS_connection_string_works_and_never_shows_the_signature()
        {
            var key = new StorageSharedKeyCredential("dca", _fixture.Azurite.AccountKey("dca"));
            var sas = new AccountSasBuilder(AccountSasPermissions.All, DateTimeOffset.UtcNow.AddMinutes(30),
                AccountSasServices.Blobs | AccountSasServices.Queues, AccountSasResourceTypes.All).ToSasQueryParameters(key);
            var connectionString = $"BlobEndpoint=http://127.0.0.1:{_fixture.Azurite.BlobPort}/dca;" +
                                   $"QueueEndpoint=http://127.0.0.1:{_fixture.Azurite.QueuePort}/dca;SharedAccessSignature={sas}";

            var context = MediaAccountContext.FromConnectionString("dca", "AccountName=dca;" + connectionString);
            await context.VerifyAsync();

            Assert.DoesNotContain("sig=", context.ToString());
            Assert.DoesNotContain("sig=", context.BlobEndpoint.ToString());
            Assert.DoesNotContain("sig=", context.QueueEndpoint.ToString());
            Assert.DoesNotContain(sas.Signature, context.ToString());
        }

        [Fact]
        public async Task The_display_name_defaults_to_the_storage_account_name()
        {
            var context = MediaAccountContext.FromConnectionString("", _fixture.Azurite.ConnectionString("dcb"));
            await context.VerifyAsync();
            Assert.Equal("dcb", context.Name);
            Assert.Equal("dcb", context.StorageAccountName);
            Assert.Equal(MediaAccountAuthentication.ConnectionString, context.Authentication);
        }

        [Theory]
        [InlineData("MyAccount")]
        [InlineData("ab")]
        [InlineData("has-hyphen")]
        public void An_invalid_storage_account_name_is_refused_naming_the_rule(string name)
        {
            var error = Assert.Throws<MediaOpsException>(() => MediaAccountContext.FromDefaultAzureCredential("x", name));
            Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
            Assert.Contains("3 to 24 lowercase letters and digits", error.Message);
        }
    }
}
