using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MediaOps.Bench
{
    /// <summary>
    /// A loopback TCP relay in front of one Azurite port that counts the HTTP requests passing through it, with the
    /// time of each on the run's clock: an independent count of what a client really sent, to check a client's own
    /// request-counting hook against. Shared-key signatures do not cover the host or port, so a client pointed at the
    /// relay works as it would against Azurite directly.
    /// </summary>
    internal sealed class CountingProxy : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly int _targetPort;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentQueue<(TimeSpan At, string Line)> _requests = new ConcurrentQueue<(TimeSpan, string)>();
        private readonly ConcurrentBag<TcpClient> _connections = new ConcurrentBag<TcpClient>();
        private readonly Stopwatch _clock;
        private readonly Task _accepting;

        public CountingProxy(int targetPort, Stopwatch clock)
        {
            _targetPort = targetPort;
            _clock = clock;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _accepting = AcceptAsync();
        }

        public int Port { get; }

        /// <summary>Every request seen: when (on the clock given) and its request line.</summary>
        public IReadOnlyCollection<(TimeSpan At, string Line)> Requests => _requests.ToArray();

        public void Dispose()
        {
            _stop.Cancel();
            try
            {
                _listener.Stop();
            }
            catch (SocketException)
            {
            }
            foreach (var connection in _connections)
            {
                try
                {
                    connection.Dispose();
                }
                catch (Exception)
                {
                }
            }
            try
            {
                _accepting.Wait(2000);
            }
            catch (AggregateException)
            {
            }
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    return;
                }
                _connections.Add(client);
                _ = Task.Run(() => RelayAsync(client));
            }
        }

        private async Task RelayAsync(TcpClient client)
        {
            using var upstream = new TcpClient();
            _connections.Add(upstream);
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token).ConfigureAwait(false);
                var fromClient = client.GetStream();
                var toServer = upstream.GetStream();
                var responses = toServer.CopyToAsync(fromClient, _stop.Token);
                var requests = CountRequestsAsync(fromClient, toServer);
                await Task.WhenAny(responses, requests).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // A closed connection, or the relay stopping.
            }
            finally
            {
                client.Dispose();
            }
        }

        /// <summary>Forwards the client's bytes unchanged while reading them as HTTP/1.1 requests (headers, then a Content-Length or chunked body).</summary>
        private async Task CountRequestsAsync(Stream from, Stream to)
        {
            var reader = new ForwardingReader(from, to, _stop.Token);
            while (true)
            {
                var requestLine = await reader.ReadLineAsync().ConfigureAwait(false);
                if (requestLine == null) return;
                if (requestLine.Length == 0) continue;
                _requests.Enqueue((_clock.Elapsed, requestLine));
                long contentLength = 0;
                var chunked = false;
                while (true)
                {
                    var header = await reader.ReadLineAsync().ConfigureAwait(false);
                    if (header == null) return;
                    if (header.Length == 0) break;
                    var colon = header.IndexOf(':');
                    if (colon <= 0) continue;
                    var name = header.Substring(0, colon).Trim();
                    var value = header.Substring(colon + 1).Trim();
                    if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) contentLength = long.Parse(value, CultureInfo.InvariantCulture);
                    if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && value.Contains("chunked", StringComparison.OrdinalIgnoreCase)) chunked = true;
                }
                if (chunked)
                {
                    while (true)
                    {
                        var sizeLine = await reader.ReadLineAsync().ConfigureAwait(false);
                        if (sizeLine == null) return;
                        var size = long.Parse(sizeLine.Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                        if (size == 0)
                        {
                            // Trailers, then the empty line.
                            string? trailer;
                            do trailer = await reader.ReadLineAsync().ConfigureAwait(false);
                            while (!string.IsNullOrEmpty(trailer));
                            break;
                        }
                        if (!await reader.SkipAsync(size).ConfigureAwait(false)) return;
                        await reader.ReadLineAsync().ConfigureAwait(false);
                    }
                }
                else if (contentLength > 0)
                {
                    if (!await reader.SkipAsync(contentLength).ConfigureAwait(false)) return;
                }
            }
        }

        /// <summary>Reads a stream in lines and counted bytes, writing every byte it reads to another stream.</summary>
        private sealed class ForwardingReader
        {
            private readonly Stream _from;
            private readonly Stream _to;
            private readonly CancellationToken _token;
            private readonly byte[] _buffer = new byte[64 * 1024];
            private int _start;
            private int _end;

            public ForwardingReader(Stream from, Stream to, CancellationToken token)
            {
                _from = from;
                _to = to;
                _token = token;
            }

            public async Task<string?> ReadLineAsync()
            {
                var line = new StringBuilder();
                while (true)
                {
                    if (_start == _end && !await FillAsync().ConfigureAwait(false)) return null;
                    var b = _buffer[_start++];
                    if (b == (byte)'\n')
                    {
                        if (line.Length > 0 && line[line.Length - 1] == '\r') line.Length--;
                        return line.ToString();
                    }
                    line.Append((char)b);
                }
            }

            public async Task<bool> SkipAsync(long count)
            {
                while (count > 0)
                {
                    if (_start == _end && !await FillAsync().ConfigureAwait(false)) return false;
                    var take = (int)Math.Min(count, _end - _start);
                    _start += take;
                    count -= take;
                }
                return true;
            }

            private async Task<bool> FillAsync()
            {
                var read = await _from.ReadAsync(_buffer.AsMemory(0, _buffer.Length), _token).ConfigureAwait(false);
                if (read <= 0) return false;
                await _to.WriteAsync(_buffer.AsMemory(0, read), _token).ConfigureAwait(false);
                _start = 0;
                _end = read;
                return true;
            }
        }
    }

    /// <summary>A pair of counting relays (blob and queue) in front of one Azurite, with a connection string through them.</summary>
    internal sealed class CountingEndpoints : IDisposable
    {
        public CountingEndpoints(MediaOps.Testing.AzuriteInstance azurite, Stopwatch clock)
        {
            Blob = new CountingProxy(azurite.BlobPort, clock);
            Queue = new CountingProxy(azurite.QueuePort, clock);
        }

        public CountingProxy Blob { get; }

        public CountingProxy Queue { get; }

        public string ConnectionString(MediaOps.Testing.AzuriteInstance azurite, string account) =>
            MediaOps.Core.Accounts.MediaAccountContext.AzuriteConnectionString(account, azurite.AccountKey(account), Blob.Port, Queue.Port);

        public IEnumerable<(TimeSpan At, string Line, string Service)> All()
        {
            foreach (var r in Blob.Requests) yield return (r.At, r.Line, "blob");
            foreach (var r in Queue.Requests) yield return (r.At, r.Line, "queue");
        }

        public void Dispose()
        {
            Blob.Dispose();
            Queue.Dispose();
        }
    }
}
