using System;
using System.Collections.Generic;
using System.Globalization;
using MediaOps.Core.Models;

namespace MediaOps.Core.Assets
{
    /// <summary>
    /// The asset's own description, kept in its container's metadata. Values are URI-escaped because metadata
    /// must be ASCII. An asset is registered (visible to Get-MediaAsset, usable by jobs) only once its state is Ready,
    /// which is written after every blob is in place.
    /// </summary>
    internal static class AssetMetadata
    {
        public const string AssetId = "assetid";
        public const string Name = "name";
        public const string PrimaryFile = "primaryfile";
        public const string Created = "created";
        public const string State = "state";
        public const string ReplicatedFrom = "replicatedfrom";

        public const string Uploading = "Uploading";
        public const string Ready = "Ready";

        public static Dictionary<string, string> ForUpload(string assetId, string name) => new Dictionary<string, string>
        {
            [AssetId] = assetId,
            [Name] = Uri.EscapeDataString(name),
            [State] = Uploading,
        };

        public static Dictionary<string, string> ForRegistration(MediaAsset asset)
        {
            var metadata = new Dictionary<string, string>
            {
                [AssetId] = asset.Id,
                [Name] = Uri.EscapeDataString(asset.Name),
                [Created] = asset.Created.UtcDateTime.ToString("o", CultureInfo.InvariantCulture),
                [State] = Ready,
            };
            if (asset.PrimaryFile != null) metadata[PrimaryFile] = Uri.EscapeDataString(asset.PrimaryFile);
            if (asset.ReplicatedFrom != null) metadata[ReplicatedFrom] = Uri.EscapeDataString(asset.ReplicatedFrom);
            return metadata;
        }

        public static bool IsReady(IDictionary<string, string> metadata) =>
            metadata.TryGetValue(State, out var state) && state == Ready;

        /// <summary>The asset described by a container's metadata (files not included).</summary>
        public static MediaAsset Read(string containerName, IDictionary<string, string> metadata, DateTimeOffset lastModified)
        {
            string? Get(string key) => metadata.TryGetValue(key, out var value) ? Uri.UnescapeDataString(value) : null;
            var id = metadata.TryGetValue(AssetId, out var rawId) ? rawId : MediaIds.AssetPrefix + containerName.Substring("asset-".Length);
            var created = DateTimeOffset.TryParse(Get(Created), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : lastModified;
            return new MediaAsset
            {
                Id = id,
                Name = Get(Name) ?? containerName,
                ContainerName = containerName,
                PrimaryFile = Get(PrimaryFile),
                Created = created,
                ReplicatedFrom = Get(ReplicatedFrom),
            };
        }
    }
}
