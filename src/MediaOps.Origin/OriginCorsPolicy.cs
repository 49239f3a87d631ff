using System;
using System.Collections.Generic;
using System.Linq;
using MediaOps.Core;

namespace MediaOps.Origin
{
    /// <summary>
    /// CORS for browser players (hls.js, dash.js): any origin by default, or only the listed ones. A restricted policy
    /// echoes the request's Origin when it is allowed, and says <c>Vary: Origin</c> so that caches keep one answer per origin.
    /// </summary>
    public sealed class OriginCorsPolicy
    {
        public const string AllowedMethods = "GET, HEAD, OPTIONS";
        public const string AllowedHeaders = "Range, If-None-Match, If-Range, If-Modified-Since, Origin, Accept, Accept-Encoding";
        public const string ExposedHeaders = "Content-Length, Content-Range, ETag, Accept-Ranges, Content-Type, Cache-Control, Expires";
        public static readonly TimeSpan PreflightMaxAge = TimeSpan.FromDays(1);

        private readonly HashSet<string>? _allowedOrigins;

        /// <param name="allowedOrigins">Origins such as <c>https://player.example.net</c>; null, empty or <c>*</c> allows any.</param>
        public OriginCorsPolicy(IEnumerable<string>? allowedOrigins = null)
        {
            var origins = (allowedOrigins ?? Enumerable.Empty<string>())
                .Select(o => o.Trim().TrimEnd('/'))
                .Where(o => o.Length > 0)
                .ToList();
            if (origins.Count == 0 || origins.Contains("*")) return;
            foreach (var origin in origins)
            {
                if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https") ||
                    uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
                {
                    throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                        $"'{origin}' is not a CORS origin. Give scheme, host and optional port only, for example 'https://player.example.net', or '*' for any origin.",
                        origin);
                }
            }
            _allowedOrigins = new HashSet<string>(origins, StringComparer.OrdinalIgnoreCase);
        }

        public bool AllowsAnyOrigin => _allowedOrigins is null;

        /// <summary>The headers every response carries for a request with the given Origin header.</summary>
        public IEnumerable<KeyValuePair<string, string>> ResponseHeaders(string? requestOrigin)
        {
            if (AllowsAnyOrigin)
            {
                yield return Header("Access-Control-Allow-Origin", "*");
                yield return Header("Access-Control-Expose-Headers", ExposedHeaders);
                yield break;
            }
            yield return Header("Vary", "Origin");
            if (requestOrigin != null && _allowedOrigins!.Contains(requestOrigin.Trim()))
            {
                yield return Header("Access-Control-Allow-Origin", requestOrigin.Trim());
                yield return Header("Access-Control-Expose-Headers", ExposedHeaders);
            }
        }

        /// <summary>The headers of the 204 answer to a preflight OPTIONS request.</summary>
        public IEnumerable<KeyValuePair<string, string>> PreflightHeaders(string? requestOrigin)
        {
            var allowed = false;
            foreach (var header in ResponseHeaders(requestOrigin))
            {
                if (header.Key == "Access-Control-Allow-Origin") allowed = true;
                if (header.Key != "Access-Control-Expose-Headers") yield return header;
            }
            yield return Header("Allow", AllowedMethods);
            if (!allowed) yield break;
            yield return Header("Access-Control-Allow-Methods", AllowedMethods);
            yield return Header("Access-Control-Allow-Headers", AllowedHeaders);
            yield return Header("Access-Control-Max-Age", ((long)PreflightMaxAge.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        private static KeyValuePair<string, string> Header(string name, string value) => new KeyValuePair<string, string>(name, value);
    }
}
