using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace MediaOps.Host
{
    /// <summary>One JSON object per line on standard output (the JSON console formatter), for log shippers and humans alike.</summary>
    public static class HostLogging
    {
        public static void Configure(ILoggingBuilder logging, bool verbose)
        {
            logging.ClearProviders();
            logging.AddJsonConsole(json =>
            {
                json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
                json.UseUtcTimestamp = true;
                json.IncludeScopes = false;
                json.JsonWriterOptions = new JsonWriterOptions { Indented = false };
            });
            logging.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
            logging.AddFilter("Microsoft", LogLevel.Warning);
            logging.AddFilter("System", LogLevel.Warning);
            // Its per-request scope and Activity would cost the origin CPU on every request; the origin logs requests itself.
            logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        }
    }
}
