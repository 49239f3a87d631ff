using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace MediaOps.Origin
{
    /// <summary>What the origin learned about a request, for its log line: set by <see cref="MediaOrigin"/> and the health endpoint.</summary>
    internal sealed class OriginRequestInfo
    {
        public string? LocatorId { get; set; }

        /// <summary>Why the request was refused or failed; logged, never sent to the client.</summary>
        public string? Reason { get; set; }

        public long BytesSent { get; set; }
    }

    /// <summary>
    /// First in the origin's pipeline: logs one line per request (its path without the query, which may hold a signature)
    /// and makes every response vary by Origin, so that a cache never answers a browser's CORS request with a response
    /// made for another origin or for none. A client that goes away before its answer is complete is logged as 499, as
    /// nginx does, and not as a server error.
    /// </summary>
    internal sealed class OriginRequestLog
    {
        public const int ClientClosedRequest = 499;
        private const int MaxLoggedRangeLength = 100;

        private readonly RequestDelegate _next;
        private readonly ILogger _logger;

        public OriginRequestLog(RequestDelegate next, ILogger<MediaOrigin> logger)
        {
            _next = next;
            _logger = logger;
        }

        public async Task InvokeAsync(HttpContext http)
        {
            var started = Stopwatch.GetTimestamp();
            var info = new OriginRequestInfo();
            http.Features.Set(info);
            // Registered before the CORS middleware's callback, so it runs after it and sees the Vary it wrote.
            http.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                if (!headers.Vary.ToString().Contains(HeaderNames.Origin, StringComparison.OrdinalIgnoreCase)) headers.Append(HeaderNames.Vary, HeaderNames.Origin);
                return Task.CompletedTask;
            }, http.Response);

            int? status = null;
            try
            {
                await _next(http);
                if (http.RequestAborted.IsCancellationRequested && http.Response.ContentLength is long length && info.BytesSent < length)
                {
                    status = ClientClosedRequest;
                    info.Reason ??= "ClientDisconnected";
                }
            }
            catch (Exception) when (http.RequestAborted.IsCancellationRequested)
            {
                status = ClientClosedRequest;
                info.Reason = "ClientDisconnected";
            }
            catch (Exception ex) when (http.Response.HasStarted)
            {
                // Storage failed in the middle of the body: the only honest signal left is a cut connection.
                info.Reason = "BodyInterrupted: " + ex.GetType().Name;
                http.Abort();
            }
            catch (Exception ex)
            {
                status = StatusCodes.Status500InternalServerError;
                info.Reason = ex.GetType().Name + ": " + ex.Message;
                http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }
            finally
            {
                var code = status ?? http.Response.StatusCode;
                OriginLog.Request(_logger, code >= 500 ? LogLevel.Warning : LogLevel.Information, http.Request.Method,
                    OriginPath.WithoutQuery(MediaOrigin.RawTarget(http)), code, info.BytesSent,
                    Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1), Truncate(http.Request.Headers.Range.ToString()),
                    info.LocatorId, info.Reason);
            }
        }

        private static string? Truncate(string text) =>
            text.Length == 0 ? null : text.Length <= MaxLoggedRangeLength ? text : text.Substring(0, MaxLoggedRangeLength) + "...";
    }
}
