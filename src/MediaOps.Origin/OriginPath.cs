using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace MediaOps.Origin
{
    /// <summary>
    /// The target of an origin request, <c>/&lt;locator guid&gt;/&lt;path&gt;</c>, validated so that it can only name a blob
    /// of the locator's asset container: each segment is percent-decoded exactly once, and encoded slashes or
    /// backslashes, dot segments, empty segments and control characters are refused rather than normalized.
    /// The Media Services forms are recognized after that validation, so they open nothing more:
    /// <c>/&lt;guid&gt;/&lt;name&gt;.ism/manifest(format=…)</c> asks for the locator's HLS or DASH manifest, and
    /// <c>/&lt;guid&gt;/&lt;name&gt;.ism/&lt;path&gt;</c> is the blob <c>&lt;path&gt;</c>, so that the relative URLs of a manifest
    /// loaded through the first form resolve to the asset's files.
    /// </summary>
    public sealed class OriginPath
    {
        /// <summary>Azure Storage's limit on the length of a blob name.</summary>
        public const int MaxBlobNameLength = 1024;

        /// <summary>The formats of <c>&lt;name&gt;.ism/manifest(format=…)</c> that serve the HLS master playlist.</summary>
        public static readonly IReadOnlyList<string> HlsFormats = new[] { "m3u8-aapl", "m3u8-aapl-v3", "m3u8-cmaf" };

        /// <summary>The formats of <c>&lt;name&gt;.ism/manifest(format=…)</c> that serve the DASH manifest.</summary>
        public static readonly IReadOnlyList<string> DashFormats = new[] { "mpd-time-csf", "mpd-time-cmaf" };

        private const string IsmSuffix = ".ism";
        private const string ManifestSegment = "manifest";

        /// <summary>
        /// The one option of the manifest segment that is served, matched by the framework's route templates (literals
        /// case-insensitive): anything else after <c>format=</c>, such as <c>,filter=x</c>, ends up in the value and is refused.
        /// </summary>
        private static readonly TemplateMatcher ManifestMatcher =
            new TemplateMatcher(TemplateParser.Parse(ManifestSegment + "(format={format})"), new RouteValueDictionary());

        private OriginPath(Guid locatorGuid, string blobName, string logPath, MediaServicesManifest manifest)
        {
            LocatorGuid = locatorGuid;
            BlobName = blobName;
            LogPath = logPath;
            Manifest = manifest;
        }

        /// <summary>The text of the 404 answer to a Media Services manifest form that is not served.</summary>
        public static string UnsupportedManifestText =>
            "This origin serves <name>.ism/manifest(format=F) for the HLS formats " + string.Join(", ", HlsFormats) +
            " and the DASH formats " + string.Join(", ", DashFormats) +
            ", without other options; not Smooth Streaming (manifest without a format).";

        /// <summary>
        /// <see cref="MediaServicesManifest.None"/> for a file; otherwise the manifest that a <c>&lt;name&gt;.ism/manifest…</c>
        /// form asks for, whose <see cref="BlobName"/> is then the decoded manifest segment (the origin serves the locator's
        /// manifest file instead).
        /// </summary>
        public MediaServicesManifest Manifest { get; }

        public Guid LocatorGuid { get; }

        /// <summary>The decoded blob name inside the asset container, segments joined with <c>/</c>.</summary>
        public string BlobName { get; }

        /// <summary>The request path as received, without its query string.</summary>
        public string LogPath { get; }

        /// <summary>
        /// Parses a raw request target (path and optional query, still percent-encoded). Returns null and a reason when
        /// the target is not a locator guid followed by a safe blob name.
        /// </summary>
        public static OriginPath? TryParse(string? rawTarget, out string? problem) => TryParse(rawTarget, out problem, out _);

        /// <inheritdoc cref="TryParse(string?, out string?)"/>
        /// <param name="namesNoLocator">True when the path does not even start with a locator guid (a 404 rather than a 400).</param>
        public static OriginPath? TryParse(string? rawTarget, out string? problem, out bool namesNoLocator)
        {
            namesNoLocator = true;
            var path = WithoutQuery(rawTarget ?? "");
            if (!path.StartsWith("/", StringComparison.Ordinal))
            {
                problem = "The request target is not an absolute path.";
                return null;
            }

            var rawSegments = path.Substring(1).Split('/');
            if (!IsCanonicalGuid(rawSegments[0], out var locatorGuid))
            {
                problem = "The first segment of the path is not a locator guid.";
                return null;
            }
            namesNoLocator = false;
            if (rawSegments.Length < 2)
            {
                problem = "The path has no file after the locator id; use /<locator guid>/<file>.";
                return null;
            }

            var decoded = new List<string>(rawSegments.Length - 1);
            for (var i = 1; i < rawSegments.Length; i++)
            {
                var segment = DecodeSegment(rawSegments[i], out problem);
                if (segment is null) return null;
                decoded.Add(segment);
            }

            var manifest = MediaServicesManifest.None;
            if (decoded.Count >= 2 && decoded[0].Length > IsmSuffix.Length && decoded[0].EndsWith(IsmSuffix, StringComparison.OrdinalIgnoreCase))
            {
                decoded.RemoveAt(0);
                if (decoded.Count == 1) manifest = ManifestFor(decoded[0]);
            }

            var blobName = string.Join("/", decoded);
            if (blobName.Length > MaxBlobNameLength)
            {
                problem = $"The file name is longer than {MaxBlobNameLength} characters.";
                return null;
            }
            problem = null;
            return new OriginPath(locatorGuid, blobName, path, manifest);
        }

        /// <summary>What the segment after <c>&lt;name&gt;.ism</c> asks for: a file unless it is <c>manifest</c> or <c>manifest(…)</c>.</summary>
        private static MediaServicesManifest ManifestFor(string segment)
        {
            if (!segment.StartsWith(ManifestSegment, StringComparison.OrdinalIgnoreCase)) return MediaServicesManifest.None;
            if (segment.Length > ManifestSegment.Length && segment[ManifestSegment.Length] != '(') return MediaServicesManifest.None;
            var values = new RouteValueDictionary();
            if (!ManifestMatcher.TryMatch(new PathString("/" + segment), values) || values["format"] is not string format)
            {
                return MediaServicesManifest.Unsupported;
            }
            if (Contains(HlsFormats, format)) return MediaServicesManifest.Hls;
            if (Contains(DashFormats, format)) return MediaServicesManifest.Dash;
            return MediaServicesManifest.Unsupported;
        }

        private static bool Contains(IReadOnlyList<string> formats, string format)
        {
            foreach (var candidate in formats)
            {
                if (candidate.Equals(format, StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }

        /// <summary>The path part of a raw request target, for logs: never the query string, which may carry secrets.</summary>
        public static string WithoutQuery(string rawTarget)
        {
            var end = rawTarget.IndexOfAny(new[] { '?', '#' });
            return end < 0 ? rawTarget : rawTarget.Substring(0, end);
        }

        private static bool IsCanonicalGuid(string text, out Guid guid)
        {
            // Only the 36-character form, so that one locator has one URL (a CDN caches by URL).
            guid = Guid.Empty;
            return text.Length == 36 && Guid.TryParseExact(text, "D", out guid);
        }

        private static string? DecodeSegment(string raw, out string? problem)
        {
            if (raw.Length == 0)
            {
                problem = "The path has an empty segment ('//' or a trailing '/').";
                return null;
            }

            var bytes = new List<byte>(raw.Length);
            for (var i = 0; i < raw.Length; i++)
            {
                var c = raw[i];
                if (c == '%')
                {
                    if (i + 2 >= raw.Length || !IsHex(raw[i + 1]) || !IsHex(raw[i + 2]))
                    {
                        problem = "The path has a malformed percent-encoding.";
                        return null;
                    }
                    var value = (byte)((HexValue(raw[i + 1]) << 4) | HexValue(raw[i + 2]));
                    if (value == (byte)'/' || value == (byte)'\\')
                    {
                        problem = "The path has an encoded slash or backslash.";
                        return null;
                    }
                    bytes.Add(value);
                    i += 2;
                }
                else if (c > 0x7e)
                {
                    problem = "The path has characters that are not percent-encoded.";
                    return null;
                }
                else
                {
                    bytes.Add((byte)c);
                }
            }

            string text;
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
            }
            catch (DecoderFallbackException)
            {
                problem = "The path is not valid UTF-8 once decoded.";
                return null;
            }

            if (text == "." || text == "..")
            {
                problem = "The path has a '.' or '..' segment.";
                return null;
            }
            foreach (var ch in text)
            {
                if (ch == '\\')
                {
                    problem = "The path has a backslash.";
                    return null;
                }
                if (char.IsControl(ch))
                {
                    problem = "The path has a control character.";
                    return null;
                }
            }
            problem = null;
            return text;
        }

        private static bool IsHex(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

        private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }

    /// <summary>The manifest asked for by a Media Services URL form <c>&lt;name&gt;.ism/manifest(format=…)</c>.</summary>
    public enum MediaServicesManifest
    {
        /// <summary>Not a manifest form: a file of the asset.</summary>
        None,

        /// <summary>An HLS format: the locator's HLS master playlist.</summary>
        Hls,

        /// <summary>A DASH format: the locator's DASH manifest.</summary>
        Dash,

        /// <summary>Smooth Streaming, an unknown format or an option that is not implemented: 404 naming the formats.</summary>
        Unsupported,
    }
}
