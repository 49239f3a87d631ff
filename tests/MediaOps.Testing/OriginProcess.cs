using System;
using System.Linq;
using System.Threading.Tasks;
using MediaOps.Origin;

namespace MediaOps.Testing
{
    /// <summary>A real <c>mediaops origin</c> process on a free 127.0.0.1 port.</summary>
    public sealed class OriginProcess : HostProcess
    {
        private OriginProcess(string connectionString, int port, string[] extraArgs)
            : base("origin", connectionString, new[] { "--urls", $"http://127.0.0.1:{port}" }.Concat(extraArgs))
        {
            BaseUri = new Uri($"http://127.0.0.1:{port}/");
        }

        /// <summary><c>http://127.0.0.1:&lt;port&gt;/</c>; streaming URLs are <c>BaseUri + &lt;locator guid&gt;/&lt;file&gt;</c>.</summary>
        public Uri BaseUri { get; }

        /// <summary>Starts an origin and returns once it has logged <see cref="OriginLog.Started"/>.</summary>
        public static async Task<OriginProcess> StartAsync(string connectionString, TimeSpan? startTimeout = null, params string[] extraArgs)
        {
            var origin = new OriginProcess(connectionString, AzuriteInstance.FreePort(), extraArgs);
            try
            {
                await origin.WaitForEventAsync(OriginLog.StartedId, startTimeout ?? TimeSpan.FromSeconds(30));
            }
            catch
            {
                origin.Dispose();
                throw;
            }
            return origin;
        }

        /// <summary>Sends SIGTERM, as a service manager does, and waits for the origin to exit.</summary>
        public bool Stop(TimeSpan? timeout = null)
        {
            Terminate();
            return WaitForExit(timeout ?? TimeSpan.FromSeconds(15));
        }
    }
}
