using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Threading.Tasks;

namespace MediaOps.Testing.Browser
{
    /// <summary>
    /// Serves the player page with the pinned hls.js and dash.js from <c>node_modules</c> on a free 127.0.0.1 port of its
    /// own, so that a page playing from an origin makes real cross-origin requests, as a viewer's player does.
    /// </summary>
    public sealed class PlayerPageServer : IDisposable
    {
        private readonly HttpListener _listener = new HttpListener();
        private readonly IReadOnlyDictionary<string, (string Path, string ContentType)> _files;
        private readonly Task _serving;

        public PlayerPageServer()
        {
            var root = RepositoryPaths.RepositoryRoot;
            _files = new Dictionary<string, (string, string)>
            {
                ["/player.html"] = (Path.Combine(root, "tests", "MediaOps.Testing", "Browser", "player.html"), "text/html; charset=utf-8"),
                ["/hls.min.js"] = (Path.Combine(root, "node_modules", "hls.js", "dist", "hls.min.js"), "text/javascript"),
                ["/dash.all.min.js"] = (Path.Combine(root, "node_modules", "dashjs", "dist", "modern", "umd", "dash.all.min.js"), "text/javascript"),
            };
            foreach (var file in _files.Values)
            {
                if (!File.Exists(file.Path))
                {
                    throw new InvalidOperationException($"{file.Path} is missing. Run './build.sh test' (it runs 'npm ci'), or 'npm ci' in {root}.");
                }
            }
            var port = AzuriteInstance.FreePort();
            BaseUri = new Uri($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Add(BaseUri.ToString());
            _listener.Start();
            _serving = Task.Run(ServeAsync);
        }

        public Uri BaseUri { get; }

        /// <summary>The page that plays <paramref name="stream"/> in <paramref name="player"/>, every rendition in turn.</summary>
        public Uri PlayerPage(Uri stream, StreamPlayer player, TimeSpan timeout) =>
            new Uri(BaseUri, $"player.html?player={(player == StreamPlayer.HlsJs ? "hls" : "dash")}&src={Uri.EscapeDataString(stream.ToString())}" +
                $"&timeoutMs={(int)timeout.TotalMilliseconds}");

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                using var response = context.Response;
                if (_files.TryGetValue(context.Request.Url?.AbsolutePath ?? "", out var file))
                {
                    var bytes = await File.ReadAllBytesAsync(file.Path);
                    response.ContentType = file.ContentType;
                    response.ContentLength64 = bytes.Length;
                    await response.OutputStream.WriteAsync(bytes);
                }
                else
                {
                    response.StatusCode = 404;
                }
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
