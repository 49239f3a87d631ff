using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using MediaOps.Origin;
using MediaOps.Worker;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace MediaOps.Host
{
    /// <summary>Copies an HTTP request into an <see cref="OriginRequest"/> and the <see cref="OriginResponse"/> back, and logs one line per request.</summary>
    public static class OriginHttp
    {
        private const int CopyBufferSize = 81920;
        private const int MaxLoggedRangeLength = 100;

        public static async Task ServeAsync(HttpContext http, MediaOrigin origin, JsonLineLog log)
        {
            var started = Stopwatch.GetTimestamp();
            var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "/";
            var headers = http.Request.Headers;
            var request = new OriginRequest(http.Request.Method, rawTarget)
            {
                Range = Single(headers.Range),
                IfNoneMatch = Single(headers.IfNoneMatch),
                IfRange = Single(headers.IfRange),
                Origin = Single(headers.Origin),
            };

            long bytesSent = 0;
            var status = 500;
            string? locatorId = null;
            string? reason = null;
            try
            {
                using var response = await origin.HandleAsync(request, http.RequestAborted);
                status = response.StatusCode;
                locatorId = response.LocatorId;
                reason = response.Reason;
                http.Response.StatusCode = response.StatusCode;
                foreach (var header in response.Headers) http.Response.Headers.Append(header.Key, header.Value);

                var isHead = HttpMethods.IsHead(http.Request.Method);
                if (response.Body != null)
                {
                    http.Response.ContentLength = response.ContentLength;
                    if (!isHead) bytesSent = await CopyAsync(response.Body, http);
                }
                else if (response.Text != null)
                {
                    var body = System.Text.Encoding.UTF8.GetBytes(response.Text + "\n");
                    http.Response.ContentLength = body.Length;
                    if (!isHead)
                    {
                        await http.Response.Body.WriteAsync(body, http.RequestAborted);
                        bytesSent = body.Length;
                    }
                }
                else if (response.ContentLength.HasValue && response.StatusCode != 304)
                {
                    http.Response.ContentLength = response.ContentLength;
                }
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                reason = "ClientDisconnected";
            }
            catch (Exception ex) when (http.Response.HasStarted)
            {
                // Storage failed in the middle of the body: the only honest signal left is a cut connection.
                reason = "BodyInterrupted: " + ex.GetType().Name;
                http.Abort();
            }
            finally
            {
                var properties = new Dictionary<string, object?>
                {
                    ["method"] = http.Request.Method,
                    ["path"] = OriginPath.WithoutQuery(rawTarget),
                    ["status"] = status,
                    ["bytes"] = bytesSent,
                    ["range"] = Truncate(request.Range),
                    ["durationMs"] = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1),
                    ["locatorId"] = locatorId,
                };
                if (reason != null) properties["reason"] = reason;
                log.Write(new WorkerEvent(status >= 500 ? WorkerEventLevel.Warning : WorkerEventLevel.Information, "Request",
                    $"{http.Request.Method} {status}", properties: properties));
            }
        }

        private static async Task<long> CopyAsync(System.IO.Stream body, HttpContext http)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
            long total = 0;
            try
            {
                int read;
                while ((read = await body.ReadAsync(buffer.AsMemory(0, CopyBufferSize), http.RequestAborted)) > 0)
                {
                    await http.Response.Body.WriteAsync(buffer.AsMemory(0, read), http.RequestAborted);
                    total += read;
                }
                return total;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private static string? Single(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 0 ? null : values.ToString();

        private static string? Truncate(string? text) =>
            text is null || text.Length <= MaxLoggedRangeLength ? text : text.Substring(0, MaxLoggedRangeLength) + "...";
    }
}
