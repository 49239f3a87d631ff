using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using MediaOps.Core.Models;

namespace MediaOps.Core.Encoding
{
    /// <summary>Reads, validates and writes preset JSON (schema: EncodingPreset.cs). Every error names the source, the field and the fix.</summary>
    internal static class PresetJson
    {
        internal static readonly string[] Speeds =
            { "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow" };

        internal static readonly string[] Profiles = { "baseline", "main", "high" };

        internal static readonly int[] SampleRates = { 22050, 24000, 32000, 44100, 48000 };

        private static readonly string[] TopFields = { "schemaVersion", "name", "description", "packaging", "video", "audio", "ladder" };
        private static readonly string[] VideoFields = { "codec", "profile", "speed", "keyframeIntervalSeconds", "segmentSeconds", "maxRenditions" };
        private static readonly string[] AudioFields = { "codec", "bitrateKbps", "channels", "sampleRate" };
        private static readonly string[] RungFields = { "name", "height", "videoBitrateKbps" };

        private const string SchemaHint = "See the preset schema in the MediaOps documentation, or start from a built-in preset.";

        public static EncodingPreset Parse(string json, string source, string? defaultName, string? target = null)
        {
            target ??= source;
            if (json is null || json.Trim().Length == 0)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"{Capitalize(source)} is empty. A preset is a JSON object with at least a \"ladder\"; {SchemaHint}", target);
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 16 });
            }
            catch (JsonException ex)
            {
                var where = ex.LineNumber is long line
                    ? $" at line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1}"
                    : string.Empty;
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"{Capitalize(source)} is not valid JSON{where}: {JsonReason(ex.Message)} Fix the JSON there (a missing comma, quote or brace is the usual cause).",
                    target, ex);
            }

            using (document)
            {
                var reader = new Reader(source, target);
                var preset = reader.ReadPreset(document.RootElement, defaultName);
                Validate(preset, source, target);
                preset.Ladder = preset.Ladder.OrderByDescending(r => r.Height).ToList();
                return preset;
            }
        }

        /// <summary>Checks a preset's values (also one built in code); throws <see cref="MediaErrorKind.InvalidArgument"/> naming the field.</summary>
        public static void Validate(EncodingPreset preset, string source, string? target = null)
        {
            target ??= source;
            void Fail(string field, string problem, string fix) =>
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"{Capitalize(source)} has an invalid value for '{field}': {problem}. {fix}", target);

            if (preset is null) throw new ArgumentNullException(nameof(preset));
            if (preset.Name is null || preset.Name.Trim().Length == 0) Fail("name", "the name is empty", "Give the preset a name, or leave \"name\" out of a preset file.");
            if (preset.Name!.Length > 100) Fail("name", $"the name is {preset.Name.Length} characters long", "Use at most 100 characters.");
            if (preset.Description is null) Fail("description", "it is null", "Give a text or leave \"description\" out.");
            if (!Enum.IsDefined(typeof(EncodingPackaging), preset.Packaging))
            {
                Fail("packaging", $"'{preset.Packaging}' is not a packaging", "Use one of " + Quoted(Enum.GetNames(typeof(EncodingPackaging))) + ".");
            }

            var video = preset.Video;
            if (video is null)
            {
                Fail("video", "it is null", "Leave \"video\" out for the defaults, or give an object.");
                return;
            }
            if (!string.Equals(video.Codec, "h264", StringComparison.OrdinalIgnoreCase))
            {
                Fail("video.codec", $"'{video.Codec}' is not supported", "Use \"h264\" (the only codec MediaOps encodes).");
            }
            if (!Profiles.Contains((video.Profile ?? string.Empty).ToLowerInvariant()))
            {
                Fail("video.profile", $"'{video.Profile}' is not an H.264 profile MediaOps uses", "Use one of " + Quoted(Profiles) + ".");
            }
            if (!Speeds.Contains((video.Speed ?? string.Empty).ToLowerInvariant()))
            {
                Fail("video.speed", $"'{video.Speed}' is not an x264 preset", "Use one of " + Quoted(Speeds) + ".");
            }
            if (double.IsNaN(video.KeyframeIntervalSeconds) || video.KeyframeIntervalSeconds < 0.5 || video.KeyframeIntervalSeconds > 10)
            {
                Fail("video.keyframeIntervalSeconds", $"{Num(video.KeyframeIntervalSeconds)} is out of range", "Use a value from 0.5 to 10 seconds (2 is usual).");
            }
            if (double.IsNaN(video.SegmentSeconds) || video.SegmentSeconds < 1 || video.SegmentSeconds > 30)
            {
                Fail("video.segmentSeconds", $"{Num(video.SegmentSeconds)} is out of range", "Use a value from 1 to 30 seconds (4 is usual).");
            }
            if (preset.Packaging != EncodingPackaging.Mp4)
            {
                var ratio = video.SegmentSeconds / video.KeyframeIntervalSeconds;
                if (Math.Abs(ratio - Math.Round(ratio)) > 1e-6)
                {
                    Fail("video.segmentSeconds",
                        $"{Num(video.SegmentSeconds)} is not a whole multiple of keyframeIntervalSeconds ({Num(video.KeyframeIntervalSeconds)}), so segments could not start on aligned keyframes",
                        "Make segmentSeconds a multiple of keyframeIntervalSeconds, for example 4 and 2.");
                }
            }
            if (video.MaxRenditions is int max && (max < 1 || max > 10))
            {
                Fail("video.maxRenditions", $"{max} is out of range", "Use a value from 1 to 10, or leave it out to keep every rung that fits.");
            }

            if (preset.Audio is PresetAudioSettings audio)
            {
                if (!string.Equals(audio.Codec, "aac", StringComparison.OrdinalIgnoreCase))
                {
                    Fail("audio.codec", $"'{audio.Codec}' is not supported", "Use \"aac\", or set \"audio\" to null for output without audio.");
                }
                if (audio.BitrateKbps < 16 || audio.BitrateKbps > 512)
                {
                    Fail("audio.bitrateKbps", $"{audio.BitrateKbps} is out of range", "Use a value from 16 to 512 (128 is usual).");
                }
                if (audio.Channels < 1 || audio.Channels > 6)
                {
                    Fail("audio.channels", $"{audio.Channels} is out of range", "Use 1 to 6 (2 is usual).");
                }
                if (!SampleRates.Contains(audio.SampleRate))
                {
                    Fail("audio.sampleRate", $"{audio.SampleRate} is not supported", "Use one of " + string.Join(", ", SampleRates) + " (48000 is usual).");
                }
            }

            if (preset.Ladder is null || preset.Ladder.Count == 0)
            {
                Fail("ladder", "the ladder is empty", "Give at least one rung, for example { \"height\": 720, \"videoBitrateKbps\": 3000 }.");
                return;
            }
            if (preset.Ladder.Count > 10)
            {
                Fail("ladder", $"it has {preset.Ladder.Count} rungs", "Use at most 10 rungs.");
            }
            var heights = new HashSet<int>();
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < preset.Ladder.Count; i++)
            {
                var rung = preset.Ladder[i];
                var at = $"ladder[{i}]";
                if (rung is null)
                {
                    Fail(at, "the rung is null", "Give an object like { \"height\": 720, \"videoBitrateKbps\": 3000 }.");
                    return;
                }
                if (rung.Height <= 0)
                {
                    Fail(at + ".height", $"{rung.Height} is not a positive size", "Use an even number of pixels from 16 to 4320, for example 720.");
                }
                if (rung.Height % 2 != 0)
                {
                    Fail(at + ".height", $"{rung.Height} is odd; H.264 in 4:2:0 needs even dimensions", $"Use an even number, for example {rung.Height + 1}.");
                }
                if (rung.Height < 16 || rung.Height > 4320)
                {
                    Fail(at + ".height", $"{rung.Height} is out of range", "Use an even number of pixels from 16 to 4320.");
                }
                if (rung.VideoBitrateKbps <= 0)
                {
                    Fail(at + ".videoBitrateKbps", $"{rung.VideoBitrateKbps} is not a positive bitrate", "Give the average video bitrate in kbps, for example 3000.");
                }
                if (rung.VideoBitrateKbps < 50 || rung.VideoBitrateKbps > 100000)
                {
                    Fail(at + ".videoBitrateKbps", $"{rung.VideoBitrateKbps} is out of range", "Use a value from 50 to 100000 kbps.");
                }
                if (rung.Name != null && (rung.Name.Trim().Length == 0 || rung.Name.Length > 50 || rung.Name.IndexOfAny(new[] { '/', '\\', '"' }) >= 0))
                {
                    Fail(at + ".name", $"'{rung.Name}' is not a usable rung name", "Use a short name without slashes or quotes, for example \"720p\", or leave it out.");
                }
                if (!heights.Add(rung.Height))
                {
                    Fail(at + ".height", $"another rung already has height {rung.Height}", "Give each rung its own height.");
                }
                if (!names.Add(RungName(rung)))
                {
                    Fail(at + ".name", $"another rung is already named '{RungName(rung)}'", "Give each rung its own name.");
                }
            }
        }

        internal static string RungName(PresetRung rung) => string.IsNullOrEmpty(rung.Name) ? rung.Height.ToString(CultureInfo.InvariantCulture) + "p" : rung.Name!;

        public static string Serialize(EncodingPreset preset)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteNumber("schemaVersion", 1);
                writer.WriteString("name", preset.Name);
                writer.WriteString("description", preset.Description);
                writer.WriteString("packaging", preset.Packaging.ToString());
                writer.WriteStartObject("video");
                writer.WriteString("codec", preset.Video.Codec.ToLowerInvariant());
                writer.WriteString("profile", preset.Video.Profile.ToLowerInvariant());
                writer.WriteString("speed", preset.Video.Speed.ToLowerInvariant());
                writer.WriteNumber("keyframeIntervalSeconds", preset.Video.KeyframeIntervalSeconds);
                writer.WriteNumber("segmentSeconds", preset.Video.SegmentSeconds);
                if (preset.Video.MaxRenditions is int max) writer.WriteNumber("maxRenditions", max);
                writer.WriteEndObject();
                if (preset.Audio is PresetAudioSettings audio)
                {
                    writer.WriteStartObject("audio");
                    writer.WriteString("codec", audio.Codec.ToLowerInvariant());
                    writer.WriteNumber("bitrateKbps", audio.BitrateKbps);
                    writer.WriteNumber("channels", audio.Channels);
                    writer.WriteNumber("sampleRate", audio.SampleRate);
                    writer.WriteEndObject();
                }
                else
                {
                    writer.WriteNull("audio");
                }
                writer.WriteStartArray("ladder");
                foreach (var rung in preset.Ladder.OrderByDescending(r => r.Height))
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", RungName(rung));
                    writer.WriteNumber("height", rung.Height);
                    writer.WriteNumber("videoBitrateKbps", rung.VideoBitrateKbps);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }

        private static string JsonReason(string message)
        {
            // System.Text.Json appends " LineNumber: n | BytePositionInLine: m." and a path; the position is given separately.
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            var reason = (cut > 0 ? message.Substring(0, cut) : message).Trim();
            if (!reason.EndsWith(".", StringComparison.Ordinal)) reason += ".";
            return reason;
        }

        internal static string Capitalize(string text) =>
            text.Length > 0 && char.IsLower(text[0]) ? char.ToUpperInvariant(text[0]) + text.Substring(1) : text;

        private static string Quoted(IEnumerable<string> values) => string.Join(", ", values.Select(v => "\"" + v + "\""));

        private static string Num(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

        /// <summary>Maps the JSON document onto the model, rejecting unknown fields and wrong types with the field's path.</summary>
        private sealed class Reader
        {
            private readonly string _source;
            private readonly string _target;

            public Reader(string source, string target)
            {
                _source = source;
                _target = target;
            }

            public EncodingPreset ReadPreset(JsonElement root, string? defaultName)
            {
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw Error(null, $"the document is a JSON {Kind(root)}, not an object", "A preset is a JSON object: { \"name\": ..., \"ladder\": [ ... ] }.");
                }
                var fields = Fields(root, null, TopFields);
                var preset = new EncodingPreset();

                if (fields.TryGetValue("schemaVersion", out var version))
                {
                    var v = Int(version, "schemaVersion");
                    if (v != 1) throw Error("schemaVersion", $"version {v} is not supported", "Use 1, or leave \"schemaVersion\" out.");
                }
                preset.Name = fields.TryGetValue("name", out var name) ? Str(name, "name") : defaultName ?? "Custom";
                preset.Description = fields.TryGetValue("description", out var description) ? Str(description, "description") : string.Empty;
                if (fields.TryGetValue("packaging", out var packaging))
                {
                    var text = Str(packaging, "packaging");
                    var match = Enum.GetNames(typeof(EncodingPackaging)).FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
                    if (match is null)
                    {
                        throw Error("packaging", $"'{text}' is not a packaging",
                            "Use \"CmafSingleFile\" (HLS and DASH over one file per rendition), \"CmafSegments\" (one file per segment) or \"Mp4\" (progressive MP4).");
                    }
                    preset.Packaging = (EncodingPackaging)Enum.Parse(typeof(EncodingPackaging), match);
                }

                if (fields.TryGetValue("video", out var videoElement) && videoElement.ValueKind != JsonValueKind.Null)
                {
                    var video = Fields(Object(videoElement, "video"), "video", VideoFields);
                    var settings = preset.Video;
                    if (video.TryGetValue("codec", out var e)) settings.Codec = Str(e, "video.codec");
                    if (video.TryGetValue("profile", out e)) settings.Profile = Str(e, "video.profile");
                    if (video.TryGetValue("speed", out e)) settings.Speed = Str(e, "video.speed");
                    if (video.TryGetValue("keyframeIntervalSeconds", out e)) settings.KeyframeIntervalSeconds = Dbl(e, "video.keyframeIntervalSeconds");
                    if (video.TryGetValue("segmentSeconds", out e)) settings.SegmentSeconds = Dbl(e, "video.segmentSeconds");
                    if (video.TryGetValue("maxRenditions", out e) && e.ValueKind != JsonValueKind.Null) settings.MaxRenditions = Int(e, "video.maxRenditions");
                }

                if (fields.TryGetValue("audio", out var audioElement))
                {
                    if (audioElement.ValueKind == JsonValueKind.Null)
                    {
                        preset.Audio = null;
                    }
                    else
                    {
                        var audio = Fields(Object(audioElement, "audio"), "audio", AudioFields);
                        var settings = new PresetAudioSettings();
                        if (audio.TryGetValue("codec", out var e)) settings.Codec = Str(e, "audio.codec");
                        if (audio.TryGetValue("bitrateKbps", out e)) settings.BitrateKbps = Int(e, "audio.bitrateKbps");
                        if (audio.TryGetValue("channels", out e)) settings.Channels = Int(e, "audio.channels");
                        if (audio.TryGetValue("sampleRate", out e)) settings.SampleRate = Int(e, "audio.sampleRate");
                        preset.Audio = settings;
                    }
                }
                else
                {
                    preset.Audio = null;
                }

                if (!fields.TryGetValue("ladder", out var ladder))
                {
                    throw Error("ladder", "it is missing", "Give the rungs, for example \"ladder\": [ { \"height\": 720, \"videoBitrateKbps\": 3000 } ].");
                }
                if (ladder.ValueKind != JsonValueKind.Array)
                {
                    throw Error("ladder", $"it is a JSON {Kind(ladder)}, not an array", "Give an array of rungs, for example [ { \"height\": 720, \"videoBitrateKbps\": 3000 } ].");
                }
                var index = 0;
                foreach (var item in ladder.EnumerateArray())
                {
                    var at = $"ladder[{index++}]";
                    var rungFields = Fields(Object(item, at), at, RungFields);
                    var rung = new PresetRung();
                    if (rungFields.TryGetValue("name", out var e) && e.ValueKind != JsonValueKind.Null) rung.Name = Str(e, at + ".name");
                    if (!rungFields.TryGetValue("height", out e))
                    {
                        throw Error(at + ".height", "it is missing", "Give the rung's height (its short side) in pixels, for example 720.");
                    }
                    rung.Height = Int(e, at + ".height");
                    if (!rungFields.TryGetValue("videoBitrateKbps", out e))
                    {
                        throw Error(at + ".videoBitrateKbps", "it is missing", "Give the rung's average video bitrate in kbps, for example 3000.");
                    }
                    rung.VideoBitrateKbps = Int(e, at + ".videoBitrateKbps");
                    preset.Ladder.Add(rung);
                }
                return preset;
            }

            private Dictionary<string, JsonElement> Fields(JsonElement obj, string? path, string[] known)
            {
                var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in obj.EnumerateObject())
                {
                    var canonical = known.FirstOrDefault(k => string.Equals(k, property.Name, StringComparison.OrdinalIgnoreCase));
                    var field = path is null ? property.Name : path + "." + property.Name;
                    if (canonical is null)
                    {
                        throw Error(field, "it is not a preset field", $"Remove it or correct its spelling; the fields here are {Quoted(known)}.");
                    }
                    if (result.ContainsKey(canonical))
                    {
                        throw Error(field, "it is given twice", "Keep one of them.");
                    }
                    result[canonical] = property.Value;
                }
                return result;
            }

            private JsonElement Object(JsonElement element, string field)
            {
                if (element.ValueKind != JsonValueKind.Object)
                {
                    throw Error(field, $"it is a JSON {Kind(element)}, not an object", "Give an object { ... }.");
                }
                return element;
            }

            private string Str(JsonElement element, string field)
            {
                if (element.ValueKind != JsonValueKind.String)
                {
                    throw Error(field, $"it is a JSON {Kind(element)}, not a string", "Give a quoted text value.");
                }
                return element.GetString() ?? string.Empty;
            }

            private int Int(JsonElement element, string field)
            {
                if (element.ValueKind != JsonValueKind.Number)
                {
                    throw Error(field, $"it is a JSON {Kind(element)}, not a number", "Give a whole number without quotes.");
                }
                if (!element.TryGetInt32(out var value))
                {
                    throw Error(field, $"{element.GetRawText()} is not a whole number", "Give a whole number without a fraction or exponent.");
                }
                return value;
            }

            private double Dbl(JsonElement element, string field)
            {
                if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value))
                {
                    throw Error(field, $"it is a JSON {Kind(element)}, not a number", "Give a number without quotes.");
                }
                return value;
            }

            private MediaOpsException Error(string? field, string problem, string fix) =>
                new MediaOpsException(MediaErrorKind.InvalidArgument,
                    field is null
                        ? $"{Capitalize(_source)} is not a valid preset: {problem}. {fix}"
                        : $"{Capitalize(_source)} has an invalid value for '{field}': {problem}. {fix}",
                    _target);

            private static string Kind(JsonElement element) => element.ValueKind switch
            {
                JsonValueKind.Object => "object",
                JsonValueKind.Array => "array",
                JsonValueKind.String => "string",
                JsonValueKind.Number => "number",
                JsonValueKind.True => "boolean",
                JsonValueKind.False => "boolean",
                JsonValueKind.Null => "null",
                _ => "value",
            };
        }
    }
}
