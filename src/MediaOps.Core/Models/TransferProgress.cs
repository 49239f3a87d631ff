namespace MediaOps.Core.Models
{
    /// <summary>Progress of an upload or copy of several files, in bytes and files.</summary>
    public sealed class TransferProgress
    {
        public TransferProgress(long bytesTransferred, long totalBytes, int filesCompleted, int totalFiles, string? currentFile)
        {
            BytesTransferred = bytesTransferred;
            TotalBytes = totalBytes;
            FilesCompleted = filesCompleted;
            TotalFiles = totalFiles;
            CurrentFile = currentFile;
        }

        public long BytesTransferred { get; }

        public long TotalBytes { get; }

        public int FilesCompleted { get; }

        public int TotalFiles { get; }

        public string? CurrentFile { get; }

        public double Percent => TotalBytes <= 0 ? (TotalFiles == 0 ? 100 : 100.0 * FilesCompleted / TotalFiles) : 100.0 * BytesTransferred / TotalBytes;
    }
}
