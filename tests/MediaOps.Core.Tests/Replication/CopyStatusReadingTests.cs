using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Azure.Storage.Blobs.Models;
using MediaOps.Core.Replication;
using Xunit;

namespace MediaOps.Core.Tests.Replication
{
    /// <summary>How the real copy operations read a destination blob's copy state from storage.</summary>
    [Collection(AzuriteCollection.Name)]
    public sealed class CopyStatusReadingTests
    {
        private readonly AzuriteFixture _fixture;

        public CopyStatusReadingTests(AzuriteFixture fixture) => _fixture = fixture;

        [Fact]
        public async Task A_destination_blob_without_a_copy_is_not_read_as_a_copy_still_pending()
        {
            // A blob overwritten after its copy started (another run streaming it, a user's upload) carries no copy
            // status. The SDK's non-nullable CopyStatus reads that as Pending (0), and the copier would poll forever.
            var container = _fixture.Dcb().GetContainer("copystate-" + Guid.NewGuid().ToString("N"));
            await container.CreateAsync();
            try
            {
                var blob = container.GetBlobClient("plain.mp4");
                await blob.UploadAsync(new MemoryStream(new byte[] { 1, 2, 3 }));

                var state = await new SdkBlobCopyOperations().GetCopyStateAsync(blob, CancellationToken.None);

                Assert.NotEqual(CopyStatus.Pending, state.Status);
                Assert.NotEqual(CopyStatus.Success, state.Status);
            }
            finally
            {
                await container.DeleteIfExistsAsync();
            }
        }
    }
}
