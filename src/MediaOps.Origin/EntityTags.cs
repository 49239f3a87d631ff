using System;
using System.Text;

namespace MediaOps.Origin
{
    /// <summary>
    /// Strong ETags that are the same in every account holding the same bytes: derived from the blob's Content-MD5,
    /// which a copy keeps, rather than from the storage ETag, which differs per account and per write.
    /// </summary>
    public static class EntityTags
    {
        /// <summary><c>"md5-&lt;hex&gt;"</c> from the Content-MD5, else the storage ETag as a quoted strong tag.</summary>
        public static string ForBlob(byte[]? contentMd5, string storageETag)
        {
            if (contentMd5 is { Length: > 0 })
            {
                var hex = new StringBuilder("\"md5-", 4 + 2 * contentMd5.Length + 2);
                foreach (var b in contentMd5) hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                return hex.Append('"').ToString();
            }
            var bare = storageETag.Trim();
            if (bare.StartsWith("W/", StringComparison.Ordinal)) bare = bare.Substring(2);
            return "\"" + bare.Trim('"') + "\"";
        }

        /// <summary>Whether an If-None-Match header matches <paramref name="etag"/> (weak comparison, as RFC 9110 asks for it).</summary>
        public static bool IfNoneMatchMatches(string? ifNoneMatch, string etag)
        {
            if (string.IsNullOrWhiteSpace(ifNoneMatch)) return false;
            var ours = Opaque(etag);
            foreach (var candidate in ifNoneMatch!.Split(','))
            {
                var tag = candidate.Trim();
                if (tag == "*") return true;
                if (Opaque(tag) == ours) return true;
            }
            return false;
        }

        /// <summary>Whether an If-Range header lets a range be served: it must be the current strong ETag.</summary>
        public static bool IfRangeAllowsRange(string? ifRange, string etag)
        {
            if (string.IsNullOrWhiteSpace(ifRange)) return true;
            var tag = ifRange!.Trim();
            // A date or a weak tag never validates a range of this origin, which sends no Last-Modified.
            return !tag.StartsWith("W/", StringComparison.Ordinal) && tag == etag;
        }

        private static string Opaque(string tag) => (tag.StartsWith("W/", StringComparison.Ordinal) ? tag.Substring(2) : tag).Trim();
    }
}
