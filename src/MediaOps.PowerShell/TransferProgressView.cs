using System;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using MediaOps.Core.Models;

namespace MediaOps.PowerShell
{
    /// <summary>
    /// Turns Core's <see cref="TransferProgress"/> reports into Write-Progress records in bytes and files, at most a
    /// few per second (uploads report far more often than a console can usefully redraw).
    /// </summary>
    internal sealed class TransferProgressView
    {
        private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(250);

        private readonly int _activityId;
        private readonly string _activity;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _lastWritten = TimeSpan.MinValue;

        public TransferProgressView(int activityId, string activity)
        {
            _activityId = activityId;
            _activity = activity;
        }

        /// <summary>The record to write for this report, or null when the last one was written too recently.</summary>
        public ProgressRecord? Update(TransferProgress progress)
        {
            var now = _clock.Elapsed;
            var done = progress.FilesCompleted >= progress.TotalFiles && progress.BytesTransferred >= progress.TotalBytes;
            if (!done && _lastWritten != TimeSpan.MinValue && now - _lastWritten < MinimumInterval) return null;
            _lastWritten = now;

            var status = string.Format(CultureInfo.CurrentCulture, "{0} of {1} files, {2} of {3}",
                progress.FilesCompleted, progress.TotalFiles, FormatBytes(progress.BytesTransferred), FormatBytes(progress.TotalBytes));
            var record = new ProgressRecord(_activityId, _activity, status)
            {
                PercentComplete = (int)Math.Max(0, Math.Min(100, progress.Percent)),
            };
            if (!string.IsNullOrEmpty(progress.CurrentFile)) record.CurrentOperation = progress.CurrentFile;
            var seconds = now.TotalSeconds;
            if (seconds >= 2 && progress.BytesTransferred > 0 && progress.TotalBytes > progress.BytesTransferred)
            {
                var rate = progress.BytesTransferred / seconds;
                record.SecondsRemaining = (int)Math.Min(int.MaxValue, (progress.TotalBytes - progress.BytesTransferred) / rate);
            }
            return record;
        }

        /// <summary>The record that removes the progress bar.</summary>
        public ProgressRecord Completed() =>
            new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed, PercentComplete = 100 };

        internal static string FormatBytes(long bytes)
        {
            string[] units = { "B", "KB", "MB", "GB", "TB" };
            double value = bytes;
            var unit = 0;
            while (value >= 1024 && unit < units.Length - 1)
            {
                value /= 1024;
                unit++;
            }
            return unit == 0
                ? string.Format(CultureInfo.CurrentCulture, "{0} B", bytes)
                : string.Format(CultureInfo.CurrentCulture, "{0:0.0} {1}", value, units[unit]);
        }
    }
}
