using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using MediaOps.Origin;

namespace MediaOps.Testing
{
    /// <summary>A real <c>mediaops origin</c> process on a free 127.0.0.1 port.</summary>
    public sealed class OriginProcess : HostProcess
    {
        private OriginProcess(string hostAssembly, string connectionString, int port, string[] extraArgs)
            : base(hostAssembly, "origin", connectionString, new[] { "--urls", $"http://127.0.0.1:{port}" }.Concat(extraArgs))
        {
            BaseUri = new Uri($"http://127.0.0.1:{port}/");
        }

        /// <summary><c>http://127.0.0.1:&lt;port&gt;/</c>; streaming URLs are <c>BaseUri + &lt;locator guid&gt;/&lt;file&gt;</c>.</summary>
        public Uri BaseUri { get; }

        /// <summary>Starts an origin and returns once it has logged <see cref="OriginLog.Started"/>.</summary>
        public static Task<OriginProcess> StartAsync(string connectionString, TimeSpan? startTimeout = null, params string[] extraArgs) =>
            StartedAsync(new OriginProcess(RepositoryPaths.HostAssembly, connectionString, AzuriteInstance.FreePort(), extraArgs),
                origin => origin.WaitForEventAsync(OriginLog.StartedId, startTimeout ?? TimeSpan.FromSeconds(30)));

        /// <summary>
        /// Starts the origin of another build of <c>mediaops</c> (<paramref name="hostAssembly"/>, e.g. an older commit's, as a
        /// benchmark's baseline) and returns once its <c>/healthz</c> answers 200, which every build's origin does.
        /// </summary>
        public static Task<OriginProcess> StartBuildAsync(string hostAssembly, string connectionString, TimeSpan startTimeout) =>
            StartedAsync(new OriginProcess(hostAssembly, connectionString, AzuriteInstance.FreePort(), Array.Empty<string>()),
                origin => origin.WaitUntilHealthyAsync(hostAssembly, startTimeout));

        /// <summary>Returns <paramref name="origin"/> once <paramref name="ready"/> completes; kills it when that fails.</summary>
        private static async Task<OriginProcess> StartedAsync(OriginProcess origin, Func<OriginProcess, Task> ready)
        {
            try
            {
                await ready(origin);
            }
            catch
            {
                origin.Dispose();
                throw;
            }
            return origin;
        }

        private async Task WaitUntilHealthyAsync(string hostAssembly, TimeSpan timeout)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                if (HasExited) throw new InvalidOperationException($"The origin of {hostAssembly} exited ({ExitCode}). Log:\n{Log}");
                try
                {
                    using var response = await http.GetAsync(new Uri(BaseUri, "healthz"));
                    if (response.StatusCode == HttpStatusCode.OK) return;
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"The origin of {hostAssembly} did not answer /healthz with 200 within {timeout}. Log:\n{Log}");
                await Task.Delay(100);
            }
        }

        /// <summary>Sends SIGTERM, as a service manager does, and waits for the origin to exit.</summary>
        public bool Stop(TimeSpan? timeout = null)
        {
            Terminate();
            return WaitForExit(timeout ?? TimeSpan.FromSeconds(15));
        }
    }
}
