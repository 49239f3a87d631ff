using System;
using System.Collections.Generic;
using System.Linq;
using MediaOps.Core.Models;

namespace MediaOps.Core.Locators
{
    /// <summary>The manifests an origin locator publishes and the paths and URLs under which an origin serves them.</summary>
    internal static class OriginPaths
    {
        private const string HlsExtension = ".m3u8";
        private const string DashExtension = ".mpd";
        private const string DefaultHlsMaster = "master.m3u8";

        /// <summary>
        /// The HLS master playlist (the primary file when it is a playlist, else a root-level master.m3u8) first, then the
        /// root-level DASH manifest; the primary file alone when the asset has neither (a progressive MP4).
        /// </summary>
        public static List<string> ChooseManifests(MediaAsset asset)
        {
            var rootFiles = asset.Files.Select(f => f.Name).Where(n => n.IndexOf('/') < 0).ToList();
            var manifests = new List<string>();

            var hls = IsPlaylist(asset.PrimaryFile)
                ? asset.PrimaryFile
                : rootFiles.FirstOrDefault(n => n.Equals(DefaultHlsMaster, StringComparison.OrdinalIgnoreCase));
            if (hls != null) manifests.Add(hls);

            var dash = asset.PrimaryFile != null && IsDashManifest(asset.PrimaryFile) && rootFiles.Contains(asset.PrimaryFile)
                ? asset.PrimaryFile
                : rootFiles.Where(IsDashManifest).OrderBy(n => n, StringComparer.Ordinal).FirstOrDefault();
            if (dash != null) manifests.Add(dash);

            if (manifests.Count == 0 && asset.PrimaryFile != null) manifests.Add(asset.PrimaryFile);
            return manifests;
        }

        /// <summary>Fills <see cref="MediaLocator.Path"/>, <see cref="MediaLocator.StreamingPaths"/> and <see cref="MediaLocator.StreamingUrls"/>.</summary>
        public static void Fill(MediaLocator locator, Uri? streamingEndpoint)
        {
            var guid = locator.Guid.ToString("D");
            var paths = locator.ManifestFiles.Select(file => guid + "/" + EscapePath(file)).ToList();
            locator.StreamingPaths = paths;
            if (streamingEndpoint is null)
            {
                locator.Path = null;
                locator.StreamingUrls = Array.Empty<Uri>();
                return;
            }
            var baseUrl = streamingEndpoint.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/";
            locator.Path = baseUrl + guid + "/";
            locator.StreamingUrls = paths.Select(path => new Uri(baseUrl + path)).ToList();
        }

        private static bool IsPlaylist(string? name) => name != null && name.EndsWith(HlsExtension, StringComparison.OrdinalIgnoreCase);

        private static bool IsDashManifest(string name) => name.EndsWith(DashExtension, StringComparison.OrdinalIgnoreCase);

        private static string EscapePath(string file) => string.Join("/", file.Split('/').Select(Uri.EscapeDataString));
    }
}
