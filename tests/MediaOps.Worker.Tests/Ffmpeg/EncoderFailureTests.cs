using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core;
using MediaOps.Core.Encoding;
using MediaOps.Core.Tests;
using MediaOps.Testing;
using MediaOps.Worker.Ffmpeg;
using MediaOps.Worker.Models;
using Xunit;

namespace MediaOps.Worker.Tests.Ffmpeg
{
    [Collection(EncodingCollection.Name)]
    public sealed class EncoderFailureTests : IDisposable
    {
        private readonly EncodingMediaFixture _media;
        private readonly string _directory = TestMedia.NewTempDirectory("encoding-failures");

        public EncoderFailureTests(EncodingMediaFixture media) => _media = media;

        public void Dispose() => EncodingTestTools.DeleteDirectory(_directory);

        [Fact]
        public async Task Encoding_validates_a_preset_built_in_code_the_same_way()
        {
            var preset = PresetCatalog.GetBuiltIn("Adaptive Streaming");
            preset.Ladder[0].Height = 1079;
            var error = await Assert.ThrowsAsync<MediaOpsException>(() => new MediaEncoder().EncodeAsync("unused.mp4", preset, _directory));
            Assert.Contains("'ladder[0].height'", error.Message);
        }

        [Fact]
        public async Task A_text_file_renamed_mp4_fails_with_ffprobes_reason()
        {
            var file = Path.Combine(_directory, "notes.mp4");
            File.WriteAllText(file, "These are meeting notes, not a video.\n");

            var error = await Assert.ThrowsAsync<MediaOpsException>(
                () => new MediaEncoder().EncodeAsync(file, PresetCatalog.GetBuiltIn("Adaptive Streaming"), Path.Combine(_directory, "out")));

            Assert.Equal(MediaErrorKind.OperationFailed, error.Kind);
            Assert.Contains("Invalid data found when processing input", error.Message);
            Assert.Contains("notes.mp4", error.Message);
            Assert.DoesNotContain("0x", error.Message);
        }

        [Fact]
        public async Task A_zero_byte_file_fails_with_a_clear_error()
        {
            var file = Path.Combine(_directory, "empty.mp4");
            File.WriteAllBytes(file, Array.Empty<byte>());

            var error = await Assert.ThrowsAsync<MediaOpsException>(() => new MediaEncoder().ProbeAsync(file));

            Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
            Assert.Contains("empty (0 bytes)", error.Message);
            Assert.Equal(Path.GetFullPath(file), error.Target);
        }

        [Fact]
        public async Task A_missing_file_is_not_found()
        {
            var error = await Assert.ThrowsAsync<MediaOpsException>(() => new MediaEncoder().ProbeAsync(Path.Combine(_directory, "nothing-here.mp4")));
            Assert.Equal(MediaErrorKind.NotFound, error.Kind);
        }

        [Fact]
        public async Task An_audio_only_file_fails_because_it_has_no_video_stream()
        {
            var file = Path.Combine(_directory, "tone.m4a");
            await TestMedia.RunAsync(TestMedia.Ffmpeg, new[] { "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac", file });

            var info = await new MediaEncoder().ProbeAsync(file);
            Assert.False(info.HasVideo);
            Assert.True(info.HasAudio);

            var error = await Assert.ThrowsAsync<MediaOpsException>(
                () => new MediaEncoder().EncodeAsync(file, PresetCatalog.GetBuiltIn("Adaptive Streaming"), Path.Combine(_directory, "out")));
            Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
            Assert.Contains("no video stream", error.Message);
        }

        [Fact]
        public async Task Probe_reports_what_the_input_holds()
        {
            var info = await new MediaEncoder().ProbeAsync(_media.Hd720);

            Assert.True(info.HasVideo);
            Assert.True(info.HasAudio);
            Assert.Equal((1280, 720), (info.Width, info.Height));
            Assert.Equal(30, info.FrameRate, 3);
            Assert.Equal("h264", info.VideoCodec);
            Assert.Equal("aac", info.AudioCodec);
            Assert.Contains("mp4", info.FormatName);
            Assert.Equal(10, info.Duration.TotalSeconds, 1);
        }

        [Fact]
        public async Task A_failing_ffmpeg_is_reported_with_its_exit_code_and_the_tail_of_its_error_output()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return; // uses a shell script standing in for ffmpeg
            var fake = Path.Combine(_directory, "fake-ffmpeg.sh");
            File.WriteAllText(fake, "#!/bin/sh\nfor i in $(seq 1 50); do echo \"problem line $i\" >&2; done\nexit 3\n");
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            var encoder = new MediaEncoder(new MediaEncoderOptions { FfmpegPath = fake });
            var error = await Assert.ThrowsAsync<MediaOpsException>(
                () => encoder.EncodeAsync(_media.Sd360Silent, PresetCatalog.GetBuiltIn("Adaptive Streaming"), Path.Combine(_directory, "out")));

            Assert.Equal(MediaErrorKind.OperationFailed, error.Kind);
            Assert.StartsWith("ffmpeg failed with exit code 3: ", error.Message);
            Assert.Contains("problem line 50", error.Message);
            Assert.Contains("problem line 31", error.Message);
            Assert.DoesNotContain("problem line 30\n", error.Message + "\n");
        }

        [Fact]
        public async Task A_missing_ffmpeg_says_how_to_fix_it()
        {
            var encoder = new MediaEncoder(new MediaEncoderOptions { FfprobePath = Path.Combine(_directory, "no-such-ffprobe") });
            var error = await Assert.ThrowsAsync<MediaOpsException>(() => encoder.ProbeAsync(_media.Sd360Silent));
            Assert.Equal(MediaErrorKind.NotFound, error.Kind);
            Assert.Contains("Install ffmpeg", error.Message);
        }

        [Fact]
        public async Task Cancellation_mid_encode_kills_ffmpeg_and_throws_promptly()
        {
            // A slow preset over 4 rungs keeps ffmpeg busy for far longer than the test waits.
            var preset = PresetCatalog.GetBuiltIn("Adaptive Streaming");
            preset.Video.Speed = "veryslow";
            var encoder = new MediaEncoder();
            var ffmpegId = 0;
            encoder.FfmpegStarted = id => ffmpegId = id;
            using var cancel = new CancellationTokenSource();
            var firstProgress = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var progress = new SynchronousProgress<EncodingProgress>(_ => firstProgress.TrySetResult(true));

            var encode = encoder.EncodeAsync(_media.Hd720, preset, Path.Combine(_directory, "out"), progress, cancel.Token);
            var started = await Task.WhenAny(firstProgress.Task, encode, Task.Delay(TimeSpan.FromSeconds(30)));
            Assert.True(started == firstProgress.Task, "no progress within 30 s");
            Assert.NotEqual(0, ffmpegId);
            Assert.True(IsRunning(ffmpegId), "ffmpeg should be running mid-encode");

            var clock = Stopwatch.StartNew();
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => encode);
            clock.Stop();

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"cancellation took {clock.Elapsed.TotalSeconds:0.00} s");
            Assert.False(IsRunning(ffmpegId), $"ffmpeg (pid {ffmpegId}) is still running");
        }

        private static bool IsRunning(int processId)
        {
            try
            {
                using var process = Process.GetProcessById(processId);
                return !process.HasExited && process.ProcessName.Contains("ffmpeg", StringComparison.OrdinalIgnoreCase);
            }
            catch (ArgumentException)
            {
                return false; // no such process
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }
}
