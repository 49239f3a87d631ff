using System;
using System.Globalization;
using System.IO;

namespace MediaOps.Origin
{
    /// <summary>
    /// Cache headers of origin responses. Manifests get a short max-age; media files are immutable (a new encoding is
    /// a new asset) and cacheable for a year, but never beyond the locator's expiry. A max-age counted down from the
    /// expiry would differ between two origins answering a second apart, so when the expiry is within the year the
    /// lifetime is given as <c>Expires: &lt;locator expiry&gt;</c> instead, which is identical in both.
    /// </summary>
    public sealed class OriginCachePolicy
    {
        public static readonly TimeSpan MediaMaxAge = TimeSpan.FromDays(365);

        private readonly TimeSpan _manifestMaxAge;

        public OriginCachePolicy(TimeSpan manifestMaxAge)
        {
            if (manifestMaxAge < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(manifestMaxAge));
            _manifestMaxAge = manifestMaxAge;
        }

        public static bool IsManifest(string fileName)
        {
            var extension = Path.GetExtension(fileName);
            return extension.Equals(".m3u8", StringComparison.OrdinalIgnoreCase) || extension.Equals(".mpd", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The Cache-Control value, and the Expires value when the locator's expiry bounds the lifetime.</summary>
        public (string CacheControl, string? Expires) For(string fileName, DateTimeOffset locatorExpiry, DateTimeOffset now)
        {
            var remaining = locatorExpiry - now;
            if (IsManifest(fileName))
            {
                return remaining >= _manifestMaxAge
                    ? ("public, max-age=" + Seconds(_manifestMaxAge), null)
                    : ("no-cache", null);
            }
            return remaining >= MediaMaxAge
                ? ("public, max-age=" + Seconds(MediaMaxAge) + ", immutable", null)
                : ("public, immutable", HttpDate(locatorExpiry));
        }

        /// <summary>An IMF-fixdate, rounded down to the second so that the response is never fresh past the time given.</summary>
        public static string HttpDate(DateTimeOffset time) => time.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);

        private static string Seconds(TimeSpan span) => ((long)span.TotalSeconds).ToString(CultureInfo.InvariantCulture);
    }
}
