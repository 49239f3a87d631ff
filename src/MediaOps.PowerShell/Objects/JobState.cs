namespace MediaOps.PowerShell
{
    /// <summary>The state of an encoding job, as Media Services v2 named them (the values of Get-MediaJob -State).</summary>
    public enum JobState
    {
        Queued = 0,
        Scheduled = 1,
        Processing = 2,
        Finished = 3,
        Error = 4,
        Canceled = 5,
        Canceling = 6,
    }
}
