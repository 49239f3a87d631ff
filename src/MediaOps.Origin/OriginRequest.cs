namespace MediaOps.Origin
{
    /// <summary>What a <see cref="MediaOrigin"/> needs of an HTTP request, independent of the web server that received it.</summary>
    public sealed class OriginRequest
    {
        public OriginRequest(string method, string rawTarget)
        {
            Method = method;
            RawTarget = rawTarget;
        }

        public string Method { get; }

        /// <summary>The request target as received (path and query, still percent-encoded), so that it is decoded exactly once.</summary>
        public string RawTarget { get; }

        public string? Range { get; set; }

        public string? IfNoneMatch { get; set; }

        public string? IfRange { get; set; }

        /// <summary>The Origin header of a browser's CORS request.</summary>
        public string? Origin { get; set; }
    }
}
