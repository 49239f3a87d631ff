namespace MediaOps.Core.Models
{
    /// <summary>Job states, with the numeric values of Media Services v2.</summary>
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

    public static class JobStates
    {
        /// <summary>Finished, Error and Canceled: a job in one of these never changes again.</summary>
        public static bool IsFinal(this JobState state) =>
            state == JobState.Finished || state == JobState.Error || state == JobState.Canceled;
    }
}
