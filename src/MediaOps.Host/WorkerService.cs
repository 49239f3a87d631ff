using System;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core;
using MediaOps.Core.Accounts;
using MediaOps.Worker;
using MediaOps.Worker.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaOps.Host
{
    /// <summary>The exit code of <c>mediaops</c>, set by a service that failed.</summary>
    internal sealed class ExitCode
    {
        public int Value { get; set; }
    }

    /// <summary>
    /// Runs a <see cref="MediaWorker"/> and the account's WebHook deliveries until the host stops: on Ctrl+C or SIGTERM the console lifetime cancels the
    /// worker, which stops ffmpeg and makes the job's message visible again at once.
    /// </summary>
    internal sealed class WorkerService : BackgroundService
    {
        private readonly MediaAccountContext _context;
        private readonly MediaWorkerOptions _options;
        private readonly WebhookDeliveryOptions _webhookOptions;
        private readonly ILogger<MediaWorker> _logger;
        private readonly ILogger<WebhookDelivery> _webhookLogger;
        private readonly IHostApplicationLifetime _lifetime;
        private readonly ExitCode _exitCode;

        public WorkerService(MediaAccountContext context, MediaWorkerOptions options, WebhookDeliveryOptions webhookOptions,
            ILogger<MediaWorker> logger, ILogger<WebhookDelivery> webhookLogger, IHostApplicationLifetime lifetime, ExitCode exitCode)
        {
            _context = context;
            _options = options;
            _webhookOptions = webhookOptions;
            _logger = logger;
            _webhookLogger = webhookLogger;
            _lifetime = lifetime;
            _exitCode = exitCode;
        }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var stopping = _lifetime.ApplicationStopping.Register(() => WorkerServiceLog.StopRequested(_logger));
            try
            {
                await _context.VerifyAsync(stoppingToken);
                // WebHook deliveries run on a loop of their own beside the jobs, so that a slow receiver never slows an encode.
                using var webhooks = new WebhookDelivery(_context, _webhookOptions, _webhookLogger);
                await webhooks.RunBesideAsync(new MediaWorker(_context, _options, _logger).RunAsync, stoppingToken);
            }
            catch (MediaOpsException ex)
            {
                WorkerServiceLog.Failed(_logger, ex.Message);
                _exitCode.Value = 1;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception)
            {
                // The host logs what escaped its service; mediaops then exits 1, not 0.
                _exitCode.Value = 1;
                throw;
            }
            finally
            {
                _lifetime.StopApplication();
            }
        }
    }
}
