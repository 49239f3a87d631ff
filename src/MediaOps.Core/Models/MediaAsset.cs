using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using MediaOps.Core.Accounts;

namespace MediaOps.Core.Models
{
    /// <summary>An asset: the blob container <c>asset-&lt;guid&gt;</c>; its files are its blobs.</summary>
    public sealed class MediaAsset
    {
        public string Id { get; set; } = "";

        public string Name { get; set; } = "";

        public string ContainerName { get; set; } = "";

        /// <summary>The file a player or the next job starts from (the input mezzanine, the HLS master playlist, ...).</summary>
        public string? PrimaryFile { get; set; }

        public DateTimeOffset Created { get; set; }

        /// <summary>For a replica: the URL (without any query) of the source container it was copied from; the id is the same.</summary>
        public string? ReplicatedFrom { get; set; }

        public IReadOnlyList<MediaAssetFile> Files { get; set; } = Array.Empty<MediaAssetFile>();

        public long TotalBytes
        {
            get
            {
                long total = 0;
                foreach (var file in Files) total += file.Length;
                return total;
            }
        }

        [JsonIgnore]
        public MediaAccountContext? Context { get; set; }

        /// <summary>
        /// Set on the asset Copy-MediaAsset emits: the account it was copied from, so that New-ReplicatedLocator down the
        /// pipeline can read the source asset's origin locators there.
        /// </summary>
        [JsonIgnore]
        public MediaAccountContext? SourceContext { get; set; }

        /// <summary>Alias of <see cref="Id"/> for pipeline binding by property name.</summary>
        [JsonIgnore]
        public string AssetId => Id;

        public override string ToString() => $"{Id} ({Name})";
    }

    /// <summary>One file (blob) of an asset.</summary>
    public sealed class MediaAssetFile
    {
        public string Name { get; set; } = "";

        public long Length { get; set; }

        public string? ContentType { get; set; }

        /// <summary>Base64 MD5 of the content, as storage reports it.</summary>
        public string? ContentMd5 { get; set; }

        public override string ToString() => Name;
    }
}
