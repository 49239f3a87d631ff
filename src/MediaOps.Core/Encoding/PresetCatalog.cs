using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using MediaOps.Core.Models;

namespace MediaOps.Core.Encoding
{
    /// <summary>
    /// The built-in presets (JSON resources from Encoding/Presets) and users' own preset files, all validated the same way.
    /// The schema is documented at the top of EncodingPreset.cs.
    /// </summary>
    public static class PresetCatalog
    {
        public const string DefaultPresetName = "Adaptive Streaming";

        private const string ResourcePrefix = "MediaOps.Core.Presets.";
        private const long MaxPresetFileBytes = 1024 * 1024;

        private static readonly Lazy<IReadOnlyList<KeyValuePair<string, string>>> BuiltIns =
            new Lazy<IReadOnlyList<KeyValuePair<string, string>>>(LoadBuiltIns);

        /// <summary>The built-in preset names, the default first.</summary>
        public static IReadOnlyList<string> BuiltInNames => BuiltIns.Value.Select(p => p.Key).ToList();

        /// <summary>A fresh copy of a built-in preset; the name is matched case-insensitively.</summary>
        public static EncodingPreset GetBuiltIn(string name)
        {
            var trimmed = name?.Trim();
            foreach (var builtIn in BuiltIns.Value)
            {
                if (string.Equals(builtIn.Key, trimmed, StringComparison.OrdinalIgnoreCase))
                {
                    return PresetJson.Parse(builtIn.Value, "built-in preset '" + builtIn.Key + "'", null);
                }
            }
            var valid = string.Join(", ", BuiltIns.Value.Select(p => "'" + p.Key + "'"));
            throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                string.IsNullOrEmpty(trimmed)
                    ? $"No preset name was given. Valid presets: {valid}; or give a preset file of your own."
                    : $"Unknown preset '{name}'. Valid presets: {valid}; or give a preset file of your own.",
                name);
        }

        /// <summary>Reads and validates a user's own preset file. Its name defaults to the file name.</summary>
        public static EncodingPreset LoadFile(string path)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument, "No preset file was given. Give the path of a preset JSON file.");
            }
            string fullPath;
            try
            {
                fullPath = Path.GetFullPath(path);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument, $"Preset file path '{path}' is not a valid path: {ex.Message}", path, ex);
            }
            var source = $"preset file '{fullPath}'";
            if (Directory.Exists(fullPath))
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"Preset file '{fullPath}' is a directory. Give the path of a preset JSON file.", fullPath);
            }
            if (!File.Exists(fullPath))
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"Preset file '{fullPath}' does not exist. Check the path, or use a built-in preset: {string.Join(", ", BuiltInNames.Select(n => "'" + n + "'"))}.",
                    fullPath);
            }
            string json;
            try
            {
                var length = new FileInfo(fullPath).Length;
                if (length > MaxPresetFileBytes)
                {
                    throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                        $"Preset file '{fullPath}' is {length} bytes; a preset is a small JSON document (at most {MaxPresetFileBytes} bytes). Check that this is the right file.",
                        fullPath);
                }
                json = File.ReadAllText(fullPath, System.Text.Encoding.UTF8);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"Preset file '{fullPath}' cannot be read: {ex.Message} Check that the file exists and that you may read it.", fullPath, ex);
            }
            return PresetJson.Parse(json, source, Path.GetFileNameWithoutExtension(fullPath), fullPath);
        }

        /// <summary>Parses and validates preset JSON; <paramref name="source"/> names it in error messages (a file, a job).</summary>
        public static EncodingPreset Parse(string json, string source)
        {
            return PresetJson.Parse(json, string.IsNullOrWhiteSpace(source) ? "preset" : source, null);
        }

        /// <summary>The preset as JSON of the documented schema; <see cref="Parse"/> reads it back to an equal preset.</summary>
        public static string Serialize(EncodingPreset preset)
        {
            if (preset is null) throw new ArgumentNullException(nameof(preset));
            PresetJson.Validate(preset, "preset '" + preset.Name + "'");
            return PresetJson.Serialize(preset);
        }

        private static IReadOnlyList<KeyValuePair<string, string>> LoadBuiltIns()
        {
            var assembly = typeof(PresetCatalog).GetTypeInfo().Assembly;
            var result = new List<KeyValuePair<string, string>>();
            foreach (var resource in assembly.GetManifestResourceNames()
                         .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                         .OrderBy(n => n, StringComparer.Ordinal))
            {
                using var stream = assembly.GetManifestResourceStream(resource)
                    ?? throw new InvalidOperationException("Missing embedded preset " + resource);
                using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
                var json = reader.ReadToEnd();
                // A broken built-in is a build defect: fail loudly with the validation message.
                var preset = PresetJson.Parse(json, "built-in preset resource '" + resource + "'", null);
                result.Add(new KeyValuePair<string, string>(preset.Name, json));
            }
            var defaultIndex = result.FindIndex(p => p.Key == DefaultPresetName);
            if (defaultIndex > 0)
            {
                var first = result[defaultIndex];
                result.RemoveAt(defaultIndex);
                result.Insert(0, first);
            }
            return result;
        }
    }
}
