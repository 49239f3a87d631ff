namespace MediaOps.Core.Models
{
    /// <summary>Which state changes of a job are published to a notification endpoint (Media Services' NotificationJobState).</summary>
    public enum NotifyOn
    {
        FinalStatesOnly,
        All,
    }
}
