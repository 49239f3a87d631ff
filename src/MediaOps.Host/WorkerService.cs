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
        private readonly ILogger _logger;
        private readonly IHostApplicationLifetime _lifetime;
        private readonly ExitCode _exitCode;

        public WorkerService(MediaAccountContext context, MediaWorkerOptions options, WebhookDeliveryOptions webhookOptions,
            ILogger<MediaWorker> logger, IHostApplicationLifetime lifetime, ExitCode exitCode)
        {
            _context = context;
            _options = options;
            _webhookOptions = webhookOptions;
            _logger = logger;
            _lifetime = lifetime;
            _exitCode = exitCode;
        }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var stopping = _lifetime.ApplicationStopping.Register(() => WorkerLog.StopRequested(_logger));
            try
            {
                await _context.VerifyAsync(stoppingToken);
                // WebHook deliveries run on a loop of their own beside the jobs, so that a slow receiver never slows an encode.
                using var webhooks = new WebhookDelivery(_context, _webhookOptions, Log);
                await webhooks.RunBesideAsync(new MediaWorker(_context, _options, Log).RunAsync, stoppingToken);
            }
            catch (MediaOpsException ex)
            {
                WorkerLog.Failed(_logger, ex.Message);
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

        private void Log(WorkerEvent e)
        {
            var level = e.Level switch
            {
                WorkerEventLevel.Debug => LogLevel.Debug,
                WorkerEventLevel.Information => LogLevel.Information,
                WorkerEventLevel.Warning => LogLevel.Warning,
                _ => LogLevel.Error,
            };
            if (!_logger.IsEnabled(level)) return;
            using var fields = _logger.BeginScope(new WorkerEventFields(e));
            WorkerLog.WorkerEvent(_logger, level, e.Name, e.Message);
        }
    }
}
