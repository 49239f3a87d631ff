using System;
using System.CommandLine;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core;
using MediaOps.Core.Accounts;
using MediaOps.Core.Models;
using MediaOps.Worker.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MediaOps.Host
{
    /// <summary><c>mediaops worker</c>: runs jobs until Ctrl+C or SIGTERM, then releases what it holds and exits 0.</summary>
    internal static class WorkerCommand
    {
        public static Command Create()
        {
            var connectionString = CommonOptions.ConnectionString();
            var name = CommonOptions.Name();
            var concurrency = new Option<string>("--concurrency") { Description = "Jobs run at once (default 1).", HelpName = "N" };
            var visibilityTimeout = new Option<string>("--visibility-timeout")
            {
                Description = "Seconds a received work message stays hidden between extensions (default 60, at least 3).",
                HelpName = "seconds",
            };
            var maxDeliveryCount = new Option<string>("--max-delivery-count")
            {
                Description = "Deliveries after which a work message is poison and its job ends in Error (default 5).",
                HelpName = "N",
            };
            var workDirectory = new Option<string>("--work-directory") { Description = "Where jobs' files are kept while they run (default: a temporary folder).", HelpName = "path" };
            var workQueue = new Option<string>("--work-queue") { Description = "The work queue (default mediaops-jobs).", HelpName = "name" };
            var verbose = new Option<bool>("--verbose") { Description = "Also log job progress (Debug level)." };
            var webhooks = new WebhookCommandLine();
            var options = new Option[] { connectionString, name, concurrency, visibilityTimeout, maxDeliveryCount, workDirectory, workQueue, verbose }
                .Concat(webhooks.Options).ToArray();

            var command = new Command("worker", "Run encoding jobs from an account's work queue.");
            foreach (var option in options) command.Options.Add(option);
            command.SetAction((parse, cancellationToken) => HostRun.GuardAsync(async () =>
            {
                var settings = HostSettings.From(parse, options);
                var workerOptions = new MediaWorkerOptions
                {
                    Concurrency = settings.GetInt(concurrency, 1, 1),
                    VisibilityTimeout = TimeSpan.FromSeconds(settings.GetInt(visibilityTimeout, 60, 3)),
                    MaxDeliveryCount = settings.GetInt(maxDeliveryCount, 5, 1),
                    WorkDirectory = settings.Get(workDirectory),
                };
                var clientOptions = new MediaClientOptions();
                if (settings.Get(workQueue) is { } queue) clientOptions.WorkQueueName = queue;
                var cs = settings.Required(connectionString, CommonOptions.ConnectionStringHint);
                var context = MediaAccountContext.FromConnectionString(settings.Get(name) ?? "", cs, options: clientOptions);

                var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = Array.Empty<string>() });
                HostLogging.Configure(builder.Logging, settings.GetFlag(verbose));
                builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
                var exitCode = new ExitCode();
                builder.Services.AddSingleton(exitCode);
                builder.Services.AddSingleton(context);
                builder.Services.AddSingleton(workerOptions);
                builder.Services.AddSingleton(webhooks.Read(settings));
                builder.Services.AddHostedService<WorkerService>();
                using var host = builder.Build();
                await host.RunAsync(CancellationToken.None);
                return exitCode.Value;
            }));
            return command;
        }
    }
}
