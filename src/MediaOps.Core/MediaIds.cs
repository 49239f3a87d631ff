using System;

namespace MediaOps.Core
{
    /// <summary>Ids in the Media Services v2 form: <c>nb:&lt;kind&gt;:UUID:&lt;guid&gt;</c>.</summary>
    public static class MediaIds
    {
        public const string AssetPrefix = "nb:cid:UUID:";
        public const string JobPrefix = "nb:jid:UUID:";
        public const string EndpointPrefix = "nb:nepid:UUID:";
        public const string LocatorPrefix = "nb:lid:UUID:";

        public static string NewAssetId() => AssetPrefix + Guid.NewGuid().ToString("D");
        public static string NewJobId() => JobPrefix + Guid.NewGuid().ToString("D");
        public static string NewEndpointId() => EndpointPrefix + Guid.NewGuid().ToString("D");
        public static string NewLocatorId() => LocatorPrefix + Guid.NewGuid().ToString("D");

        /// <summary>
        /// The guid part of an id, accepting the full id or the bare guid. Throws <see cref="MediaOpsException"/>
        /// naming the expected form when the text is neither.
        /// </summary>
        public static Guid ParseGuid(string id, string prefix, string what)
        {
            if (id is null) throw new ArgumentNullException(nameof(id));
            var text = id.Trim();
            if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                text = text.Substring(prefix.Length);
            }
            if (Guid.TryParse(text, out var guid))
            {
                return guid;
            }
            throw new MediaOpsException(
                MediaErrorKind.InvalidArgument,
                $"'{id}' is not a valid {what} id. Use the form '{prefix}<guid>', for example '{prefix}{Guid.Empty:D}'.",
                id);
        }

        /// <summary>The canonical full id for a guid.</summary>
        public static string Format(string prefix, Guid guid) => prefix + guid.ToString("D");

        /// <summary>The canonical full id for an id given in either accepted form.</summary>
        public static string Normalize(string id, string prefix, string what) => Format(prefix, ParseGuid(id, prefix, what));

        public static string AssetContainerName(string assetId) => "asset-" + ParseGuid(assetId, AssetPrefix, "asset").ToString("D");
    }
}
