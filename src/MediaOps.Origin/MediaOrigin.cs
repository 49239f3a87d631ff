using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MediaOps.Core;
using MediaOps.Core.Accounts;
using MediaOps.Core.Assets;
using MediaOps.Core.Models;
using MediaOps.Core.Storage;
using MediaOps.Origin.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Headers;
using Microsoft.Net.Http.Headers;

namespace MediaOps.Origin
{
    /// <summary>
    /// The streaming origin of one account: answers <c>GET</c>/<c>HEAD /&lt;locator guid&gt;/&lt;path&gt;</c> with the blob
    /// <c>&lt;path&gt;</c> of the locator's asset, streamed from storage. Only OnDemandOrigin locators serve, and only inside
    /// their validity window; an unknown locator, a SAS locator and a locator before its start or after its expiry are
    /// all answered 404, so that a URL says nothing about which locators exist. Responses carry no header that depends
    /// on the account (no Last-Modified, an ETag derived from Content-MD5), so two origins over two accounts holding the
    /// same bytes answer identically, which is what a CDN failing over between them needs.
    /// </summary>
    public sealed class MediaOrigin
    {
        public const string HealthPath = "/healthz";
        public const string AllowedMethods = "GET, HEAD, OPTIONS";

        private const int CopyBufferSize = 81920;

        private readonly MediaAccountContext _context;
        private readonly OriginCachePolicy _cachePolicy;
        private readonly LocatorCache _locators;
        private readonly RecordStore _records;
        private readonly TimeProvider _time;

        public MediaOrigin(MediaAccountContext context, MediaOriginOptions options, TimeProvider time)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _time = time;
            _cachePolicy = new OriginCachePolicy(options.ManifestMaxAge);
            _records = new RecordStore(context);
            _locators = new LocatorCache(LoadLocatorAsync, options.LocatorCacheDuration, options.MissingLocatorCacheDuration, time.GetUtcNow);
        }

        public MediaAccountContext Context => _context;

        /// <summary>The request target as received (path and query, still percent-encoded), so that it is decoded exactly once.</summary>
        public static string RawTarget(HttpContext http) =>
            http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "/";

        public async Task ServeAsync(HttpContext http)
        {
            var info = http.Features.Get<OriginRequestInfo>() ?? new OriginRequestInfo();
            var method = http.Request.Method;
            if (HttpMethods.IsOptions(method))
            {
                http.Response.StatusCode = StatusCodes.Status204NoContent;
                http.Response.Headers.Allow = AllowedMethods;
                return;
            }
            if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
            {
                http.Response.Headers.Allow = AllowedMethods;
                await ErrorAsync(http, info, StatusCodes.Status405MethodNotAllowed, "Only GET, HEAD and OPTIONS are served.", "MethodNotAllowed");
                return;
            }

            var path = OriginPath.TryParse(RawTarget(http), out var problem, out var namesNoLocator);
            if (path is null)
            {
                await (namesNoLocator
                    ? ErrorAsync(http, info, StatusCodes.Status404NotFound, "Not found.", problem)
                    : ErrorAsync(http, info, StatusCodes.Status400BadRequest, "The path is not /<locator guid>/<file> with a safe file name.", problem));
                return;
            }
            info.LocatorId = MediaIds.Format(MediaIds.LocatorPrefix, path.LocatorGuid);
            if (path.Manifest == MediaServicesManifest.Unsupported)
            {
                await ErrorAsync(http, info, StatusCodes.Status404NotFound, OriginPath.UnsupportedManifestText, "UnsupportedManifestFormat");
                return;
            }
            var aborted = http.RequestAborted;

            try
            {
                var locator = await _locators.GetAsync(path.LocatorGuid, aborted);
                var now = _time.GetUtcNow();
                var refusal = Refusal(locator, path.LocatorGuid, now);
                if (refusal != null)
                {
                    await ErrorAsync(http, info, StatusCodes.Status404NotFound, "Not found.", refusal);
                    return;
                }

                var blobName = path.Manifest == MediaServicesManifest.None ? path.BlobName : ManifestFile(locator!, path.Manifest);
                if (blobName is null)
                {
                    await ErrorAsync(http, info, StatusCodes.Status404NotFound, $"The asset has no {path.Manifest.ToString().ToUpperInvariant()} manifest.", "NoSuchManifest");
                    return;
                }
                var blob = _context.GetContainer(MediaIds.AssetContainerName(locator!.AssetId)).GetBlobClient(blobName);
                var (cacheControl, expires) = _cachePolicy.For(blobName, locator.ExpirationTime, now);
                var representation = new Representation(ContentTypes.ForFile(blobName), cacheControl, expires);
                try
                {
                    await ServeBlobAsync(http, info, blob, representation);
                }
                catch (RequestFailedException ex) when (ex.Status == 412 && !http.Response.HasStarted)
                {
                    // The blob was replaced between reading its properties and its bytes (a recopy): once more, on the new version.
                    await ServeBlobAsync(http, info, blob, representation);
                }
            }
            catch (RequestFailedException ex) when (ex.Status == 404 && !http.Response.HasStarted && !aborted.IsCancellationRequested)
            {
                await ErrorAsync(http, info, StatusCodes.Status404NotFound, "Not found.", ex.ErrorCode ?? "BlobNotFound");
            }
            catch (MediaOpsException ex) when (ex.Kind == MediaErrorKind.StorageUnreachable && !http.Response.HasStarted && !aborted.IsCancellationRequested)
            {
                await ErrorAsync(http, info, StatusCodes.Status503ServiceUnavailable, "The origin's storage is unreachable.", ex.Message);
            }
            catch (MediaOpsException ex) when (!http.Response.HasStarted && !aborted.IsCancellationRequested)
            {
                await ErrorAsync(http, info, StatusCodes.Status502BadGateway, "The origin's storage could not serve the request.", ex.Message);
            }
            catch (RequestFailedException ex) when (!http.Response.HasStarted && !aborted.IsCancellationRequested)
            {
                // The SDK's message can hold request URLs; the status and error code say enough.
                await ErrorAsync(http, info, StatusCodes.Status502BadGateway, "The origin's storage could not serve the request.",
                    $"Storage answered {ex.Status} ({ex.ErrorCode ?? "no error code"}).");
            }
        }

        private async Task ServeBlobAsync(HttpContext http, OriginRequestInfo info, BlobClient blob, Representation representation)
        {
            var aborted = http.RequestAborted;
            var request = http.Request.GetTypedHeaders();
            var isHead = HttpMethods.IsHead(http.Request.Method);
            var range = SingleByteRange(request.Range);
            var ifNoneMatch = request.IfNoneMatch;
            var ifRange = request.IfRange;
            var needsPropertiesFirst = isHead || ifNoneMatch.Count > 0 || ifRange != null || (range != null && range.From is null);
            if (!needsPropertiesFirst && await TryDownloadAsync(http, info, blob, range, representation)) return;

            var properties = (await StorageErrors.RunAsync(_context, $"read the properties of '{blob.Name}'",
                () => blob.GetPropertiesAsync(cancellationToken: aborted)).ConfigureAwait(false)).Value;
            var etag = ETagFor(properties.ContentHash, properties.ETag.ToString());
            if (IfNoneMatchMatches(ifNoneMatch, etag))
            {
                http.Response.StatusCode = StatusCodes.Status304NotModified;
                SetRepresentationHeaders(http.Response, representation, etag);
                return;
            }
            if (!IfRangeAllowsRange(ifRange, etag)) range = null;

            var length = properties.ContentLength;
            var part = range is null ? new Part(0, length, IsRange: false) : Resolve(range, length);
            if (part is null)
            {
                await RangeNotSatisfiableAsync(http, info, length);
                return;
            }

            SetSuccessHeaders(http.Response, part.Value, length, representation, etag);
            if (isHead || part.Value.Count == 0) return;

            var download = await StorageErrors.RunAsync(_context, $"read '{blob.Name}'",
                () => blob.DownloadStreamingAsync(new BlobDownloadOptions
                {
                    Range = part.Value.IsRange ? new HttpRange(part.Value.Offset, part.Value.Count) : default,
                    Conditions = new BlobRequestConditions { IfMatch = properties.ETag },
                }, aborted)).ConfigureAwait(false);
            using var body = download.Value.Content;
            await CopyAsync(body, http, info);
        }

        /// <summary>
        /// A GET answered with a single storage request: the download's own headers give length, range and hash. False when
        /// storage did not answer the range exactly as resolved here (Azurite ignores a range past the end, for one), and the
        /// caller is to read the properties first.
        /// </summary>
        private async Task<bool> TryDownloadAsync(
            HttpContext http, OriginRequestInfo info, BlobClient blob, RangeItemHeaderValue? range, Representation representation)
        {
            var aborted = http.RequestAborted;
            Response<BlobDownloadStreamingResult> download;
            try
            {
                download = await StorageErrors.RunAsync(_context, $"read '{blob.Name}'",
                    () => blob.DownloadStreamingAsync(new BlobDownloadOptions
                    {
                        Range = range is null ? default : new HttpRange(range.From!.Value, range.To is long to ? to - range.From.Value + 1 : (long?)null),
                    }, aborted)).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 416)
            {
                var properties = (await StorageErrors.RunAsync(_context, $"read the properties of '{blob.Name}'",
                    () => blob.GetPropertiesAsync(cancellationToken: aborted)).ConfigureAwait(false)).Value;
                await RangeNotSatisfiableAsync(http, info, properties.ContentLength);
                return true;
            }

            using var result = download.Value;
            var details = result.Details;
            var partLength = details.ContentLength;
            Part part;
            long totalLength;
            if (range is null)
            {
                part = new Part(0, partLength, IsRange: false);
                totalLength = partLength;
            }
            else
            {
                var contentRange = ContentRangeHeaderValue.TryParse(details.ContentRange, out var parsed) ? parsed : null;
                if (contentRange?.Length is not long total || Resolve(range, total) is not Part resolved || resolved.Count != partLength) return false;
                part = resolved;
                totalLength = total;
            }
            var hash = range is null ? details.ContentHash ?? details.BlobContentHash : details.BlobContentHash;
            SetSuccessHeaders(http.Response, part, totalLength, representation, ETagFor(hash, details.ETag.ToString()));
            await CopyAsync(result.Content, http, info);
            return true;
        }

        /// <summary>The one byte range of a Range header; null for none, for another unit and for several ranges, which get the whole blob.</summary>
        private static RangeItemHeaderValue? SingleByteRange(RangeHeaderValue? header) =>
            header != null && header.Ranges.Count == 1 && string.Equals(header.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase)
                ? First(header.Ranges)
                : null;

        private static RangeItemHeaderValue First(ICollection<RangeItemHeaderValue> ranges)
        {
            using var e = ranges.GetEnumerator();
            e.MoveNext();
            return e.Current;
        }

        /// <summary>The bytes of <paramref name="range"/> in a blob of <paramref name="length"/> bytes; null when none of them exists (416).</summary>
        private static Part? Resolve(RangeItemHeaderValue range, long length)
        {
            if (range.From is not long first)
            {
                var suffix = range.To!.Value;
                if (suffix == 0 || length == 0) return null;
                var count = Math.Min(suffix, length);
                return new Part(length - count, count, IsRange: true);
            }
            if (first >= length) return null;
            var last = range.To is long to ? Math.Min(to, length - 1) : length - 1;
            return new Part(first, last - first + 1, IsRange: true);
        }

        /// <summary>
        /// A strong ETag that is the same in every account holding the same bytes: <c>"md5-&lt;hex&gt;"</c> from the blob's
        /// Content-MD5, which a copy keeps, rather than the storage ETag, which differs per account and per write.
        /// </summary>
        private static EntityTagHeaderValue ETagFor(byte[]? contentMd5, string storageETag)
        {
            if (contentMd5 is { Length: > 0 })
            {
                return new EntityTagHeaderValue("\"md5-" + Convert.ToHexString(contentMd5).ToLowerInvariant() + "\"");
            }
            var bare = storageETag.Trim();
            if (bare.StartsWith("W/", StringComparison.Ordinal)) bare = bare.Substring(2);
            return new EntityTagHeaderValue("\"" + bare.Trim('"') + "\"");
        }

        /// <summary>If-None-Match uses the weak comparison (RFC 9110).</summary>
        private static bool IfNoneMatchMatches(IList<EntityTagHeaderValue> ifNoneMatch, EntityTagHeaderValue etag)
        {
            foreach (var candidate in ifNoneMatch)
            {
                if (candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(etag, useStrongComparison: false)) return true;
            }
            return false;
        }

        /// <summary>A range is served only for the current strong ETag: a date never validates, as this origin sends no Last-Modified.</summary>
        private static bool IfRangeAllowsRange(RangeConditionHeaderValue? ifRange, EntityTagHeaderValue etag) =>
            ifRange is null || (ifRange.EntityTag is { IsWeak: false } tag && tag.Compare(etag, useStrongComparison: true));

        private static void SetSuccessHeaders(HttpResponse response, Part part, long totalLength, Representation representation, EntityTagHeaderValue etag)
        {
            response.StatusCode = part.IsRange ? StatusCodes.Status206PartialContent : StatusCodes.Status200OK;
            var headers = response.Headers;
            headers.ContentType = representation.ContentType;
            headers.AcceptRanges = "bytes";
            if (part.IsRange) headers.ContentRange = new ContentRangeHeaderValue(part.Offset, part.Offset + part.Count - 1, totalLength).ToString();
            response.ContentLength = part.Count;
            SetRepresentationHeaders(response, representation, etag);
        }

        private static void SetRepresentationHeaders(HttpResponse response, Representation representation, EntityTagHeaderValue etag)
        {
            var headers = response.Headers;
            headers.ETag = etag.ToString();
            headers.CacheControl = representation.CacheControl;
            if (representation.Expires != null) headers.Expires = representation.Expires;
        }

        private static Task RangeNotSatisfiableAsync(HttpContext http, OriginRequestInfo info, long totalLength)
        {
            http.Response.Headers.ContentRange = new ContentRangeHeaderValue(totalLength).ToString();
            http.Response.Headers.AcceptRanges = "bytes";
            return ErrorAsync(http, info, StatusCodes.Status416RangeNotSatisfiable, "The requested range is outside the file.", "RangeNotSatisfiable");
        }

        internal static async Task ErrorAsync(HttpContext http, OriginRequestInfo info, int status, string text, string? reason)
        {
            info.Reason = reason;
            var response = http.Response;
            response.StatusCode = status;
            response.Headers.ContentType = "text/plain; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            var body = Encoding.UTF8.GetBytes(text + "\n");
            response.ContentLength = body.Length;
            if (HttpMethods.IsHead(http.Request.Method)) return;
            await response.Body.WriteAsync(body, http.RequestAborted);
            info.BytesSent = body.Length;
        }

        private static async Task CopyAsync(System.IO.Stream body, HttpContext http, OriginRequestInfo info)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
            try
            {
                int read;
                while ((read = await body.ReadAsync(buffer.AsMemory(0, CopyBufferSize), http.RequestAborted)) > 0)
                {
                    await http.Response.Body.WriteAsync(buffer.AsMemory(0, read), http.RequestAborted);
                    info.BytesSent += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>The locator's HLS master playlist or DASH manifest, as recorded when it was created; null when it has none.</summary>
        private static string? ManifestFile(MediaLocator locator, MediaServicesManifest manifest)
        {
            var extension = manifest == MediaServicesManifest.Hls ? ".m3u8" : ".mpd";
            foreach (var file in locator.ManifestFiles)
            {
                if (file.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) return file;
            }
            return null;
        }

        private static string? Refusal(MediaLocator? locator, Guid requested, DateTimeOffset now)
        {
            if (locator is null) return "UnknownLocator";
            if (locator.Type != MediaLocatorType.OnDemandOrigin) return "NotAnOriginLocator";
            if (!MediaIds.LocatorPrefix.Equals(SafePrefix(locator.Id), StringComparison.OrdinalIgnoreCase) || SafeGuid(locator.Id) != requested)
            {
                return "LocatorRecordIdMismatch";
            }
            if (!Guid.TryParse(SafeGuidText(locator.AssetId, MediaIds.AssetPrefix), out _)) return "LocatorAssetIdInvalid";
            if (now < locator.StartTime) return "LocatorNotYetValid";
            if (now >= locator.ExpirationTime) return "LocatorExpired";
            return null;
        }

        private static string SafePrefix(string id) => id.Length >= MediaIds.LocatorPrefix.Length ? id.Substring(0, MediaIds.LocatorPrefix.Length) : id;

        private static Guid SafeGuid(string id) => Guid.TryParse(SafeGuidText(id, MediaIds.LocatorPrefix), out var guid) ? guid : Guid.Empty;

        private static string SafeGuidText(string id, string prefix) =>
            id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? id.Substring(prefix.Length) : id;

        private async Task<MediaLocator?> LoadLocatorAsync(Guid locatorGuid, CancellationToken cancellationToken)
        {
            var record = await _records.TryGetAsync<MediaLocator>(StorageNames.LocatorRecord(locatorGuid), cancellationToken).ConfigureAwait(false);
            return record?.Value;
        }

        private readonly record struct Part(long Offset, long Count, bool IsRange);

        private sealed record Representation(string ContentType, string CacheControl, string? Expires);
    }
}
