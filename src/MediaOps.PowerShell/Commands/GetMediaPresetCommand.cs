using System.Management.Automation;
using MediaOps.Core.Encoding;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the built-in encoding presets.</para>
    /// <para type="description">Lists the presets that Submit-MediaJob -Preset takes by name, as Get-EMCPresetList did
    /// for Media Services: 'Adaptive Streaming' (a ladder chosen from the input, never upscaled, packaged as CMAF for
    /// HLS and DASH), 'H264 Multiple Bitrate 720p' and 'H264 Single Bitrate 720p' (one progressive MP4). Each preset's
    /// Definition is its JSON, a starting point for a preset file of your own (Submit-MediaJob -PresetFile). Reads
    /// nothing from storage.</para>
    /// </summary>
    /// <example>
    /// <code>Get-MediaPreset</code>
    /// <para>Lists the built-in presets with their packaging and renditions.</para>
    /// </example>
    /// <example>
    /// <code>
    /// Get-MediaPreset -Name 'H264*' | Format-List
    /// (Get-MediaPreset -Name 'Adaptive Streaming').Definition | Set-Content -Path (Join-Path ([IO.Path]::GetTempPath()) 'my-preset.json')
    /// </code>
    /// <para>Shows the two H264 presets in detail, then writes the adaptive preset's JSON to a file to edit and pass to Submit-MediaJob -PresetFile.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "MediaPreset")]
    [OutputType(typeof(MediaPreset))]
    public sealed class GetMediaPresetCommand : MediaOpsCmdlet
    {
        /// <summary>Names of the presets; wildcards allowed. Without it, all built-in presets.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(PresetNameCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            ForEachNameMatch(Name ?? new[] { "*" }, PresetCatalog.BuiltInNames, n => n, preset =>
                {
                    var model = PresetCatalog.GetBuiltIn(preset);
                    WriteObject(new MediaPreset(preset, model, PresetCatalog.Serialize(model)));
                },
                name => $"There is no built-in preset named '{name}'. Run Get-MediaPreset to list them, or pass a preset file of your own with Submit-MediaJob -PresetFile.");
        }
    }
}
