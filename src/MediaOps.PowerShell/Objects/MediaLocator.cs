using System;
using System.Collections.Generic;
using CoreLocator = MediaOps.Core.Models.MediaLocator;

namespace MediaOps.PowerShell
{
    /// <summary>
    /// A locator of an asset: a SAS locator (<see cref="Path"/> is a container SAS URL) or an origin locator (its
    /// <see cref="StreamingUrls"/> are served by a <c>mediaops origin</c>).
    /// </summary>
    public sealed class MediaLocator
    {
        internal MediaLocator(CoreLocator model) => Model = model;

        /// <summary>nb:lid:UUID:&lt;guid&gt;; the guid is the first segment of the streaming paths.</summary>
        public string Id => Model.Id;

        /// <summary>The same as <see cref="Id"/>, for binding by property name.</summary>
        public string LocatorId => Model.Id;

        public MediaLocatorType Type => EnumMapping.Convert<MediaLocatorType>(Model.Type);

        public string AssetId => Model.AssetId;

        public LocatorPermissions Permissions => EnumMapping.Convert<LocatorPermissions>(Model.Permissions);

        public DateTimeOffset StartTime => Model.StartTime;

        public DateTimeOffset ExpirationTime => Model.ExpirationTime;

        public DateTimeOffset Created => Model.Created;

        /// <summary>For a SAS locator: the container SAS URL, signature included. Treat it as a secret.</summary>
        public string? Path => Model.Path;

        /// <summary>For an origin locator: &lt;locator guid&gt;/&lt;manifest&gt;, the same in every account.</summary>
        public IReadOnlyList<string> StreamingPaths => Model.StreamingPaths;

        /// <summary>For an origin locator: the streaming paths under the account's -StreamingEndpoint.</summary>
        public IReadOnlyList<Uri> StreamingUrls => Model.StreamingUrls;

        /// <summary>
        /// For an origin locator with HLS or DASH manifests: the Media Services forms of the streaming paths, HLS
        /// &lt;locator guid&gt;/&lt;name&gt;.ism/manifest(format=m3u8-aapl) first, then DASH
        /// &lt;locator guid&gt;/&lt;name&gt;.ism/manifest(format=mpd-time-csf), the same in every account. &lt;name&gt; is the
        /// asset's name made URL-safe when the locator was created (manifest when nothing of it is left); a replica keeps it.
        /// </summary>
        public IReadOnlyList<string> MediaServicesStreamingPaths => Model.MediaServicesStreamingPaths;

        /// <summary>For an origin locator: the Media Services streaming paths under the account's -StreamingEndpoint.</summary>
        public IReadOnlyList<Uri> MediaServicesStreamingUrls => Model.MediaServicesStreamingUrls;

        public IReadOnlyList<string> ManifestFiles => Model.ManifestFiles;

        public Guid Guid => Model.Guid;

        /// <summary>The account the locator is in.</summary>
        public MediaAccount? Context => MediaAccount.ForOptional(Model.Context);

        internal CoreLocator Model { get; }

        /// <summary>Never includes <see cref="Path"/>.</summary>
        public override string ToString() => Model.ToString();
    }
}
