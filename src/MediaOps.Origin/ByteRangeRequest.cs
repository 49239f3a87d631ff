using System;
using System.Globalization;

namespace MediaOps.Origin
{
    /// <summary>How a request's Range header applies to a blob of a given length.</summary>
    public enum ByteRangeOutcome
    {
        /// <summary>No usable single range: answer 200 with the whole blob (RFC 9110 lets a server ignore Range).</summary>
        WholeBlob,

        /// <summary>Answer 206 with <see cref="ResolvedByteRange.Offset"/> and <see cref="ResolvedByteRange.Count"/>.</summary>
        Partial,

        /// <summary>Answer 416 with <c>Content-Range: bytes */length</c>.</summary>
        Unsatisfiable,
    }

    /// <summary>A Range header resolved against the blob's length.</summary>
    public readonly struct ResolvedByteRange
    {
        public ResolvedByteRange(ByteRangeOutcome outcome, long offset, long count, long totalLength)
        {
            Outcome = outcome;
            Offset = offset;
            Count = count;
            TotalLength = totalLength;
        }

        public ByteRangeOutcome Outcome { get; }

        public long Offset { get; }

        public long Count { get; }

        public long TotalLength { get; }

        /// <summary>The Content-Range header value for a 206 or a 416; null for a whole-blob answer.</summary>
        public string? ContentRange => Outcome switch
        {
            ByteRangeOutcome.Partial => string.Format(CultureInfo.InvariantCulture, "bytes {0}-{1}/{2}", Offset, Offset + Count - 1, TotalLength),
            ByteRangeOutcome.Unsatisfiable => string.Format(CultureInfo.InvariantCulture, "bytes */{0}", TotalLength),
            _ => null,
        };
    }

    /// <summary>
    /// One byte range of a Range header: <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c>. A header with several
    /// ranges, another unit or a syntax error is not a <see cref="ByteRangeRequest"/>, and the whole blob is served:
    /// players ask for one range at a time, and a 200 is always a correct answer to a Range request.
    /// </summary>
    public sealed class ByteRangeRequest
    {
        private ByteRangeRequest(long? first, long? last, long? suffixLength)
        {
            First = first;
            Last = last;
            SuffixLength = suffixLength;
        }

        /// <summary>The first byte of <c>a-b</c> or <c>a-</c>; null for a suffix range.</summary>
        public long? First { get; }

        /// <summary>The last byte of <c>a-b</c>; null for <c>a-</c> and for a suffix range.</summary>
        public long? Last { get; }

        /// <summary>The n of <c>-n</c>; null otherwise.</summary>
        public long? SuffixLength { get; }

        /// <summary>The single byte range of <paramref name="header"/>, or null when the whole blob is to be served.</summary>
        public static ByteRangeRequest? TryParse(string? header)
        {
            if (string.IsNullOrWhiteSpace(header)) return null;
            var text = header!.Trim();
            const string unit = "bytes=";
            if (!text.StartsWith(unit, StringComparison.OrdinalIgnoreCase)) return null;
            var spec = text.Substring(unit.Length).Trim();
            if (spec.IndexOf(',') >= 0) return null;

            var dash = spec.IndexOf('-');
            if (dash < 0) return null;
            var firstText = spec.Substring(0, dash).Trim();
            var lastText = spec.Substring(dash + 1).Trim();

            if (firstText.Length == 0)
            {
                return TryParseNumber(lastText, out var suffix) ? new ByteRangeRequest(null, null, suffix) : null;
            }
            if (!TryParseNumber(firstText, out var first)) return null;
            if (lastText.Length == 0) return new ByteRangeRequest(first, null, null);
            if (!TryParseNumber(lastText, out var last) || last < first) return null;
            return new ByteRangeRequest(first, last, null);
        }

        /// <summary>Resolves the range of the Range header <paramref name="header"/> against a blob of <paramref name="length"/> bytes.</summary>
        public static ResolvedByteRange Resolve(string? header, long length) =>
            TryParse(header)?.Resolve(length) ?? new ResolvedByteRange(ByteRangeOutcome.WholeBlob, 0, length, length);

        public ResolvedByteRange Resolve(long length)
        {
            if (length < 0) throw new ArgumentOutOfRangeException(nameof(length));
            if (SuffixLength is long suffix)
            {
                if (suffix == 0 || length == 0) return Unsatisfiable(length);
                var count = Math.Min(suffix, length);
                return new ResolvedByteRange(ByteRangeOutcome.Partial, length - count, count, length);
            }

            var first = First!.Value;
            if (first >= length) return Unsatisfiable(length);
            var last = Last is long l ? Math.Min(l, length - 1) : length - 1;
            return new ResolvedByteRange(ByteRangeOutcome.Partial, first, last - first + 1, length);
        }

        /// <summary>The header form, <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c>.</summary>
        public override string ToString() =>
            SuffixLength is long suffix
                ? string.Format(CultureInfo.InvariantCulture, "bytes=-{0}", suffix)
                : string.Format(CultureInfo.InvariantCulture, "bytes={0}-{1}", First, Last);

        private static ResolvedByteRange Unsatisfiable(long length) => new ResolvedByteRange(ByteRangeOutcome.Unsatisfiable, 0, 0, length);

        private static bool TryParseNumber(string text, out long value)
        {
            value = 0;
            if (text.Length == 0 || text.Length > 18) return false;
            foreach (var c in text)
            {
                if (c < '0' || c > '9') return false;
            }
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }
    }
}
