using System;
using System.Globalization;
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

        private readonly MediaAccountContext _context;
        private readonly MediaOriginOptions _options;
        private readonly OriginCachePolicy _cachePolicy;
        private readonly OriginCorsPolicy _cors;
        private readonly LocatorCache _locators;
        private readonly RecordStore _records;
        private readonly Func<DateTimeOffset> _clock;
        private OriginHealth? _lastHealth;

        public MediaOrigin(MediaAccountContext context, MediaOriginOptions? options = null)
            : this(context, options, () => DateTimeOffset.UtcNow)
        {
        }

        internal MediaOrigin(MediaAccountContext context, MediaOriginOptions? options, Func<DateTimeOffset> clock)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _options = options ?? new MediaOriginOptions();
            _clock = clock;
            _cachePolicy = new OriginCachePolicy(_options.ManifestMaxAge);
            _cors = new OriginCorsPolicy(_options.CorsOrigins);
            _records = new RecordStore(context);
            _locators = new LocatorCache(LoadLocatorAsync, _options.LocatorCacheDuration, _options.MissingLocatorCacheDuration, clock);
        }

        public MediaAccountContext Context => _context;

        public async Task<OriginResponse> HandleAsync(OriginRequest request, CancellationToken cancellationToken = default)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            var method = request.Method.ToUpperInvariant();
            var isHealth = OriginPath.WithoutQuery(request.RawTarget) == HealthPath;

            if (method == "OPTIONS")
            {
                return new OriginResponse(204).With(_cors.PreflightHeaders(request.Origin));
            }
            if (method != "GET" && method != "HEAD")
            {
                return Error(405, "Only GET, HEAD and OPTIONS are served.", request, "MethodNotAllowed")
                    .With("Allow", OriginCorsPolicy.AllowedMethods);
            }
            if (isHealth)
            {
                var health = await CheckHealthAsync(cancellationToken).ConfigureAwait(false);
                return new OriginResponse(health.IsHealthy ? 200 : 503)
                {
                    Text = health.IsHealthy ? "Healthy" : "Unhealthy",
                    Reason = health.Problem,
                }.With("Content-Type", "text/plain; charset=utf-8").With("Cache-Control", "no-store").With(_cors.ResponseHeaders(request.Origin));
            }

            var path = OriginPath.TryParse(request.RawTarget, out var problem, out var namesNoLocator);
            if (path is null)
            {
                return namesNoLocator
                    ? Error(404, "Not found.", request, problem)
                    : Error(400, "The path is not /<locator guid>/<file> with a safe file name.", request, problem);
            }
            var locatorId = MediaIds.Format(MediaIds.LocatorPrefix, path.LocatorGuid);

            try
            {
                var locator = await _locators.GetAsync(path.LocatorGuid, cancellationToken).ConfigureAwait(false);
                var now = _clock();
                var refusal = Refusal(locator, path.LocatorGuid, now);
                if (refusal != null)
                {
                    return NotFound(request, locatorId, refusal);
                }

                var container = _context.GetContainer(MediaIds.AssetContainerName(locator!.AssetId));
                var blob = container.GetBlobClient(path.BlobName);
                var (cacheControl, expires) = _cachePolicy.For(path.BlobName, locator.ExpirationTime, now);
                var representation = new Representation(ContentTypes.ForFile(path.BlobName), cacheControl, expires);

                OriginResponse response;
                try
                {
                    response = await ServeBlobAsync(blob, request, representation, cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (ex.Status == 412)
                {
                    // The blob was replaced between reading its properties and its bytes (a recopy): once more, on the new version.
                    response = await ServeBlobAsync(blob, request, representation, cancellationToken).ConfigureAwait(false);
                }
                response.LocatorId = locatorId;
                return response;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return NotFound(request, locatorId, ex.ErrorCode ?? "BlobNotFound");
            }
            catch (MediaOpsException ex) when (ex.Kind == MediaErrorKind.StorageUnreachable)
            {
                var response = Error(503, "The origin's storage is unreachable.", request, ex.Message);
                response.LocatorId = locatorId;
                return response;
            }
            catch (MediaOpsException ex)
            {
                var response = Error(502, "The origin's storage could not serve the request.", request, ex.Message);
                response.LocatorId = locatorId;
                return response;
            }
            catch (RequestFailedException ex)
            {
                // The SDK's message can hold request URLs; the status and error code say enough.
                var response = Error(502, "The origin's storage could not serve the request.", request,
                    $"Storage answered {ex.Status} ({ex.ErrorCode ?? "no error code"}).");
                response.LocatorId = locatorId;
                return response;
            }
        }

        /// <summary>
        /// Whether the account's storage answers, probed with one cheap request under <see cref="MediaOriginOptions.HealthTimeout"/>
        /// and reused for <see cref="MediaOriginOptions.HealthCacheDuration"/>.
        /// </summary>
        public async Task<OriginHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
        {
            var last = Volatile.Read(ref _lastHealth);
            if (last != null && _clock() - last.CheckedAt < _options.HealthCacheDuration) return last;

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_options.HealthTimeout);
            OriginHealth health;
            try
            {
                await StorageErrors.RunAsync(_context, "probe the account",
                    () => _context.GetContainer(StorageNames.SystemContainer).ExistsAsync(deadline.Token)).ConfigureAwait(false);
                health = new OriginHealth(true, null, _clock());
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                health = new OriginHealth(false,
                    $"The storage endpoint {_context.BlobEndpoint.GetLeftPart(UriPartial.Path)} did not answer within {_options.HealthTimeout.TotalSeconds:0.#} seconds.",
                    _clock());
            }
            catch (MediaOpsException ex)
            {
                health = new OriginHealth(false, ex.Message, _clock());
            }
            catch (RequestFailedException ex)
            {
                health = new OriginHealth(false, $"Storage answered {ex.Status} ({ex.ErrorCode ?? "no error code"}) to the probe.", _clock());
            }
            Volatile.Write(ref _lastHealth, health);
            return health;
        }

        private async Task<OriginResponse> ServeBlobAsync(
            BlobClient blob, OriginRequest request, Representation representation, CancellationToken cancellationToken)
        {
            var isHead = string.Equals(request.Method, "HEAD", StringComparison.OrdinalIgnoreCase);
            var range = ByteRangeRequest.TryParse(request.Range);
            var needsPropertiesFirst = isHead || request.IfNoneMatch != null || request.IfRange != null || range?.SuffixLength != null;
            if (!needsPropertiesFirst)
            {
                var direct = await TryDownloadAsync(blob, request, range, representation, cancellationToken).ConfigureAwait(false);
                if (direct != null) return direct;
            }

            var properties = (await StorageErrors.RunAsync(_context, $"read the properties of '{blob.Name}'",
                () => blob.GetPropertiesAsync(cancellationToken: cancellationToken)).ConfigureAwait(false)).Value;
            var etag = EntityTags.ForBlob(properties.ContentHash, properties.ETag.ToString());
            if (EntityTags.IfNoneMatchMatches(request.IfNoneMatch, etag))
            {
                return WithRepresentationCaching(new OriginResponse(304), representation, etag, request);
            }
            if (!EntityTags.IfRangeAllowsRange(request.IfRange, etag)) range = null;

            var resolved = range?.Resolve(properties.ContentLength)
                ?? new ResolvedByteRange(ByteRangeOutcome.WholeBlob, 0, properties.ContentLength, properties.ContentLength);
            if (resolved.Outcome == ByteRangeOutcome.Unsatisfiable) return RangeNotSatisfiable(request, resolved.TotalLength);

            var response = Success(resolved, representation, etag, request);
            if (isHead || resolved.Count == 0) return response;

            var download = await StorageErrors.RunAsync(_context, $"read '{blob.Name}'",
                () => blob.DownloadStreamingAsync(new BlobDownloadOptions
                {
                    Range = resolved.Outcome == ByteRangeOutcome.Partial ? new HttpRange(resolved.Offset, resolved.Count) : default,
                    Conditions = new BlobRequestConditions { IfMatch = properties.ETag },
                }, cancellationToken)).ConfigureAwait(false);
            response.Body = download.Value.Content;
            return response;
        }

        /// <summary>
        /// A GET answered with a single storage request: the download's own headers give length, range and hash. Null when
        /// storage did not answer the range exactly as resolved here (Azurite ignores a range past the end, for one), and the
        /// caller is to read the properties first.
        /// </summary>
        private async Task<OriginResponse?> TryDownloadAsync(
            BlobClient blob, OriginRequest request, ByteRangeRequest? range, Representation representation, CancellationToken cancellationToken)
        {
            Response<BlobDownloadStreamingResult> download;
            try
            {
                download = await StorageErrors.RunAsync(_context, $"read '{blob.Name}'",
                    () => blob.DownloadStreamingAsync(new BlobDownloadOptions
                    {
                        Range = range is null ? default : new HttpRange(range.First!.Value, range.Last is long last ? last - range.First.Value + 1 : (long?)null),
                    }, cancellationToken)).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 416)
            {
                var properties = (await StorageErrors.RunAsync(_context, $"read the properties of '{blob.Name}'",
                    () => blob.GetPropertiesAsync(cancellationToken: cancellationToken)).ConfigureAwait(false)).Value;
                return RangeNotSatisfiable(request, properties.ContentLength);
            }

            var details = download.Value.Details;
            var partLength = details.ContentLength;
            ResolvedByteRange resolved;
            if (range is null)
            {
                resolved = new ResolvedByteRange(ByteRangeOutcome.WholeBlob, 0, partLength, partLength);
            }
            else
            {
                var totalLength = TotalLengthOf(details.ContentRange);
                resolved = totalLength is long total ? range.Resolve(total) : default;
                if (resolved.Outcome != ByteRangeOutcome.Partial || resolved.Count != partLength)
                {
                    download.Value.Dispose();
                    return null;
                }
            }
            var hash = range is null ? details.ContentHash ?? details.BlobContentHash : details.BlobContentHash;
            var etag = EntityTags.ForBlob(hash, details.ETag.ToString());
            var response = Success(resolved, representation, etag, request);
            response.Body = download.Value.Content;
            return response;
        }

        private OriginResponse Success(ResolvedByteRange resolved, Representation representation, string etag, OriginRequest request)
        {
            var response = new OriginResponse(resolved.Outcome == ByteRangeOutcome.Partial ? 206 : 200)
            {
                ContentLength = resolved.Count,
            };
            response.With("Content-Type", representation.ContentType).With("Accept-Ranges", "bytes").With("Content-Range", resolved.ContentRange);
            return WithRepresentationCaching(response, representation, etag, request);
        }

        private OriginResponse WithRepresentationCaching(OriginResponse response, Representation representation, string etag, OriginRequest request) =>
            response.With("ETag", etag)
                .With("Cache-Control", representation.CacheControl)
                .With("Expires", representation.Expires)
                .With(_cors.ResponseHeaders(request.Origin));

        private OriginResponse RangeNotSatisfiable(OriginRequest request, long totalLength) =>
            Error(416, "The requested range is outside the file.", request, "RangeNotSatisfiable")
                .With("Content-Range", "bytes */" + totalLength.ToString(CultureInfo.InvariantCulture))
                .With("Accept-Ranges", "bytes");

        private OriginResponse NotFound(OriginRequest request, string locatorId, string reason)
        {
            var response = Error(404, "Not found.", request, reason);
            response.LocatorId = locatorId;
            return response;
        }

        private OriginResponse Error(int status, string text, OriginRequest request, string? reason) =>
            new OriginResponse(status) { Text = text, Reason = reason }
                .With("Content-Type", "text/plain; charset=utf-8")
                .With("Cache-Control", "no-store")
                .With(_cors.ResponseHeaders(request.Origin));

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

        /// <summary>The total of a Content-Range such as <c>bytes 0-99/1234</c>.</summary>
        private static long? TotalLengthOf(string? contentRange)
        {
            if (contentRange is null) return null;
            var slash = contentRange.LastIndexOf('/');
            return slash >= 0 && long.TryParse(contentRange.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var total)
                ? total
                : (long?)null;
        }

        private sealed class Representation
        {
            public Representation(string contentType, string cacheControl, string? expires)
            {
                ContentType = contentType;
                CacheControl = cacheControl;
                Expires = expires;
            }

            public string ContentType { get; }

            public string CacheControl { get; }

            public string? Expires { get; }
        }
    }
}
