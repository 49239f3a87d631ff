using System.Linq;
using System.Management.Automation;
using MediaOps.Core;
using MediaOps.Core.Encoding;
using MediaOps.Core.Jobs;
using MediaOps.Core.Models;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Submits an encoding job.</para>
    /// <para type="description">The input is an existing asset (-InputAsset with its id, or -InputObject with the asset,
    /// which is how a piped asset binds) or local files (-Path), which are uploaded into a new input asset first. The
    /// job is written and queued for the workers; pipe it to Wait-MediaJobNotification to wait for it. With
    /// -NotificationEndpoint, the job's state changes are published to the endpoints' queues (only the final state
    /// unless -NotifyOn All). -Path takes PowerShell's wildcards and piped path strings; -LiteralPath takes names as
    /// written and piped files (Get-ChildItem). Run Get-MediaPreset for the built-in presets.</para>
    /// </summary>
    /// <example>
    /// <code>Submit-MediaJob -Path $clip -Preset 'H264 Single Bitrate 720p' -NotificationEndpoint $ep | Wait-MediaJobNotification</code>
    /// <para>Uploads the clip into a new input asset, submits a job that notifies the endpoint's queue when it ends, and waits for it: the finished job comes out.</para>
    /// </example>
    /// <example>
    /// <code>$clip | Submit-MediaJob -Preset 'H264 Single Bitrate 720p' -Name 'piped path' -Priority 1</code>
    /// <para>A piped path string binds to -Path; the job is queued with a higher priority than the default 0.</para>
    /// </example>
    /// <example>
    /// <code>$asset | Submit-MediaJob -Preset 'H264 Single Bitrate 720p' -NotificationEndpoint $ep -NotifyOn All</code>
    /// <para>Encodes an asset that is already in the account; every state change is published to the endpoint's queue.</para>
    /// </example>
    /// <remarks>
    /// PowerShell binds -Context (in every set) from a piped object's Context property in the default set first, which
    /// fixes the default Path set, where a piped asset fills no -Path: binding it to -InputAsset by its AssetId never
    /// happens. Binding by value comes before binding by property name, so the InputObject set takes a piped asset first.
    /// -InputObject is not mandatory: a set whose only mandatory parameter takes pipeline input by value, beside sets
    /// whose mandatory parameters take it by property name, would be chosen before any object arrives, and piped files
    /// (Get-ChildItem | Submit-MediaJob) would no longer reach -Path. It is the only parameter of its set, so that set is
    /// chosen only when it is bound.
    /// </remarks>
    [Cmdlet(VerbsLifecycle.Submit, "MediaJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low,
        DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(MediaJob))]
    public sealed class SubmitMediaJobCommand : MediaAccountCmdlet
    {
        private const string PathParameterSet = "Path";
        private const string InputAssetParameterSet = "InputAsset";
        private const string InputObjectParameterSet = "InputObject";
        private const string LiteralPathParameterSet = "LiteralPath";

        /// <summary>Local media files uploaded into a new input asset (the first is the primary file); wildcards allowed; piped strings bind here.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathParameterSet, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        /// <summary>Local media files taken as written (no wildcards); piped files (Get-ChildItem) bind here by their PSPath or FullName.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathParameterSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "FullName", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = new string[0];

        /// <summary>Id of an existing asset to encode.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputAssetParameterSet, ValueFromPipelineByPropertyName = true)]
        [Alias("AssetId")]
        [MediaIdTransformation]
        [ValidateNotNullOrEmpty]
        public string? InputAsset { get; set; }

        /// <summary>An existing asset to encode (from New-MediaAsset, Get-MediaAsset or Copy-MediaAsset); a piped asset binds here.</summary>
        [Parameter(ParameterSetName = InputObjectParameterSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public MediaAsset? InputObject { get; set; }

        /// <summary>A built-in preset (default 'Adaptive Streaming'); press Tab for the list, or run Get-MediaPreset.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(PresetNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string Preset { get; set; } = PresetCatalog.DefaultPresetName;

        /// <summary>A preset file of your own (JSON, in the schema of the built-in presets), instead of -Preset.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? PresetFile { get; set; }

        /// <summary>The job's name; defaults to '&lt;preset&gt; of &lt;input name&gt;'.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>Endpoints (from New-/Get-MediaNotificationEndpoint) to publish the job's state changes to.</summary>
        [Parameter]
        [ValidateNotNull]
        public NotificationEndpoint[]? NotificationEndpoint { get; set; }

        /// <summary>FinalStatesOnly (default) or All state changes.</summary>
        [Parameter]
        public NotifyOn NotifyOn { get; set; } = NotifyOn.FinalStatesOnly;

        /// <summary>Higher runs first among queued jobs (default 0).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int Priority { get; set; }

        protected override void ProcessRecord()
        {
            var context = ResolveContext(Context, InputObject?.Context);
            var submission = new MediaJobSubmission
            {
                Name = Name,
                Priority = Priority,
                NotifyOn = EnumMapping.Convert<Core.Models.NotifyOn>(NotifyOn),
                NotificationEndpoints = NotificationEndpoint?.Select(e => e.Model).ToList() ?? new System.Collections.Generic.List<Core.Models.NotificationEndpoint>(),
            };
            string target;
            try
            {
                if (PresetFile != null)
                {
                    submission.PresetFile = ResolveLocalPath(PresetFile);
                    // -Preset only counts when the user gave it: its default must not clash with -PresetFile.
                    if (MyInvocation.BoundParameters.ContainsKey(nameof(Preset))) submission.Preset = Preset;
                }
                else
                {
                    submission.Preset = Preset;
                }

                if (ParameterSetName == InputObjectParameterSet)
                {
                    submission.InputAssetId = InputObject!.Id;
                    target = InputObject.Id;
                }
                else if (ParameterSetName == InputAssetParameterSet)
                {
                    submission.InputAssetId = InputAsset;
                    target = InputAsset!;
                }
                else
                {
                    submission.InputFiles = ParameterSetName == LiteralPathParameterSet
                        ? ResolveLocalPaths(LiteralPath, literal: true)
                        : ResolveLocalPaths(Path, literal: false);
                    target = string.Join(", ", submission.InputFiles);
                }
            }
            catch (MediaOpsException ex)
            {
                WriteItemError(ex, InputObject?.Id ?? InputAsset ?? ex.Target);
                return;
            }

            var presetText = submission.PresetFile != null ? $"preset file '{submission.PresetFile}'" : $"preset '{submission.Preset}'";
            if (!ShouldProcess(target, $"Submit an encoding job with {presetText} in account '{context.Name}'")) return;

            var view = new TransferProgressView(1, "Uploading the job's input");
            WriteVerbose(submission.InputFiles is null || submission.InputFiles.Count == 0
                ? $"Submitting a job for asset {target} with {presetText} in account '{context.Name}'."
                : $"Uploading {target} and submitting a job with {presetText} in account '{context.Name}'.");
            try
            {
                var job = Run<Core.Models.MediaJob, TransferProgress>(
                    (progress, token) => new MediaJobClient(context).SubmitAsync(submission, progress, token),
                    report =>
                    {
                        var record = view.Update(report);
                        if (record != null) WriteProgress(record);
                    });
                WriteVerbose($"Submitted job {job.Id} ('{job.Name}'); its output will be asset {job.OutputAssetId}.");
                WriteResult(job);
            }
            catch (MediaOpsException ex)
            {
                WriteItemError(ex, target);
            }
            finally
            {
                if (ParameterSetName == PathParameterSet || ParameterSetName == LiteralPathParameterSet) WriteProgressCompleted(view.Completed());
            }
        }
    }
}
