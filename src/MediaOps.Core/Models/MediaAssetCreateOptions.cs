namespace MediaOps.Core.Models
{
    public sealed class MediaAssetCreateOptions
    {
        /// <summary>The asset's name; defaults to the first file's name.</summary>
        public string? Name { get; set; }

        /// <summary>The primary file; defaults to the first file.</summary>
        public string? PrimaryFile { get; set; }

        /// <summary>Files uploaded at once.</summary>
        public int MaxConcurrency { get; set; } = 4;
    }
}
