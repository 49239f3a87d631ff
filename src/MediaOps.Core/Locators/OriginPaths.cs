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

        /// <summary>The <c>&lt;name&gt;</c> of <c>&lt;name&gt;.ism</c> when the asset's name leaves nothing URL-safe.</summary>
        public const string DefaultMediaServicesName = "manifest";

        /// <summary>The longest <c>&lt;name&gt;</c> made from an asset's name.</summary>
        public const int MaxMediaServicesNameLength = 100;

        /// <summary>The Media Services format of the HLS URL form on locators.</summary>
        public const string MediaServicesHlsFormat = "m3u8-aapl";

        /// <summary>The Media Services format of the DASH URL form on locators.</summary>
        public const string MediaServicesDashFormat = "mpd-time-csf";

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

        /// <summary>
        /// The <c>&lt;name&gt;</c> of <c>&lt;name&gt;.ism</c> for an asset name: ASCII letters, digits, '-', '_' and '.' kept, every
        /// other run of characters one '-', no leading or trailing '-' or '.', a trailing <c>.ism</c> dropped, at most
        /// <see cref="MaxMediaServicesNameLength"/> characters; <see cref="DefaultMediaServicesName"/> when nothing is left.
        /// </summary>
        public static string MediaServicesName(string? assetName)
        {
            var builder = new System.Text.StringBuilder();
            foreach (var c in assetName ?? "")
            {
                var safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
                if (safe) builder.Append(c);
                else if (builder.Length > 0 && builder[builder.Length - 1] != '-') builder.Append('-');
            }
            var name = builder.ToString();
            if (name.EndsWith(".ism", StringComparison.OrdinalIgnoreCase)) name = name.Substring(0, name.Length - 4);
            if (name.Length > MaxMediaServicesNameLength) name = name.Substring(0, MaxMediaServicesNameLength);
            name = name.Trim('-', '.');
            return name.Length == 0 ? DefaultMediaServicesName : name;
        }

        /// <summary>Fills <see cref="MediaLocator.Path"/>, <see cref="MediaLocator.StreamingPaths"/> and <see cref="MediaLocator.StreamingUrls"/>.</summary>
        public static void Fill(MediaLocator locator, Uri? streamingEndpoint)
        {
            var guid = locator.Guid.ToString("D");
            var paths = locator.ManifestFiles.Select(file => guid + "/" + EscapePath(file)).ToList();
            locator.StreamingPaths = paths;
            var ism = guid + "/" + Uri.EscapeDataString(locator.MediaServicesName ?? DefaultMediaServicesName) + ".ism/manifest(format=";
            var msPaths = new List<string>();
            if (locator.ManifestFiles.Any(IsPlaylist)) msPaths.Add(ism + MediaServicesHlsFormat + ")");
            if (locator.ManifestFiles.Any(IsDashManifest)) msPaths.Add(ism + MediaServicesDashFormat + ")");
            locator.MediaServicesStreamingPaths = msPaths;
            if (streamingEndpoint is null)
            {
                locator.Path = null;
                locator.StreamingUrls = Array.Empty<Uri>();
                locator.MediaServicesStreamingUrls = Array.Empty<Uri>();
                return;
            }
            var baseUrl = streamingEndpoint.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/";
            locator.Path = baseUrl + guid + "/";
            locator.StreamingUrls = paths.Select(path => new Uri(baseUrl + path)).ToList();
            locator.MediaServicesStreamingUrls = msPaths.Select(path => new Uri(baseUrl + path)).ToList();
        }

        private static bool IsPlaylist(string? name) => name != null && name.EndsWith(HlsExtension, StringComparison.OrdinalIgnoreCase);

        private static bool IsDashManifest(string name) => name.EndsWith(DashExtension, StringComparison.OrdinalIgnoreCase);

        private static string EscapePath(string file) => string.Join("/", file.Split('/').Select(Uri.EscapeDataString));
    }
}
