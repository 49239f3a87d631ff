using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core;
using MediaOps.Core.Accounts;
using MediaOps.Worker;
using MediaOps.Worker.Models;

namespace MediaOps.Host
{
    /// <summary><c>mediaops worker</c>: runs jobs until Ctrl+C or SIGTERM, then releases what it holds and exits 0.</summary>
    public static class WorkerCommand
    {
        public static readonly IReadOnlyDictionary<string, bool> Options = new Dictionary<string, bool>
        {
            ["connection-string"] = true,
            ["name"] = true,
            ["concurrency"] = true,
            ["visibility-timeout"] = true,
            ["max-delivery-count"] = true,
            ["work-directory"] = true,
            ["work-queue"] = true,
            ["verbose"] = false,
        }.Concat(WebhookCommandLine.Options).ToDictionary(o => o.Key, o => o.Value);

        public static async Task<int> RunAsync(CommandLine options)
        {
            var log = new JsonLineLog(Console.Out, options.Has("verbose") ? WorkerEventLevel.Debug : WorkerEventLevel.Information);
            var connectionString = options.Get("connection-string") ?? Environment.GetEnvironmentVariable("MEDIAOPS_CONNECTION_STRING");
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new CommandLineException("Give the storage account with --connection-string or the MEDIAOPS_CONNECTION_STRING environment variable.");
            }
            var workerOptions = new MediaWorkerOptions
            {
                Concurrency = options.GetInt("concurrency", 1, 1),
                VisibilityTimeout = TimeSpan.FromSeconds(options.GetInt("visibility-timeout", 60, 3)),
                MaxDeliveryCount = options.GetInt("max-delivery-count", 5, 1),
                WorkDirectory = options.Get("work-directory"),
            };

            using var stopping = new CancellationTokenSource();
            void Stop(string signal)
            {
                if (stopping.IsCancellationRequested) return;
                log.Write(new WorkerEvent(WorkerEventLevel.Information, "StopRequested", $"{signal} received; stopping running jobs and releasing them."));
                stopping.Cancel();
            }
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; Stop("SIGTERM"); });
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; Stop("SIGINT"); });

            try
            {
                var clientOptions = new MediaClientOptions();
                if (options.Get("work-queue") is { } workQueue) clientOptions.WorkQueueName = workQueue;
                var context = MediaAccountContext.FromConnectionString(options.Get("name") ?? "", connectionString!, options: clientOptions);
                await context.VerifyAsync(stopping.Token);
                var worker = new MediaWorker(context, workerOptions, log.Write);
                using var webhooks = new WebhookDelivery(context, WebhookCommandLine.Read(options), log.Write);
                await webhooks.RunBesideAsync(worker.RunAsync, stopping.Token);
                return 0;
            }
            catch (MediaOpsException ex)
            {
                log.Write(new WorkerEvent(WorkerEventLevel.Error, "WorkerFailed", ex.Message));
                return 1;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return 0;
            }
        }
    }
}
