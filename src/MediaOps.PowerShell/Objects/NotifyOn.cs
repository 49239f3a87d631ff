namespace MediaOps.PowerShell
{
    /// <summary>Which state changes of a job a notification endpoint hears about (Submit-MediaJob -NotifyOn).</summary>
    public enum NotifyOn
    {
        /// <summary>Only Finished, Error and Canceled.</summary>
        FinalStatesOnly,

        /// <summary>Every state change.</summary>
        All,
    }
}
