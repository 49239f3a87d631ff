using System;
using System.IO;
using System.Text;
using System.Text.Json;
using MediaOps.Worker;

namespace MediaOps.Host
{
    /// <summary>Structured logs as one JSON object per line on standard output, for log shippers and humans alike.</summary>
    public sealed class JsonLineLog
    {
        private readonly TextWriter _output;
        private readonly WorkerEventLevel _minimum;
        private readonly object _sync = new();

        public JsonLineLog(TextWriter output, WorkerEventLevel minimum)
        {
            _output = output;
            _minimum = minimum;
        }

        public void Write(WorkerEvent e)
        {
            if (e.Level < _minimum) return;
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("time", e.TimeStamp.UtcDateTime.ToString("o"));
                json.WriteString("level", e.Level.ToString());
                json.WriteString("event", e.Name);
                if (e.JobId != null) json.WriteString("jobId", e.JobId);
                json.WriteString("message", e.Message);
                foreach (var property in e.Properties)
                {
                    json.WritePropertyName(property.Key);
                    JsonSerializer.Serialize(json, property.Value);
                }
                if (e.Exception != null) json.WriteString("exception", e.Exception.GetType().Name + ": " + e.Exception.Message);
                json.WriteEndObject();
            }
            var line = Encoding.UTF8.GetString(buffer.ToArray());
            lock (_sync)
            {
                _output.WriteLine(line);
                _output.Flush();
            }
        }
    }
}
