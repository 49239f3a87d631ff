using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using MediaOps.Core.Accounts;

namespace MediaOps.Core.Models
{
    /// <summary>
    /// A locator: the record <c>locators/&lt;guid&gt;.json</c> in the account's system container, which gives access to one
    /// asset between <see cref="StartTime"/> and <see cref="ExpirationTime"/>. An origin locator replicated to another
    /// account keeps its id, start and expiry, so its streaming URLs there differ only in their base URL.
    /// </summary>
    public sealed class MediaLocator
    {
        /// <summary><c>nb:lid:UUID:&lt;guid&gt;</c>.</summary>
        public string Id { get; set; } = "";

        public MediaLocatorType Type { get; set; }

        public string AssetId { get; set; } = "";

        public LocatorPermissions Permissions { get; set; } = LocatorPermissions.Read;

        public DateTimeOffset StartTime { get; set; }

        public DateTimeOffset ExpirationTime { get; set; }

        public DateTimeOffset Created { get; set; }

        /// <summary>
        /// Origin locators: the asset's manifests (HLS master playlist first, then the DASH manifest), as names of files in
        /// the asset, recorded when the locator is created so that URLs can be formed without reading the asset.
        /// </summary>
        public List<string> ManifestFiles { get; set; } = new List<string>();

        /// <summary>
        /// Origin locators: the <c>&lt;name&gt;</c> of the Media Services URL form <c>&lt;guid&gt;/&lt;name&gt;.ism/manifest(format=…)</c>,
        /// made URL-safe from the asset's name when the locator is created (<c>manifest</c> when nothing of it is left) and
        /// copied by a replica, so that both accounts give the same paths. Null in records written before it existed,
        /// which then use <c>manifest</c>.
        /// </summary>
        public string? MediaServicesName { get; set; }

        /// <summary>
        /// Sas locators: the signed identifier of the stored access policy on the asset's container that the SAS refers to,
        /// so that removing the locator revokes the SAS at once; null when the SAS was signed with a user delegation key.
        /// </summary>
        public string? AccessPolicyId { get; set; }

        /// <summary>
        /// Sas: the container SAS URL (a secret: it is computed on reading and never stored or displayed by default).
        /// OnDemandOrigin: <c>&lt;StreamingEndpoint&gt;/&lt;guid&gt;/</c>, or null when the account has no streaming endpoint.
        /// </summary>
        [JsonIgnore]
        public string? Path { get; set; }

        /// <summary>Origin locators: <c>&lt;guid&gt;/&lt;manifest&gt;</c> for each manifest, the part that is the same in every origin.</summary>
        [JsonIgnore]
        public IReadOnlyList<string> StreamingPaths { get; set; } = Array.Empty<string>();

        /// <summary>Origin locators: the full URL of each manifest under the account's streaming endpoint (empty without one).</summary>
        [JsonIgnore]
        public IReadOnlyList<Uri> StreamingUrls { get; set; } = Array.Empty<Uri>();

        /// <summary>
        /// Origin locators with an HLS or DASH manifest: the Media Services forms of the streaming paths, HLS
        /// <c>&lt;guid&gt;/&lt;name&gt;.ism/manifest(format=m3u8-aapl)</c> first, then DASH
        /// <c>&lt;guid&gt;/&lt;name&gt;.ism/manifest(format=mpd-time-csf)</c>, which an origin serves as the same manifests.
        /// </summary>
        [JsonIgnore]
        public IReadOnlyList<string> MediaServicesStreamingPaths { get; set; } = Array.Empty<string>();

        /// <summary>Origin locators: <see cref="MediaServicesStreamingPaths"/> under the account's streaming endpoint (empty without one).</summary>
        [JsonIgnore]
        public IReadOnlyList<Uri> MediaServicesStreamingUrls { get; set; } = Array.Empty<Uri>();

        [JsonIgnore]
        public MediaAccountContext? Context { get; set; }

        /// <summary>Alias of <see cref="Id"/> for pipeline binding by property name.</summary>
        [JsonIgnore]
        public string LocatorId => Id;

        /// <summary>The guid part of the id: the first segment of every streaming path.</summary>
        [JsonIgnore]
        public Guid Guid => MediaIds.ParseGuid(Id, MediaIds.LocatorPrefix, "locator");

        /// <summary>Whether the locator gives access at <paramref name="now"/>.</summary>
        public bool IsValidAt(DateTimeOffset now) => now >= StartTime && now < ExpirationTime;

        /// <summary>Never includes <see cref="Path"/>, which may hold a SAS signature.</summary>
        public override string ToString() => $"{Id} ({Type}, asset {AssetId}, until {ExpirationTime:u})";
    }
}
