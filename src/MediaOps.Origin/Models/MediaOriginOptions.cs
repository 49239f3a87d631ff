using System;
using System.Collections.Generic;

namespace MediaOps.Origin.Models
{
    /// <summary>Options of a <see cref="MediaOrigin"/>.</summary>
    public sealed class MediaOriginOptions
    {
        /// <summary>How long a locator read from storage is reused. Its validity window is still checked on every request.</summary>
        public TimeSpan LocatorCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>How long "no such locator" is remembered: shorter, so that a locator just created is served soon.</summary>
        public TimeSpan MissingLocatorCacheDuration { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>max-age of HLS and DASH manifests.</summary>
        public TimeSpan ManifestMaxAge { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>Time the storage probe of <c>/healthz</c> may take before the origin reports itself unhealthy.</summary>
        public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>How long a health result is reused, so that frequent probes do not each reach storage.</summary>
        public TimeSpan HealthCacheDuration { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Origins allowed by CORS, such as <c>https://player.example.net</c>; empty (the default) or <c>*</c> allows any.</summary>
        public IList<string> CorsOrigins { get; } = new List<string>();

        /// <summary>Why <paramref name="origin"/> is not a CORS origin (scheme, host and optional port), or null when it is one.</summary>
        public static string? CorsOriginProblem(string origin)
        {
            var trimmed = origin.Trim().TrimEnd('/');
            if (trimmed == "*") return null;
            return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && (uri.Scheme == "http" || uri.Scheme == "https") &&
                   uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query)
                ? null
                : $"'{origin}' is not a CORS origin. Give scheme, host and optional port only, for example 'https://player.example.net', or '*' for any origin.";
        }
    }
}
