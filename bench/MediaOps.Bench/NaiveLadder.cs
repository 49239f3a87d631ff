using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using MediaOps.Core.Models;
using MediaOps.Worker.Models;

namespace MediaOps.Bench
{
    /// <summary>
    /// The naive ladder: one ffmpeg command per rendition of our result, each decoding the whole input itself and
    /// encoding that one rendition with the codec settings of our preset (libx264 speed and profile, constant GOP with
    /// forced keyframes, average bitrate with a 1.5x peak over a 2 s buffer, as the preset schema defines them; the one
    /// shared AAC audio rendition in a process of its own), each to a fragmented MP4 of its own.
    /// </summary>
    internal sealed class NaiveLadder
    {
        private NaiveLadder(List<(string Label, List<string> Args)> commands, string settingsSummary)
        {
            Commands = commands;
            SettingsSummary = settingsSummary;
        }

        public IReadOnlyList<(string Label, List<string> Args)> Commands { get; }

        public string SettingsSummary { get; }

        public static NaiveLadder From(EncodingPreset preset, EncodingResult result, MediaInfo input, string inputFile, string outputDirectory)
        {
            var video = preset.Video;
            var frameRate = input.FrameRate > 0 ? input.FrameRate : 30;
            var gop = Math.Max(1, (int)Math.Round(frameRate * video.KeyframeIntervalSeconds));
            var commands = new List<(string, List<string>)>();
            foreach (var rendition in result.Renditions)
            {
                var args = Start(inputFile);
                args.AddRange(new[]
                {
                    "-map", "0:v:0", "-vf", $"scale={Int(rendition.Width)}:{Int(rendition.Height)},setsar=1,format=yuv420p",
                    "-c:v", "libx264", "-preset", video.Speed.ToLowerInvariant(), "-profile:v", video.Profile.ToLowerInvariant(),
                    "-g", Int(gop), "-keyint_min", Int(gop), "-sc_threshold", "0",
                    "-force_key_frames", "expr:gte(t,n_forced*" + video.KeyframeIntervalSeconds.ToString("0.######", CultureInfo.InvariantCulture) + ")",
                    "-b:v", Int(rendition.VideoBitrateKbps) + "k",
                    "-maxrate:v", Int((int)Math.Round(rendition.VideoBitrateKbps * 1.5)) + "k",
                    "-bufsize:v", Int((int)Math.Round(rendition.VideoBitrateKbps * 2.0)) + "k",
                    "-an",
                });
                args.AddRange(Fmp4(Path.Combine(outputDirectory, $"video_{rendition.Name}.mp4")));
                commands.Add((rendition.Name, args));
            }
            var audio = preset.Audio;
            var withAudio = audio != null && input.HasAudio && result.Renditions.Any(r => r.AudioBitrateKbps.HasValue);
            if (withAudio)
            {
                var args = Start(inputFile);
                args.AddRange(new[]
                {
                    "-map", "0:a:0", "-vn", "-c:a", "aac", "-b:a", Int(audio!.BitrateKbps) + "k", "-ac", Int(audio.Channels), "-ar", Int(audio.SampleRate),
                });
                args.AddRange(Fmp4(Path.Combine(outputDirectory, "audio.mp4")));
                commands.Add(("audio", args));
            }
            var summary = $"libx264 -preset {video.Speed} -profile:v {video.Profile}, GOP {gop} frames ({video.KeyframeIntervalSeconds} s at {frameRate:0.###} fps) " +
                          "with -sc_threshold 0 and forced keyframes, -b:v per rung, -maxrate 1.5x, -bufsize 2x; " +
                          (withAudio ? $"aac {audio!.BitrateKbps} kb/s {audio.Channels} ch {audio.SampleRate} Hz once, in its own process" : "no audio") +
                          "; ffmpeg's default threads, as ours";
            return new NaiveLadder(commands, summary);
        }

        private static List<string> Start(string input) => new List<string> { "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", input };

        private static IEnumerable<string> Fmp4(string path) => new[] { "-f", "mp4", "-movflags", "+frag_keyframe+empty_moov+default_base_moof", path };

        private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
