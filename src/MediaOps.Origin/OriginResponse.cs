using System;
using System.Collections.Generic;
using System.IO;

namespace MediaOps.Origin
{
    /// <summary>
    /// The answer to an <see cref="OriginRequest"/>: status, headers and, for a GET of a blob, the body streamed from
    /// storage, which the host copies to the client and then disposes.
    /// </summary>
    public sealed class OriginResponse : IDisposable
    {
        private readonly List<KeyValuePair<string, string>> _headers = new List<KeyValuePair<string, string>>();

        internal OriginResponse(int statusCode)
        {
            StatusCode = statusCode;
        }

        public int StatusCode { get; }

        /// <summary>Headers other than Content-Length, in the order they are to be sent.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

        /// <summary>The Content-Length, when the response has one (also for HEAD, where no body follows).</summary>
        public long? ContentLength { get; internal set; }

        /// <summary>The bytes to send; null when there is no body or for HEAD.</summary>
        public Stream? Body { get; internal set; }

        /// <summary>Short text body of an error or of <c>/healthz</c>, sent when <see cref="Body"/> is null.</summary>
        public string? Text { get; internal set; }

        /// <summary>The locator the request was for, for the request log.</summary>
        public string? LocatorId { get; internal set; }

        /// <summary>Why the request was refused, for the request log (never sent to the client).</summary>
        public string? Reason { get; internal set; }

        public string? GetHeader(string name)
        {
            foreach (var header in _headers)
            {
                if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)) return header.Value;
            }
            return null;
        }

        public void Dispose() => Body?.Dispose();

        internal OriginResponse With(string name, string? value)
        {
            if (value != null) _headers.Add(new KeyValuePair<string, string>(name, value));
            return this;
        }

        internal OriginResponse With(IEnumerable<KeyValuePair<string, string>> headers)
        {
            _headers.AddRange(headers);
            return this;
        }
    }
}
