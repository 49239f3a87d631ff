using System;
using System.IO;
using System.Linq;
using MediaOps.Core.Encoding;
using MediaOps.Core.Models;
using MediaOps.Testing;
using Xunit;

namespace MediaOps.Core.Tests.Encoding
{
    public sealed class PresetCatalogTests : IDisposable
    {
        private const string ValidPreset = @"{
  ""name"": ""Two rungs"",
  ""packaging"": ""CmafSingleFile"",
  ""video"": { ""speed"": ""ultrafast"", ""keyframeIntervalSeconds"": 2, ""segmentSeconds"": 4 },
  ""audio"": { ""bitrateKbps"": 96 },
  ""ladder"": [
    { ""height"": 360, ""videoBitrateKbps"": 800 },
    { ""name"": ""small"", ""height"": 180, ""videoBitrateKbps"": 300 }
  ]
}";

        private readonly string _directory = TestMedia.NewTempDirectory("presets");

        public void Dispose() => Directory.Delete(_directory, recursive: true);

        [Fact]
        public void The_built_in_presets_are_the_three_named_ones_with_the_default_first()
        {
            Assert.Equal(new[] { "Adaptive Streaming", "H264 Multiple Bitrate 720p", "H264 Single Bitrate 720p" }, PresetCatalog.BuiltInNames);
            Assert.Equal(PresetCatalog.DefaultPresetName, PresetCatalog.BuiltInNames[0]);
        }

        [Fact]
        public void Built_in_presets_are_data_with_the_documented_shapes()
        {
            var adaptive = PresetCatalog.GetBuiltIn("adaptive streaming");
            Assert.Equal("Adaptive Streaming", adaptive.Name);
            Assert.Equal(EncodingPackaging.CmafSingleFile, adaptive.Packaging);
            Assert.Equal(new[] { 1080, 720, 540, 360, 270 }, adaptive.Ladder.Select(r => r.Height));
            Assert.Equal(4, adaptive.Video.MaxRenditions);
            Assert.NotNull(adaptive.Audio);

            var multiple = PresetCatalog.GetBuiltIn("H264 MULTIPLE BITRATE 720P");
            Assert.Equal(new[] { 720, 540, 360 }, multiple.Ladder.Select(r => r.Height));
            Assert.Null(multiple.Video.MaxRenditions);

            var single = PresetCatalog.GetBuiltIn(" H264 Single Bitrate 720p ");
            Assert.Equal(EncodingPackaging.Mp4, single.Packaging);
            Assert.Equal(720, Assert.Single(single.Ladder).Height);
        }

        [Fact]
        public void Get_built_in_returns_a_fresh_copy_each_time()
        {
            var first = PresetCatalog.GetBuiltIn("Adaptive Streaming");
            first.Ladder.Clear();
            Assert.NotEmpty(PresetCatalog.GetBuiltIn("Adaptive Streaming").Ladder);
        }

        [Fact]
        public void An_unknown_preset_name_is_an_error_listing_the_valid_names()
        {
            var error = Assert.Throws<MediaOpsException>(() => PresetCatalog.GetBuiltIn("Adaptive Bitrate MP4"));

            Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
            Assert.Contains("'Adaptive Bitrate MP4'", error.Message);
            foreach (var name in PresetCatalog.BuiltInNames) Assert.Contains("'" + name + "'", error.Message);
        }

        [Fact]
        public void Every_built_in_preset_round_trips_through_serialize_and_parse()
        {
            foreach (var name in PresetCatalog.BuiltInNames)
            {
                var json = PresetCatalog.Serialize(PresetCatalog.GetBuiltIn(name));
                var again = PresetCatalog.Parse(json, "round trip");
                Assert.Equal(name, again.Name);
                Assert.Equal(json, PresetCatalog.Serialize(again));
            }
        }

        [Fact]
        public void A_users_preset_file_is_read_with_defaults_for_what_it_leaves_out()
        {
            var file = Write("two-rungs.json", ValidPreset);
            var preset = PresetCatalog.LoadFile(file);

            Assert.Equal("Two rungs", preset.Name);
            Assert.Equal(new[] { "360p", "small" }, preset.Ladder.Select(r => PresetJson.RungName(r)));
            Assert.Equal("ultrafast", preset.Video.Speed);
            Assert.Equal("high", preset.Video.Profile);
            Assert.Equal(96, preset.Audio!.BitrateKbps);
            Assert.Equal(48000, preset.Audio.SampleRate);

            var unnamed = PresetCatalog.LoadFile(Write("My Ladder.json", ValidPreset.Replace("\"name\": \"Two rungs\",", string.Empty)));
            Assert.Equal("My Ladder", unnamed.Name);
        }

        [Fact]
        public void A_missing_preset_file_is_an_error_naming_it()
        {
            var path = Path.Combine(_directory, "nope.json");
            var error = Assert.Throws<MediaOpsException>(() => PresetCatalog.LoadFile(path));
            Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
            Assert.Contains(path, error.Message);
            Assert.Contains("does not exist", error.Message);
        }

        [Fact]
        public void A_malformed_preset_file_is_an_error_naming_the_file_and_the_position()
        {
            // Line 3 lacks the comma after "CmafSingleFile".
            var file = Write("broken.json", "{\n  \"name\": \"Broken\",\n  \"packaging\": \"CmafSingleFile\"\n  \"ladder\": []\n}\n");

            var error = Assert.Throws<MediaOpsException>(() => PresetCatalog.LoadFile(file));

            Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
            Assert.Contains(file, error.Message);
            Assert.Contains("not valid JSON", error.Message);
            Assert.Contains("line 4, position 3", error.Message);
            Assert.Contains("Fix the JSON", error.Message);
            Assert.Equal(file, error.Target);
        }

        [Theory]
        [InlineData("\"packaging\": \"CmafSingleFile\"", "\"packaging\": \"Smooth\"", "'packaging'", "CmafSegments")]
        [InlineData("\"videoBitrateKbps\": 800", "\"videoBitrateKbps\": 0", "'ladder[0].videoBitrateKbps'", "positive")]
        [InlineData("\"videoBitrateKbps\": 800", "\"videoBitrateKbps\": -800", "'ladder[0].videoBitrateKbps'", "positive")]
        [InlineData("\"videoBitrateKbps\": 800", "\"videoBitrateKbps\": \"800\"", "'ladder[0].videoBitrateKbps'", "not a number")]
        [InlineData("\"height\": 360", "\"height\": 361", "'ladder[0].height'", "odd")]
        [InlineData("\"height\": 360", "\"height\": -360", "'ladder[0].height'", "positive")]
        [InlineData("\"height\": 180", "\"height\": 360", "'ladder[1].height'", "another rung")]
        [InlineData("\"height\": 360, \"videoBitrateKbps\": 800", "\"width\": 640, \"height\": 360, \"videoBitrateKbps\": 800", "'ladder[0].width'", "not a preset field")]
        [InlineData("\"segmentSeconds\": 4", "\"segmentSeconds\": 3", "'video.segmentSeconds'", "multiple")]
        [InlineData("\"speed\": \"ultrafast\"", "\"speed\": \"ludicrous\"", "'video.speed'", "veryfast")]
        [InlineData("\"bitrateKbps\": 96", "\"bitrateKbps\": 96, \"codec\": \"opus\"", "'audio.codec'", "aac")]
        public void Invalid_values_are_errors_naming_the_field_and_the_fix(string valid, string invalid, string field, string hint)
        {
            Assert.Contains(valid, ValidPreset);
            var file = Write("invalid.json", ValidPreset.Replace(valid, invalid));

            var error = Assert.Throws<MediaOpsException>(() => PresetCatalog.LoadFile(file));

            Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
            Assert.Contains(file, error.Message);
            Assert.Contains(field, error.Message);
            Assert.Contains(hint, error.Message);
        }

        [Fact]
        public void An_empty_ladder_is_an_error()
        {
            var json = "{ \"ladder\": [] }";
            var error = Assert.Throws<MediaOpsException>(() => PresetCatalog.Parse(json, "the preset of job 1"));
            Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
            Assert.StartsWith("The preset of job 1 has an invalid value for 'ladder': the ladder is empty.", error.Message);
        }

        [Fact]
        public void An_empty_or_non_object_document_is_an_error()
        {
            Assert.Contains("is empty", Assert.Throws<MediaOpsException>(() => PresetCatalog.LoadFile(Write("empty.json", "  \n"))).Message);
            Assert.Contains("not an object", Assert.Throws<MediaOpsException>(() => PresetCatalog.Parse("[1, 2]", "x")).Message);
        }

        private string Write(string name, string content)
        {
            var path = Path.Combine(_directory, name);
            File.WriteAllText(path, content);
            return path;
        }
    }
}
