using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using System.Web;
using Azure;
using Azure.Storage.Blobs;
using MediaOps.Core.Assets;
using MediaOps.Core.Models;
using MediaOps.Core.Replication;
using Xunit;

namespace MediaOps.Core.Tests.Replication
{
    [Collection(AzuriteCollection.Name)]
    public sealed class ServerSideCopyTests : IDisposable
    {
        private readonly AzuriteFixture _fixture;
        private readonly EncodedAssets _assets = new EncodedAssets();

        public ServerSideCopyTests(AzuriteFixture fixture) => _fixture = fixture;

        public void Dispose() => _assets.Dispose();

        [Fact]
        public async Task The_replica_is_byte_identical_and_registered_with_the_same_id_name_primary_file_and_origin()
        {
            var source = await _assets.CreateAsync(_fixture.Dca(), mediaFiles: 3, mediaBytes: 3_000_000, name: "Big Buck Bunny");

            var result = await new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb()).CopyAsync(source.Id);

            await EncodedAssets.AssertByteIdenticalAsync(_fixture.Dca(), _fixture.Dcb(), source.ContainerName);
            var replica = await new MediaAssetClient(_fixture.Dcb()).GetAsync(source.Id);
            Assert.Equal(source.Id, replica.Id);
            Assert.Equal("Big Buck Bunny", replica.Name);
            Assert.Equal("master.m3u8", replica.PrimaryFile);
            Assert.Equal(source.Created, replica.Created);
            var sourceContainerUrl = EncodedAssets.Container(_fixture.Dca(), source).Uri.GetLeftPart(UriPartial.Path);
            Assert.Equal(sourceContainerUrl, replica.ReplicatedFrom);
            Assert.Equal(source.Files.Select(f => (f.Name, f.Length, f.ContentMd5)).OrderBy(f => f.Name),
                replica.Files.Select(f => (f.Name, f.Length, f.ContentMd5)).OrderBy(f => f.Name));
        }

        [Fact]
        public async Task The_result_counts_files_and_bytes_and_carries_both_contexts()
        {
            var source = await _assets.CreateAsync(_fixture.Dca(), mediaFiles: 4, mediaBytes: 50_000);
            var destination = _fixture.Dcb();

            var result = await new MediaAssetCopyClient(_fixture.Dca(), destination).CopyAsync(source.Id);

            Assert.Equal(AssetCopyMethod.ServerSide, result.Method);
            Assert.Equal(6, result.FilesCopied);
            Assert.Equal(0, result.FilesAlreadyPresent);
            Assert.Equal(source.TotalBytes, result.BytesCopied);
            Assert.Equal(0, result.Retries);
            Assert.Equal(source.Id, result.Asset.Id);
            Assert.Equal(6, result.Asset.Files.Count);
            Assert.Same(destination, result.Asset.Context);
            Assert.Equal("dca", result.Asset.SourceContext!.Name);
        }

        [Fact]
        public async Task Progress_says_the_method_first_and_ends_with_every_file_and_byte()
        {
            var source = await _assets.CreateAsync(_fixture.Dca(), mediaFiles: 3, mediaBytes: 100_000);
            var reports = new ConcurrentQueue<AssetCopyProgress>();

            await new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb()).CopyAsync(source.Id, new SynchronousProgress<AssetCopyProgress>(reports.Enqueue));

            var first = reports.First();
            Assert.Equal(AssetCopyMethod.ServerSide, first.Method);
            Assert.Equal(0, first.Transfer.BytesTransferred);
            Assert.Equal(5, first.Transfer.TotalFiles);
            Assert.Equal(source.TotalBytes, first.Transfer.TotalBytes);
            Assert.Contains(reports, r => r.Transfer.FilesCompleted == 5 && r.Transfer.BytesTransferred == source.TotalBytes);
            Assert.All(reports, r => Assert.Equal(AssetCopyMethod.ServerSide, r.Method));
        }

        [Fact]
        public async Task The_replica_is_not_visible_until_every_file_is_copied_and_verified()
        {
            var source = await _assets.CreateAsync(_fixture.Dca(), mediaFiles: 4, mediaBytes: 20_000);
            var destinationAssets = new MediaAssetClient(_fixture.Dcb());
            var visibleDuringCopy = new ConcurrentBag<bool>();

            await new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb(), new MediaAssetCopyOptions { MaxConcurrency = 1 }).CopyAsync(source.Id,
                new SynchronousProgress<AssetCopyProgress>(_ => visibleDuringCopy.Add(destinationAssets.TryGetAsync(source.Id).GetAwaiter().GetResult() != null)));

            Assert.True(visibleDuringCopy.Count >= 6);
            Assert.DoesNotContain(true, visibleDuringCopy);
            Assert.NotNull(await destinationAssets.TryGetAsync(source.Id));
        }

        [Fact]
        public async Task The_destination_reads_the_source_through_one_short_lived_read_only_container_SAS()
        {
            var source = await _assets.CreateAsync(_fixture.Dca(), mediaFiles: 2, mediaBytes: 1000);
            var operations = new ScriptedCopyOperations();
            var options = new MediaAssetCopyOptions { SourceSasLifetime = TimeSpan.FromMinutes(20) };

            await new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb(), options, operations).CopyAsync(source.Id);

            var sources = operations.Sources.ToList();
            Assert.Equal(4, sources.Count);
            Assert.Single(sources.Select(s => s.Query).Distinct());
            var query = HttpUtility.ParseQueryString(sources[0].Query);
            Assert.Equal("r", query["sp"]);
            Assert.Equal("c", query["sr"]);
            var startsOn = DateTimeOffset.Parse(query["st"]!);
            var expiresOn = DateTimeOffset.Parse(query["se"]!);
            Assert.InRange(DateTimeOffset.UtcNow - startsOn, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(6));
            Assert.InRange(expiresOn - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(19), TimeSpan.FromMinutes(21));

            var readThroughSas = new BlobClient(sources[0]);
            Assert.True((await readThroughSas.DownloadContentAsync()).Value.Content.ToArray().Length > 0);
            var write = await Assert.ThrowsAsync<RequestFailedException>(() => readThroughSas.UploadAsync(BinaryData.FromString("overwrite"), overwrite: true));
            Assert.Equal(403, write.Status);
        }

        [Fact]
        public async Task A_copy_that_storage_completes_at_once_costs_one_request_per_file_and_no_status_polls()
        {
            var sizes = Enumerable.Range(0, 200).ToDictionary(i => $"segment_{i:D4}.m4s", _ => 500);
            var source = await _assets.CreateAsync(_fixture.Dca(), sizes, "segment_0000.m4s");
            var operations = new ScriptedCopyOperations();

            var result = await new MediaAssetCopyClient(_fixture.Dca(), _fixture.Dcb(), null, operations).CopyAsync(source.Id);

            Assert.Equal(200, result.FilesCopied);
            Assert.Equal(200, operations.Sources.Count);
            Assert.Equal(0, operations.Polls.Values.Sum());
        }
    }
}
