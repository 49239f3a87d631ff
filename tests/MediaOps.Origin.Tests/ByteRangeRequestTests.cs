using MediaOps.Origin;
using Xunit;

namespace MediaOps.Origin.Tests
{
    public sealed class ByteRangeRequestTests
    {
        [Theory]
        [InlineData("bytes=0-99", 1000, 0, 100, "bytes 0-99/1000")]
        [InlineData("bytes=500-", 1000, 500, 500, "bytes 500-999/1000")]
        [InlineData("bytes=-100", 1000, 900, 100, "bytes 900-999/1000")]
        [InlineData("bytes=-5000", 1000, 0, 1000, "bytes 0-999/1000")]
        [InlineData("bytes=990-5000", 1000, 990, 10, "bytes 990-999/1000")]
        [InlineData("bytes=999-999", 1000, 999, 1, "bytes 999-999/1000")]
        [InlineData("BYTES=1-2", 1000, 1, 2, "bytes 1-2/1000")]
        public void A_single_satisfiable_range_is_partial(string header, long length, long offset, long count, string contentRange)
        {
            var resolved = ByteRangeRequest.Resolve(header, length);

            Assert.Equal(ByteRangeOutcome.Partial, resolved.Outcome);
            Assert.Equal(offset, resolved.Offset);
            Assert.Equal(count, resolved.Count);
            Assert.Equal(contentRange, resolved.ContentRange);
        }

        [Theory]
        [InlineData("bytes=1000-", 1000)]
        [InlineData("bytes=1000-1010", 1000)]
        [InlineData("bytes=-0", 1000)]
        [InlineData("bytes=0-", 0)]
        [InlineData("bytes=-10", 0)]
        public void A_range_outside_the_blob_is_unsatisfiable_and_names_the_length(string header, long length)
        {
            var resolved = ByteRangeRequest.Resolve(header, length);

            Assert.Equal(ByteRangeOutcome.Unsatisfiable, resolved.Outcome);
            Assert.Equal($"bytes */{length}", resolved.ContentRange);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("bytes=0-1,5-6")]
        [InlineData("bytes=10-5")]
        [InlineData("bytes=")]
        [InlineData("bytes = 1-2")]
        [InlineData("bytes=-")]
        [InlineData("bytes=a-b")]
        [InlineData("bytes=+1-2")]
        [InlineData("bytes=1-2-3")]
        [InlineData("bytes=99999999999999999999-")]
        [InlineData("items=0-10")]
        [InlineData("0-10")]
        public void No_range_several_ranges_or_an_invalid_one_serve_the_whole_blob(string? header)
        {
            var resolved = ByteRangeRequest.Resolve(header, 1000);

            Assert.Equal(ByteRangeOutcome.WholeBlob, resolved.Outcome);
            Assert.Equal(0, resolved.Offset);
            Assert.Equal(1000, resolved.Count);
            Assert.Null(resolved.ContentRange);
        }

        [Theory]
        [InlineData("bytes=5-10", 5L, 10L, null)]
        [InlineData("bytes=5-", 5L, null, null)]
        [InlineData("bytes=-10", null, null, 10L)]
        public void The_parsed_range_keeps_its_form_until_the_length_is_known(string header, long? first, long? last, long? suffix)
        {
            var range = ByteRangeRequest.TryParse(header);

            Assert.NotNull(range);
            Assert.Equal(first, range!.First);
            Assert.Equal(last, range.Last);
            Assert.Equal(suffix, range.SuffixLength);
        }
    }
}
