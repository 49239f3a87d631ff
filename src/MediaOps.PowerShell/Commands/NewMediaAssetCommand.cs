using System.Linq;
using System.Management.Automation;
using MediaOps.Core.Assets;
using MediaOps.Core.Models;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Uploads local files into a new media asset.</para>
    /// <para type="description">Each input creates one asset: -Path a.mp4,a.srt makes one asset of two files (the first,
    /// or -PrimaryFile, is its primary file), while Get-ChildItem *.mp4 | New-MediaAsset makes one asset per file.
    /// Every file is checked before anything is created, and an asset is registered only when all its files are
    /// uploaded, so a failed or interrupted upload leaves nothing behind. -Path takes PowerShell's wildcards (each
    /// pattern must match a file); -LiteralPath takes names as written (for names with [ or ]), and is what piped
    /// files bind to.</para>
    /// </summary>
    /// <example>
    /// <code>New-MediaAsset -Path $clip -Name trailer</code>
    /// <para>Uploads the file into a new asset named trailer in the default account, showing the upload's progress.</para>
    /// </example>
    /// <example>
    /// <code>Get-ChildItem -Path (Split-Path $clip) -Filter *.mp4 | New-MediaAsset -Context $b</code>
    /// <para>Makes one asset per MP4 file of the clip's folder, in account dcb.</para>
    /// </example>
    /// <example>
    /// <code>New-MediaAsset -Path (Join-Path (Split-Path $clip) '*.mp4') -Name 'all clips' -PrimaryFile (Split-Path $clip -Leaf)</code>
    /// <para>One asset of every MP4 file the wildcard matches, with the clip as its primary file.</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "MediaAsset", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(MediaAsset))]
    public sealed class NewMediaAssetCommand : MediaAccountCmdlet
    {
        private const string PathParameterSet = "Path";
        private const string LiteralPathParameterSet = "LiteralPath";

        /// <summary>The files of the asset, wildcards allowed; relative paths are resolved against the current location. Piped strings bind here.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathParameterSet, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        /// <summary>The files of the asset, taken as written (no wildcards); piped files (Get-ChildItem) bind here by their PSPath or FullName.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathParameterSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "FullName", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = new string[0];

        /// <summary>The asset's name; defaults to the first file's name.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>File name of the primary file; defaults to the first file.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? PrimaryFile { get; set; }

        /// <summary>Files uploaded at once (default 4).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        protected override void ProcessRecord()
        {
            var context = ResolveContext(Context);
            string[] files;
            try
            {
                files = ParameterSetName == LiteralPathParameterSet
                    ? ResolveLocalPaths(LiteralPath, literal: true).ToArray()
                    : ResolveLocalPaths(Path, literal: false).ToArray();
            }
            catch (Core.MediaOpsException ex)
            {
                WriteItemError(ex, ex.Target);
                return;
            }

            var target = string.Join(", ", files);
            if (!ShouldProcess(target, $"Upload {files.Length} file(s) into a new media asset in account '{context.Name}'")) return;

            var options = new MediaAssetCreateOptions { Name = Name, PrimaryFile = PrimaryFile, MaxConcurrency = ThrottleLimit };
            var view = new TransferProgressView(1, $"Uploading media asset '{Name ?? System.IO.Path.GetFileName(files[0])}'");
            WriteVerbose($"Uploading {target} into a new asset of account '{context.Name}'.");
            try
            {
                var asset = Run<Core.Models.MediaAsset, TransferProgress>(
                    (progress, token) => new MediaAssetClient(context).CreateAsync(files, options, progress, token),
                    report =>
                    {
                        var record = view.Update(report);
                        if (record != null) WriteProgress(record);
                    });
                WriteVerbose($"Created asset {asset.Id} ({asset.Files.Count} file(s), {TransferProgressView.FormatBytes(asset.TotalBytes)}).");
                WriteResult(asset);
            }
            catch (Core.MediaOpsException ex)
            {
                WriteItemError(ex, target);
            }
            finally
            {
                WriteProgressCompleted(view.Completed());
            }
        }
    }
}
