using System;
using System.Globalization;
using System.Text.Json;
using MediaOps.Worker.Models;

namespace MediaOps.Worker.Ffmpeg
{
    /// <summary>Turns ffprobe's <c>-print_format json -show_format -show_streams</c> output into <see cref="MediaInfo"/>.</summary>
    internal static class ProbeParser
    {
        public static MediaInfo Parse(string json)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var formatName = string.Empty;
            var duration = 0.0;
            if (root.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.Object)
            {
                formatName = String(format, "format_name") ?? string.Empty;
                duration = Seconds(String(format, "duration"));
            }

            JsonElement? video = null, audio = null;
            if (root.TryGetProperty("streams", out var streams) && streams.ValueKind == JsonValueKind.Array)
            {
                foreach (var stream in streams.EnumerateArray())
                {
                    var type = String(stream, "codec_type");
                    if (type == "video" && video is null && !IsAttachedPicture(stream)) video = stream;
                    else if (type == "audio" && audio is null) audio = stream;
                }
            }

            int width = 0, height = 0;
            double frameRate = 0;
            if (video is JsonElement v)
            {
                width = Int(v, "width");
                height = Int(v, "height");
                var sar = Ratio(String(v, "sample_aspect_ratio"));
                if (sar > 0 && Math.Abs(sar - 1) > 1e-3)
                {
                    width = (int)Math.Round(width * sar);
                }
                var rotation = Rotation(v);
                if (rotation == 90 || rotation == 270)
                {
                    (width, height) = (height, width);
                }
                frameRate = Ratio(String(v, "avg_frame_rate"));
                if (frameRate <= 0 || frameRate > 1000) frameRate = Ratio(String(v, "r_frame_rate"));
                if (frameRate <= 0 || frameRate > 1000) frameRate = 0;
                if (duration <= 0) duration = Seconds(String(v, "duration"));
            }
            if (duration <= 0 && audio is JsonElement a) duration = Seconds(String(a, "duration"));

            return new MediaInfo(
                TimeSpan.FromTicks((long)Math.Round(duration * TimeSpan.TicksPerSecond)),
                video.HasValue,
                audio.HasValue,
                width,
                height,
                frameRate,
                video is JsonElement vv ? String(vv, "codec_name") : null,
                audio is JsonElement aa ? String(aa, "codec_name") : null,
                formatName)
            {
                VideoStreamIndex = video is JsonElement vi ? Int(vi, "index") : -1,
                AudioStreamIndex = audio is JsonElement ai ? Int(ai, "index") : -1,
            };
        }

        private static bool IsAttachedPicture(JsonElement stream) =>
            stream.TryGetProperty("disposition", out var disposition) && disposition.ValueKind == JsonValueKind.Object &&
            disposition.TryGetProperty("attached_pic", out var attached) && attached.ValueKind == JsonValueKind.Number && attached.GetInt32() == 1;

        private static int Rotation(JsonElement stream)
        {
            double? rotation = null;
            if (stream.TryGetProperty("side_data_list", out var sideData) && sideData.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in sideData.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("rotation", out var r) && r.ValueKind == JsonValueKind.Number)
                    {
                        rotation = r.GetDouble();
                    }
                }
            }
            if (rotation is null && stream.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Object &&
                double.TryParse(String(tags, "rotate"), NumberStyles.Float, CultureInfo.InvariantCulture, out var tagged))
            {
                rotation = tagged;
            }
            if (rotation is null) return 0;
            var degrees = (int)Math.Round(rotation.Value) % 360;
            return degrees < 0 ? degrees + 360 : degrees;
        }

        private static string? String(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            } : null;

        private static int Int(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var result) ? result : 0;

        private static double Seconds(string? text) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && !double.IsInfinity(value) ? value : 0;

        /// <summary>"30000/1001" or "16:15" as a number; 0 when absent or undefined ("0/0", "N/A").</summary>
        internal static double Ratio(string? text)
        {
            if (string.IsNullOrEmpty(text)) return 0;
            var separator = text!.IndexOfAny(new[] { '/', ':' });
            if (separator < 0) return Seconds(text);
            if (!double.TryParse(text.Substring(0, separator), NumberStyles.Float, CultureInfo.InvariantCulture, out var numerator) ||
                !double.TryParse(text.Substring(separator + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var denominator) ||
                numerator <= 0 || denominator <= 0)
            {
                return 0;
            }
            return numerator / denominator;
        }
    }
}
