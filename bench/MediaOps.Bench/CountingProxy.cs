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
    /// With a <c>delay</c>, it also holds every byte for that long in each direction (a fixed latency, no bandwidth
    /// limit: <c>2 x delay</c> more per request/response round trip), for the connections of clients. A connection whose
    /// first request is authorized by a SAS in its URL and carries no Authorization header is the storage service itself
    /// reading a copy source (Azurite fetches the source URL of a Copy Blob): it is relayed without delay and its requests
    /// are counted apart (<see cref="StorageRequests"/>), since storage accounts in one region reach each other directly.
    /// </summary>
    internal sealed class CountingProxy : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly int _targetPort;
        private readonly TimeSpan _delay;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentQueue<(TimeSpan At, string Line)> _requests = new ConcurrentQueue<(TimeSpan, string)>();
        private readonly ConcurrentQueue<(TimeSpan At, string Line)> _storageRequests = new ConcurrentQueue<(TimeSpan, string)>();
        private readonly ConcurrentBag<TcpClient> _connections = new ConcurrentBag<TcpClient>();
        private readonly Stopwatch _clock;
        private readonly Task _accepting;

        public CountingProxy(int targetPort, Stopwatch clock, TimeSpan delay = default)
        {
            _targetPort = targetPort;
            _clock = clock;
            _delay = delay;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _accepting = AcceptAsync();
        }

        public int Port { get; }

        /// <summary>Every request seen from clients: when (on the clock given) and its request line.</summary>
        public IReadOnlyCollection<(TimeSpan At, string Line)> Requests => _requests.ToArray();

        /// <summary>Requests of the storage service itself (SAS-authorized copy-source reads), relayed without delay; only kept apart when a delay is set.</summary>
        public IReadOnlyCollection<(TimeSpan At, string Line)> StorageRequests => _storageRequests.ToArray();

        /// <summary>The latency added in each direction of a client connection.</summary>
        public TimeSpan Delay => _delay;

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
                if (_delay <= TimeSpan.Zero)
                {
                    var responses = toServer.CopyToAsync(fromClient, _stop.Token);
                    var requests = CountRequestsAsync(fromClient, toServer, null);
                    await Task.WhenAny(responses, requests).ConfigureAwait(false);
                }
                else
                {
                    // Decided when the first request's headers have been read: delayed (a client) or not (storage itself).
                    var decision = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
                    using var delayedToServer = new DelayLine(toServer, decision.Task, _stop.Token);
                    using var delayedToClient = new DelayLine(fromClient, decision.Task, _stop.Token);
                    var responses = toServer.CopyToAsync(delayedToClient, _stop.Token);
                    var requests = CountRequestsAsync(fromClient, delayedToServer, decision);
                    await Task.WhenAny(responses, requests, delayedToServer.Failed, delayedToClient.Failed).ConfigureAwait(false);
                    // What is still on its way in either direction is delivered before the connection closes.
                    await Task.WhenAll(delayedToServer.DrainAsync(), delayedToClient.DrainAsync()).ConfigureAwait(false);
                }
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
        private async Task CountRequestsAsync(Stream from, Stream to, TaskCompletionSource<TimeSpan>? decision)
        {
            var reader = new ForwardingReader(from, to, _stop.Token);
            var fromStorage = false;
            try
            {
                await CountAsync().ConfigureAwait(false);
            }
            finally
            {
                decision?.TrySetResult(_delay);
            }

            async Task CountAsync()
            {
                while (true)
                {
                    var requestLine = await reader.ReadLineAsync().ConfigureAwait(false);
                    if (requestLine == null) return;
                    if (requestLine.Length == 0) continue;
                    var at = _clock.Elapsed;
                    long contentLength = 0;
                    var chunked = false;
                    var authorized = false;
                    while (true)
                    {
                        var header = await reader.ReadLineAsync().ConfigureAwait(false);
                        if (header == null) return;
                        if (header.Length == 0) break;
                        var colon = header.IndexOf(':');
                        if (colon <= 0) continue;
                        var name = header.Substring(0, colon).Trim();
                        var value = header.Substring(colon + 1).Trim();
                        if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)) authorized = true;
                        if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) contentLength = long.Parse(value, CultureInfo.InvariantCulture);
                        if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && value.Contains("chunked", StringComparison.OrdinalIgnoreCase)) chunked = true;
                    }
                    if (decision != null && !decision.Task.IsCompleted)
                    {
                        fromStorage = !authorized && requestLine.Contains("sig=", StringComparison.Ordinal);
                        decision.TrySetResult(fromStorage ? TimeSpan.Zero : _delay);
                    }
                    (fromStorage ? _storageRequests : _requests).Enqueue((at, requestLine));
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
        }

        /// <summary>
        /// A write-only stream that passes each write on to <c>inner</c> a fixed time after it was made, in order: a
        /// latency without a bandwidth limit. The delay is known once <c>delay</c> completes (the first request's headers).
        /// </summary>
        private sealed class DelayLine : Stream
        {
            private readonly Stream _inner;
            private readonly Task<TimeSpan> _delay;
            private readonly CancellationToken _token;
            private readonly System.Threading.Channels.Channel<(long At, byte[] Data)> _chunks =
                System.Threading.Channels.Channel.CreateUnbounded<(long, byte[])>(new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });
            private readonly Task _pump;

            public DelayLine(Stream inner, Task<TimeSpan> delay, CancellationToken token)
            {
                _inner = inner;
                _delay = delay;
                _token = token;
                _pump = PumpAsync();
                Failed = _pump;
            }

            /// <summary>Ends when the line can no longer write (the other side closed, or the relay stopped).</summary>
            public Task Failed { get; }

            public override bool CanRead => false;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override void Flush()
            {
            }

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) =>
                _chunks.Writer.TryWrite((Stopwatch.GetTimestamp(), buffer.AsSpan(offset, count).ToArray()));

            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                Write(buffer, offset, count);
                return Task.CompletedTask;
            }

            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                _chunks.Writer.TryWrite((Stopwatch.GetTimestamp(), buffer.ToArray()));
                return default;
            }

            /// <summary>Takes no more writes and waits (a little longer than the delay at most) for the ones under way to go out.</summary>
            public async Task DrainAsync()
            {
                _chunks.Writer.TryComplete();
                await Task.WhenAny(_pump, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
            }

            protected override void Dispose(bool disposing)
            {
                _chunks.Writer.TryComplete();
                base.Dispose(disposing);
            }

            private async Task PumpAsync()
            {
                try
                {
                    var delay = await _delay.WaitAsync(_token).ConfigureAwait(false);
                    await foreach (var (at, data) in _chunks.Reader.ReadAllAsync(_token).ConfigureAwait(false))
                    {
                        var wait = delay - Stopwatch.GetElapsedTime(at);
                        if (wait > TimeSpan.Zero) await Task.Delay(wait, _token).ConfigureAwait(false);
                        await _inner.WriteAsync(data, _token).ConfigureAwait(false);
                    }
                }
                catch (Exception)
                {
                    // The connection closed, or the relay stopped.
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

    /// <summary>A pair of counting relays (blob and queue) in front of one Azurite, with a connection string through them (every account of it).</summary>
    internal sealed class CountingEndpoints : IDisposable
    {
        public CountingEndpoints(MediaOps.Testing.AzuriteInstance azurite, Stopwatch clock, TimeSpan delay = default)
        {
            Blob = new CountingProxy(azurite.BlobPort, clock, delay);
            Queue = new CountingProxy(azurite.QueuePort, clock, delay);
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
