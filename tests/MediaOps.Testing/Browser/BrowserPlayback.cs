using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace MediaOps.Testing.Browser
{
    /// <summary>
    /// Plays a stream as a viewer's browser does: Debian's headless chromium (<c>/usr/bin/chromium</c>, driven by the pinned
    /// playwright-core through Browser/play.mjs) opens the player page of a <see cref="PlayerPageServer"/>, which plays the
    /// stream from its own origin in hls.js or dash.js. The node process and its browser are killed when the time is up.
    /// </summary>
    public static class BrowserPlayback
    {
        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };

        public static async Task<PlaybackResult> PlayAsync(
            PlayerPageServer pages, Uri stream, StreamPlayer player, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        {
            var limit = timeout ?? TimeSpan.FromSeconds(60);
            var script = Path.Combine(RepositoryPaths.RepositoryRoot, "tests", "MediaOps.Testing", "Browser", "play.mjs");
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // The page gives up at the limit and reports; the process gets a margin for chromium's start and close.
            deadline.CancelAfter(limit + TimeSpan.FromSeconds(20));
            string output;
            try
            {
                output = await TestMedia.RunAsync("node", new[] { script, pages.PlayerPage(stream, player, limit).ToString(), ((int)limit.TotalMilliseconds).ToString() }, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"play.mjs did not report on {stream} in {player} within {limit} (+20 s); it was killed.");
            }
            var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
                ?? throw new InvalidOperationException($"play.mjs printed nothing for {stream} in {player}.");
            var result = JsonSerializer.Deserialize<PlaybackResult>(line, Json)
                ?? throw new InvalidOperationException("play.mjs printed null: " + line);
            return result with { Json = line };
        }
    }
}
