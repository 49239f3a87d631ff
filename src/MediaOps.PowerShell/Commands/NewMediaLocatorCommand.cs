using System;
using System.Management.Automation;
using MediaOps.Core;
using MediaOps.Core.Locators;
using MediaOps.Core.Models;

namespace MediaOps.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates a locator that gives access to a media asset for a limited time.</para>
    /// <para type="description">-Type OnDemandOrigin (the default) records a locator through which a streaming origin
    /// serves the asset; its StreamingUrls are the asset's HLS and DASH manifests under the account's streaming endpoint.
    /// -Type Sas makes a container SAS URL (its Path) with the least -Permission (Read by default), starting a few
    /// minutes back for clock skew. The asset comes from -AssetId or from the pipeline: an asset, a locator, or a
    /// finished job from Wait-MediaJobNotification (its output asset), or an id string.</para>
    /// </summary>
    /// <example>
    /// <code>$job | New-MediaLocator -Type OnDemandOrigin -Duration (New-TimeSpan -Days 30)</code>
    /// <para>Publishes the job's output asset for 30 days; the table shows the locator's expiry (UTC) and HLS URL.</para>
    /// </example>
    /// <example>
    /// <code>
    /// $sas = $asset | New-MediaLocator -Type Sas -Permission Read -Duration (New-TimeSpan -Hours 1)
    /// $url = $sas.Path
    /// </code>
    /// <para>A read-only container SAS for one hour. No view shows the SAS; read the locator's Path to use it, and treat it as a secret.</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "MediaLocator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(MediaLocator))]
    public sealed class NewMediaLocatorCommand : MediaAccountCmdlet
    {
        /// <summary>
        /// Id of the asset (nb:cid:UUID:&lt;guid&gt; or the bare guid). A piped job binds its OutputAssetId; the job's own
        /// Id is a job id, so Id is deliberately not an alias.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("OutputAssetId")]
        [MediaIdTransformation]
        [ValidateNotNullOrEmpty]
        public string AssetId { get; set; } = "";

        /// <summary>OnDemandOrigin (default): a locator for a streaming origin; Sas: a container SAS URL.</summary>
        [Parameter]
        public MediaLocatorType Type { get; set; } = MediaLocatorType.OnDemandOrigin;

        /// <summary>Sas only: what the SAS allows (Read, Write, List; default Read). Origin locators are read-only.</summary>
        [Parameter]
        public LocatorPermissions Permission { get; set; } = LocatorPermissions.Read;

        /// <summary>How long the locator is valid after its start; by default 1 hour for Sas, 30 days for OnDemandOrigin.</summary>
        [Parameter]
        public TimeSpan? Duration { get; set; }

        /// <summary>When access starts; by default a few minutes before now, so that a clock running behind still accepts it.</summary>
        [Parameter]
        public DateTimeOffset? StartTime { get; set; }

        protected override void BeginProcessing()
        {
            if (Duration is TimeSpan duration && duration <= TimeSpan.Zero)
            {
                TerminateWith(new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"-Duration {duration} is not positive. Give how long the locator is valid, for example (New-TimeSpan -Days 30).",
                    duration.ToString()));
            }
        }

        protected override void ProcessRecord()
        {
            var context = ResolveContext(Context);
            var options = new MediaLocatorCreateOptions
            {
                Type = EnumMapping.Convert<Core.Models.MediaLocatorType>(Type),
                Permissions = EnumMapping.Convert<Core.Models.LocatorPermissions>(Permission),
                Duration = Duration, StartTime = StartTime };
            var kind = Type == MediaLocatorType.Sas ? $"{Permission} SAS" : "streaming origin";
            try
            {
                if (!ShouldProcess(AssetId, $"Create a {kind} locator for the media asset in account '{context.Name}'")) return;
                WriteVerbose($"Creating a {kind} locator for asset {AssetId} of account '{context.Name}'.");
                var locator = Run(token => new MediaLocatorClient(context).CreateAsync(AssetId, options, token));
                locator.Context ??= context;
                // ToString never includes Path, which holds the SAS of a Sas locator.
                WriteVerbose($"Created locator {locator}, valid from {locator.StartTime:u}.");
                WriteResult(locator);
            }
            catch (MediaOpsException ex)
            {
                WriteItemError(ex, AssetId);
            }
        }
    }
}
