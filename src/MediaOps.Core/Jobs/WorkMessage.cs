using System.Text.Json;

namespace MediaOps.Core.Jobs
{
    /// <summary>The message on the work queue: which job to run. Everything else is in the job record.</summary>
    internal sealed class WorkMessage
    {
        public string JobId { get; set; } = "";

        public static string Serialize(string jobId) => JsonSerializer.Serialize(new WorkMessage { JobId = jobId });

        public static bool TryParse(string text, out string jobId)
        {
            jobId = "";
            try
            {
                var message = JsonSerializer.Deserialize<WorkMessage>(text);
                if (message == null || string.IsNullOrEmpty(message.JobId)) return false;
                MediaIds.ParseGuid(message.JobId, MediaIds.JobPrefix, "job");
                jobId = message.JobId;
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
            catch (MediaOpsException)
            {
                return false;
            }
        }
    }
}
