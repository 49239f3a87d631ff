using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Threading.Tasks;
using MediaOps.Core.Accounts;
using MediaOps.Origin;
using MediaOps.Origin.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaOps.Host
{
    /// <summary><c>mediaops origin</c>: serves <c>/&lt;locator guid&gt;/&lt;path&gt;</c> from an account's assets until Ctrl+C or SIGTERM, then exits 0.</summary>
    internal static class OriginCommand
    {
        public static Command Create()
        {
            var connectionString = CommonOptions.ConnectionString();
            var name = CommonOptions.Name();
            var urls = new Option<string>("--urls") { Description = "Where to listen (default http://127.0.0.1:8080).", HelpName = "url" };
            var corsOrigin = new Option<string>("--cors-origin")
            {
                Description = "The browser origins CORS allows, comma-separated, such as https://player.example.net (default: any).",
                HelpName = "origin[,origin...]",
            };
            var options = new Option[] { connectionString, name, urls, corsOrigin };

            var command = new Command("origin",
                "Serve GET/HEAD /<locator guid>/<file> from the account's origin locators (a streaming origin for a CDN). " +
                "GET /healthz answers 200 while the storage answers and 503 when it does not; one JSON line per request on stdout.");
            foreach (var option in options) command.Options.Add(option);
            command.SetAction((parse, _) => HostRun.GuardAsync(async () =>
            {
                var settings = HostSettings.From(parse, options);
                var originOptions = new MediaOriginOptions();
                foreach (var origin in Split(settings.Get(corsOrigin)))
                {
                    if (MediaOriginOptions.CorsOriginProblem(origin) is { } problem) throw new HostSettingsException(problem);
                    originOptions.CorsOrigins.Add(origin);
                }
                var cs = settings.Required(connectionString, CommonOptions.ConnectionStringHint);
                var context = MediaAccountContext.FromConnectionString(settings.Get(name) ?? "", cs);
                return await RunAsync(context, originOptions, settings.Get(urls) ?? "http://127.0.0.1:8080");
            }));
            return command;
        }

        private static async Task<int> RunAsync(MediaAccountContext context, MediaOriginOptions options, string urls)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>() });
            HostLogging.Configure(builder.Logging, verbose: false);
            builder.WebHost.UseUrls(urls);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
            builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
            builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
            builder.Services.AddMediaOrigin(context, options);
            await using var app = builder.Build();
            app.UseMediaOrigin();
            var logger = app.Services.GetRequiredService<ILogger<MediaOrigin>>();

            try
            {
                await app.StartAsync();
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is InvalidOperationException || ex is FormatException)
            {
                OriginLog.Failed(logger, $"Could not listen on '{urls}': {ex.Message} Give a free address with --urls, for example http://127.0.0.1:8080.");
                return HostRun.Failed;
            }

            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? new List<string>();
            try
            {
                var health = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(app.Lifetime.ApplicationStopping);
                if (health.Status != HealthStatus.Healthy)
                {
                    OriginLog.StorageUnavailable(logger, health.Entries.Values.Select(e => e.Description).FirstOrDefault(d => d != null));
                }
            }
            catch (OperationCanceledException) when (app.Lifetime.ApplicationStopping.IsCancellationRequested)
            {
            }
            OriginLog.Started(logger, context.StorageAccountName, context.BlobEndpoint.GetLeftPart(UriPartial.Path), string.Join(", ", addresses));

            await app.WaitForShutdownAsync();
            OriginLog.Stopped(logger);
            return 0;
        }

        private static IEnumerable<string> Split(string? list) =>
            (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
