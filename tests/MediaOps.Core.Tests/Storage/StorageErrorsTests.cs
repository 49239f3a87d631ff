using Azure;
using MediaOps.Core.Storage;
using Xunit;

namespace MediaOps.Core.Tests.Storage
{
    [Collection(AzuriteCollection.Name)]
    public sealed class StorageErrorsTests
    {
        private readonly AzuriteFixture _fixture;

        public StorageErrorsTests(AzuriteFixture fixture) => _fixture = fixture;

        [Theory]
        [InlineData(500, "InternalError")]
        [InlineData(503, "ServerBusy")]
        [InlineData(429, "TooManyRequests")]
        [InlineData(408, "OperationTimedOut")]
        public void A_server_error_left_after_the_retries_is_a_MediaOps_error_with_status_and_code_but_not_the_SDK_text(int status, string code)
        {
            var sdk = new RequestFailedException(status, "response echoing https://dca.blob.core.windows.net/asset-x/a.mp4?sv=2021&sig=SECRET", code, null);

            var error = StorageErrors.Translate(_fixture.Dca(), "copy 'a.mp4'", sdk);

            Assert.NotNull(error);
            Assert.Equal(MediaErrorKind.OperationFailed, error!.Kind);
            Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
            Assert.Contains(code, error.Message);
            Assert.Contains("run the command again", error.Message);
            Assert.DoesNotContain("sig=", error.Message);
            Assert.Null(error.InnerException);
        }

        [Theory]
        [InlineData(404)]
        [InlineData(409)]
        [InlineData(412)]
        public void Conditions_that_callers_handle_themselves_are_let_through(int status)
        {
            Assert.Null(StorageErrors.Translate(_fixture.Dca(), "read a record", new RequestFailedException(status, "x", "Code", null)));
        }
    }
}
