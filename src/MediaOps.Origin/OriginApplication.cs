using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MediaOps.Core.Accounts;
using MediaOps.Origin.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Net.Http.Headers;

namespace MediaOps.Origin
{
    /// <summary>The origin as an ASP.NET Core application: request log, CORS, <c>/healthz</c>, then <see cref="MediaOrigin"/>.</summary>
    public static class OriginApplication
    {
        public static readonly string[] CorsAllowedHeaders =
        {
            HeaderNames.Range, HeaderNames.IfNoneMatch, HeaderNames.IfRange, HeaderNames.IfModifiedSince, HeaderNames.Origin,
            HeaderNames.Accept, HeaderNames.AcceptEncoding,
        };

        public static readonly string[] CorsExposedHeaders =
        {
            HeaderNames.ContentLength, HeaderNames.ContentRange, HeaderNames.ETag, HeaderNames.AcceptRanges, HeaderNames.ContentType,
            HeaderNames.CacheControl, HeaderNames.Expires,
        };

        public static readonly TimeSpan CorsPreflightMaxAge = TimeSpan.FromDays(1);

        public static IServiceCollection AddMediaOrigin(this IServiceCollection services, MediaAccountContext context, MediaOriginOptions options)
        {
            services.AddSingleton(context);
            services.AddSingleton(options);
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton<MediaOrigin>();
            services.AddSingleton<StorageHealthCheck>();
            services.AddCors(cors => cors.AddDefaultPolicy(policy => ConfigureCors(policy, options)));
            services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
            return services;
        }

        public static WebApplication UseMediaOrigin(this WebApplication app)
        {
            app.UseMiddleware<OriginRequestLog>();
            app.UseRouting();
            app.UseCors();
            app.MapHealthChecks(MediaOrigin.HealthPath, new HealthCheckOptions { AllowCachingResponses = true, ResponseWriter = WriteHealthAsync })
                .WithMetadata(new HttpMethodMetadata(new[] { HttpMethods.Get, HttpMethods.Head }));
            app.UseEndpoints(_ => { });
            app.Run(app.Services.GetRequiredService<MediaOrigin>().ServeAsync);
            return app;
        }

        private static void ConfigureCors(CorsPolicyBuilder policy, MediaOriginOptions options)
        {
            var origins = options.CorsOrigins.Select(o => o.Trim().TrimEnd('/')).Where(o => o.Length > 0).ToList();
            if (origins.Count == 0 || origins.Contains("*"))
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                var allowed = new System.Collections.Generic.HashSet<string>(origins, StringComparer.OrdinalIgnoreCase);
                // A predicate rather than WithOrigins: the framework then says Vary: Origin for a single allowed origin too.
                policy.SetIsOriginAllowed(allowed.Contains);
            }
            policy.WithMethods(HttpMethods.Get, HttpMethods.Head, HttpMethods.Options)
                .WithHeaders(CorsAllowedHeaders)
                .WithExposedHeaders(CorsExposedHeaders)
                .SetPreflightMaxAge(CorsPreflightMaxAge);
        }

        private static async Task WriteHealthAsync(HttpContext http, HealthReport report)
        {
            var info = http.Features.Get<OriginRequestInfo>();
            if (info != null) info.Reason = report.Entries.Values.Select(e => e.Description).FirstOrDefault(d => d != null);
            http.Response.Headers.ContentType = "text/plain; charset=utf-8";
            http.Response.Headers.CacheControl = "no-store";
            var body = Encoding.UTF8.GetBytes(report.Status == HealthStatus.Healthy ? "Healthy\n" : "Unhealthy\n");
            http.Response.ContentLength = body.Length;
            if (HttpMethods.IsHead(http.Request.Method)) return;
            await http.Response.Body.WriteAsync(body, http.RequestAborted);
            if (info != null) info.BytesSent = body.Length;
        }
    }
}
