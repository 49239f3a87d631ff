using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MediaOps.Core;
using MediaOps.Core.Accounts;
using MediaOps.Origin;
using MediaOps.Origin.Models;
using MediaOps.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaOps.Host
{
    /// <summary>
    /// <c>mediaops origin</c>: serves <c>/&lt;locator guid&gt;/&lt;path&gt;</c> from an account's assets through Kestrel until
    /// Ctrl+C or SIGTERM, then exits 0. All decisions are <see cref="MediaOrigin"/>'s; this is only the HTTP glue.
    /// </summary>
    public static class OriginCommand
    {
        public static readonly IReadOnlyDictionary<string, bool> Options = new Dictionary<string, bool>
        {
            ["connection-string"] = true,
            ["name"] = true,
            ["urls"] = true,
            ["cors-origin"] = true,
        };

        public static async Task<int> RunAsync(CommandLine options)
        {
            var log = new JsonLineLog(Console.Out, WorkerEventLevel.Information);
            var connectionString = options.Get("connection-string") ?? Environment.GetEnvironmentVariable("MEDIAOPS_CONNECTION_STRING");
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new CommandLineException("Give the storage account with --connection-string or the MEDIAOPS_CONNECTION_STRING environment variable.");
            }
            var urls = options.Get("urls") ?? "http://127.0.0.1:8080";

            MediaOrigin origin;
            try
            {
                var originOptions = new MediaOriginOptions();
                foreach (var corsOrigin in (options.Get("cors-origin") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    originOptions.CorsOrigins.Add(corsOrigin);
                }
                var context = MediaAccountContext.FromConnectionString(options.Get("name") ?? "", connectionString!);
                origin = new MediaOrigin(context, originOptions);
            }
            catch (MediaOpsException ex)
            {
                log.Write(new WorkerEvent(WorkerEventLevel.Error, "OriginFailed", ex.Message));
                return 1;
            }

            var builder = WebApplication.CreateSlimBuilder(Array.Empty<string>());
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls(urls);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
            builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
            await using var app = builder.Build();
            app.Run(http => OriginHttp.ServeAsync(http, origin, log));

            try
            {
                await app.StartAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is InvalidOperationException || ex is FormatException)
            {
                log.Write(new WorkerEvent(WorkerEventLevel.Error, "OriginFailed",
                    $"Could not listen on '{urls}': {ex.Message} Give a free address with --urls, for example http://127.0.0.1:8080."));
                return 1;
            }

            var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
                .Get<IServerAddressesFeature>()?.Addresses.ToList() ?? new List<string>();
            try
            {
                var health = await origin.CheckHealthAsync(app.Lifetime.ApplicationStopping).ConfigureAwait(false);
                if (!health.IsHealthy)
                {
                    log.Write(new WorkerEvent(WorkerEventLevel.Warning, "StorageUnavailable",
                        $"{health.Problem} /healthz answers 503 until the storage answers."));
                }
            }
            catch (OperationCanceledException) when (app.Lifetime.ApplicationStopping.IsCancellationRequested)
            {
            }
            log.Write(new WorkerEvent(WorkerEventLevel.Information, "OriginStarted",
                $"Serving account '{origin.Context.Name}' ({origin.Context.BlobEndpoint.GetLeftPart(UriPartial.Path)}) at {string.Join(", ", addresses)}.",
                properties: new Dictionary<string, object?> { ["urls"] = addresses, ["account"] = origin.Context.StorageAccountName }));

            await app.WaitForShutdownAsync().ConfigureAwait(false);
            log.Write(new WorkerEvent(WorkerEventLevel.Information, "OriginStopped", "Stopped serving."));
            return 0;
        }
    }
}
