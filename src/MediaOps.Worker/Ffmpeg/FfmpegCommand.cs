using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using MediaOps.Core.Encoding;
using MediaOps.Core.Models;
using MediaOps.Worker.Models;

namespace MediaOps.Worker.Ffmpeg
{
    /// <summary>One ffmpeg invocation for a job: the input decoded once, split and scaled into every rendition.</summary>
    internal sealed class FfmpegCommand
    {
        internal const string HlsMasterName = "master.m3u8";
        internal const string DashManifestName = "manifest.mpd";
        internal const double PeakBitrateRatio = 1.5;
        internal const double BufferSeconds = 2;

        private FfmpegCommand(IReadOnlyList<string> arguments, string primaryFile, IReadOnlyList<Rendition> renditions)
        {
            Arguments = arguments;
            PrimaryFile = primaryFile;
            Renditions = renditions;
        }

        public IReadOnlyList<string> Arguments { get; }

        /// <summary>Relative to the output directory.</summary>
        public string PrimaryFile { get; }

        public IReadOnlyList<Rendition> Renditions { get; }

        public static FfmpegCommand Build(EncodingPreset preset, MediaInfo input, string inputFile, string outputDirectory, int? threads)
        {
            var withAudio = input.HasAudio && input.AudioStreamIndex >= 0 && preset.Audio != null;
            var renditions = LadderPlanner.Plan(preset, input.Width, input.Height, withAudio);
            var video = preset.Video;

            var args = new List<string>
            {
                "-nostdin", "-hide_banner", "-loglevel", "error", "-progress", "pipe:1", "-nostats", "-y",
            };
            if (threads is int t) args.AddRange(new[] { "-threads", Int(t) });
            args.AddRange(new[] { "-i", FileUrl(inputFile) });

            // Decode once; split into one scaled branch per rendition.
            var graph = new StringBuilder();
            var source = $"[0:{Int(input.VideoStreamIndex)}]";
            if (renditions.Count == 1)
            {
                graph.Append(source);
            }
            else
            {
                graph.Append(source).Append("split=").Append(Int(renditions.Count));
                for (var i = 0; i < renditions.Count; i++) graph.Append("[s").Append(Int(i)).Append(']');
                graph.Append(';');
            }
            for (var i = 0; i < renditions.Count; i++)
            {
                if (renditions.Count > 1) graph.Append("[s").Append(Int(i)).Append(']');
                graph.Append("scale=").Append(Int(renditions[i].Width)).Append(':').Append(Int(renditions[i].Height))
                     .Append(",setsar=1,format=yuv420p[v").Append(Int(i)).Append(']');
                if (i < renditions.Count - 1) graph.Append(';');
            }
            args.AddRange(new[] { "-filter_complex", graph.ToString() });

            // Constant GOP, identical in every rendition, so that segments and switch points align.
            var frameRate = input.FrameRate > 0 ? input.FrameRate : 30;
            var gop = Math.Max(1, (int)Math.Round(frameRate * video.KeyframeIntervalSeconds));
            var videoCodec = new List<string>
            {
                "-c:v", "libx264", "-preset", video.Speed.ToLowerInvariant(), "-profile:v", video.Profile.ToLowerInvariant(),
                "-g", Int(gop), "-keyint_min", Int(gop), "-sc_threshold", "0",
                "-force_key_frames", "expr:gte(t,n_forced*" + Num(video.KeyframeIntervalSeconds) + ")",
            };
            var audioCodec = withAudio
                ? new List<string>
                {
                    "-c:a", "aac", "-b:a", Int(preset.Audio!.BitrateKbps) + "k",
                    "-ac", Int(preset.Audio.Channels), "-ar", Int(preset.Audio.SampleRate),
                }
                : new List<string>();
            var threadOption = threads is int n ? new[] { "-threads", Int(n) } : Array.Empty<string>();

            string primary;
            if (preset.Packaging == EncodingPackaging.Mp4)
            {
                var baseName = SafeBaseName(inputFile);
                string? first = null;
                for (var i = 0; i < renditions.Count; i++)
                {
                    var rendition = renditions[i];
                    var fileName = $"{baseName}_{SafeName(rendition.Name)}.mp4";
                    first ??= fileName;
                    args.AddRange(new[] { "-map", $"[v{Int(i)}]" });
                    if (withAudio) args.AddRange(new[] { "-map", "0:" + Int(input.AudioStreamIndex) });
                    args.AddRange(videoCodec);
                    args.AddRange(Bitrate(rendition.VideoBitrateKbps, null));
                    args.AddRange(audioCodec);
                    if (!withAudio) args.Add("-an");
                    args.AddRange(threadOption);
                    args.AddRange(new[] { "-movflags", "+faststart", "-f", "mp4", FileUrl(Path.Combine(outputDirectory, fileName)) });
                }
                primary = first!;
            }
            else
            {
                for (var i = 0; i < renditions.Count; i++) args.AddRange(new[] { "-map", $"[v{Int(i)}]" });
                if (withAudio) args.AddRange(new[] { "-map", "0:" + Int(input.AudioStreamIndex) });
                args.AddRange(videoCodec);
                for (var i = 0; i < renditions.Count; i++) args.AddRange(Bitrate(renditions[i].VideoBitrateKbps, i));
                args.AddRange(audioCodec);
                args.AddRange(threadOption);
                args.AddRange(new[]
                {
                    "-map_metadata", "-1", "-map_chapters", "-1",
                    "-f", "dash", "-dash_segment_type", "mp4",
                    "-seg_duration", Num(video.SegmentSeconds),
                    "-hls_playlist", "1", "-hls_master_name", HlsMasterName,
                });
                if (preset.Packaging == EncodingPackaging.CmafSingleFile)
                {
                    // One fMP4 per rendition; DASH SegmentList and HLS EXT-X-BYTERANGE address its fragments.
                    args.AddRange(new[] { "-single_file", "1", "-single_file_name", "media_$RepresentationID$.mp4" });
                }
                else
                {
                    args.AddRange(new[]
                    {
                        "-use_template", "1", "-use_timeline", "1",
                        "-init_seg_name", "init_$RepresentationID$.mp4",
                        "-media_seg_name", "chunk_$RepresentationID$_$Number%05d$.m4s",
                    });
                }
                args.AddRange(new[] { "-adaptation_sets", withAudio ? "id=0,streams=v id=1,streams=a" : "id=0,streams=v" });
                args.Add(FileUrl(Path.Combine(outputDirectory, DashManifestName)));
                primary = HlsMasterName;
            }
            return new FfmpegCommand(args, primary, renditions);
        }

        private static IEnumerable<string> Bitrate(int kbps, int? stream)
        {
            var suffix = stream is int s ? ":v:" + Int(s) : ":v";
            return new[]
            {
                "-b" + suffix, Int(kbps) + "k",
                "-maxrate" + suffix, Int((int)Math.Round(kbps * PeakBitrateRatio)) + "k",
                "-bufsize" + suffix, Int((int)Math.Round(kbps * BufferSeconds)) + "k",
            };
        }

        /// <summary>An absolute path as a file: URL, so that a colon in a name is never read as a protocol.</summary>
        internal static string FileUrl(string path) => "file:" + Path.GetFullPath(path);

        internal static string SafeBaseName(string inputFile)
        {
            var name = SafeName(Path.GetFileNameWithoutExtension(inputFile));
            if (name.Length > 80) name = name.Substring(0, 80);
            return name.Trim('.', '_').Length == 0 ? "video" : name;
        }

        private static string SafeName(string name) => Regex.Replace(name ?? string.Empty, "[^A-Za-z0-9._-]", "_");

        private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Num(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
    }

    /// <summary>Reads ffmpeg's <c>-progress</c> key=value blocks; each block ends with a <c>progress=</c> line.</summary>
    internal sealed class FfmpegProgressParser
    {
        private readonly TimeSpan _duration;
        private TimeSpan _position;
        private double? _speed;

        public FfmpegProgressParser(TimeSpan duration) => _duration = duration;

        public bool Ended { get; private set; }

        /// <summary>A snapshot when the line ends a block; null otherwise.</summary>
        public EncodingProgress? OnLine(string line)
        {
            var equals = line.IndexOf('=');
            if (equals <= 0) return null;
            var key = line.Substring(0, equals).Trim();
            var value = line.Substring(equals + 1).Trim();
            switch (key)
            {
                case "out_time_us":
                    if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var microseconds) && microseconds >= 0)
                    {
                        _position = TimeSpan.FromTicks(microseconds * 10);
                    }
                    return null;
                case "speed":
                    _speed = double.TryParse(value.TrimEnd('x', 'X'), NumberStyles.Float, CultureInfo.InvariantCulture, out var speed) && speed >= 0
                        ? speed
                        : (double?)null;
                    return null;
                case "progress":
                    Ended = value == "end";
                    var percent = _duration > TimeSpan.Zero ? 100.0 * _position.Ticks / _duration.Ticks : 0;
                    return new EncodingProgress(Math.Max(0, Math.Min(100, percent)), _position, _speed);
                default:
                    return null;
            }
        }
    }
}
