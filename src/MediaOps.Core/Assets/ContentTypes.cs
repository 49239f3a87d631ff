using System;
using System.Collections.Generic;
using System.IO;

namespace MediaOps.Core.Assets
{
    /// <summary>Content types of the files a media pipeline stores, so that players and origins get them right.</summary>
    public static class ContentTypes
    {
        private static readonly Dictionary<string, string> ByExtension = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [".m3u8"] = "application/vnd.apple.mpegurl",
            [".mpd"] = "application/dash+xml",
            [".mp4"] = "video/mp4",
            [".m4v"] = "video/mp4",
            [".m4s"] = "video/iso.segment",
            [".m4a"] = "audio/mp4",
            [".cmfv"] = "video/mp4",
            [".cmfa"] = "audio/mp4",
            [".mov"] = "video/quicktime",
            [".mkv"] = "video/x-matroska",
            [".webm"] = "video/webm",
            [".ts"] = "video/mp2t",
            [".aac"] = "audio/aac",
            [".mp3"] = "audio/mpeg",
            [".wav"] = "audio/wav",
            [".vtt"] = "text/vtt",
            [".json"] = "application/json",
            [".xml"] = "application/xml",
            [".jpg"] = "image/jpeg",
            [".png"] = "image/png",
        };

        public static string ForFile(string fileName) =>
            ByExtension.TryGetValue(Path.GetExtension(fileName), out var type) ? type : "application/octet-stream";
    }
}
