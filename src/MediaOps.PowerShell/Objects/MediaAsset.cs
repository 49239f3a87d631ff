using System;
using System.Collections.Generic;
using System.Linq;
using CoreAsset = MediaOps.Core.Models.MediaAsset;
using CoreAssetFile = MediaOps.Core.Models.MediaAssetFile;

namespace MediaOps.PowerShell
{
    /// <summary>A media asset: the blob container <c>asset-&lt;guid&gt;</c> of an account; its files are its blobs.</summary>
    public sealed class MediaAsset
    {
        internal MediaAsset(CoreAsset model)
        {
            Model = model;
            Files = model.Files.Select(f => new MediaAssetFile(f)).ToArray();
        }

        /// <summary>nb:cid:UUID:&lt;guid&gt;; a replica has the id of its source.</summary>
        public string Id => Model.Id;

        /// <summary>The same as <see cref="Id"/>, for binding by property name.</summary>
        public string AssetId => Model.Id;

        public string Name => Model.Name;

        public string ContainerName => Model.ContainerName;

        /// <summary>The file a player or the next job starts from (the mezzanine, the HLS master playlist, ...).</summary>
        public string? PrimaryFile => Model.PrimaryFile;

        public DateTimeOffset Created => Model.Created;

        /// <summary>For a replica: the URL (without any query) of the container it was copied from.</summary>
        public string? ReplicatedFrom => Model.ReplicatedFrom;

        public IReadOnlyList<MediaAssetFile> Files { get; }

        public long TotalBytes => Model.TotalBytes;

        /// <summary>The account the asset is in.</summary>
        public MediaAccount? Context => MediaAccount.ForOptional(Model.Context);

        /// <summary>On the asset Copy-MediaAsset emits: the account it was copied from (New-ReplicatedLocator reads it).</summary>
        public MediaAccount? SourceContext => MediaAccount.ForOptional(Model.SourceContext);

        internal CoreAsset Model { get; }

        public override string ToString() => Model.ToString();
    }

    /// <summary>One file (blob) of an asset.</summary>
    public sealed class MediaAssetFile
    {
        private readonly CoreAssetFile _model;

        internal MediaAssetFile(CoreAssetFile model) => _model = model;

        public string Name => _model.Name;

        public long Length => _model.Length;

        public string? ContentType => _model.ContentType;

        /// <summary>Base64 MD5 of the content, as storage reports it.</summary>
        public string? ContentMd5 => _model.ContentMd5;

        public override string ToString() => _model.ToString();
    }
}
