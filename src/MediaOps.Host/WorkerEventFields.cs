using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MediaOps.Worker;

namespace MediaOps.Host
{
    /// <summary>
    /// The fields of a <see cref="WorkerEvent"/> as a logging scope: its job id, its own properties and, for a failure,
    /// the exception by type and message only, since the storage SDK's full text of a failure can hold request details.
    /// </summary>
    internal sealed class WorkerEventFields : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly List<KeyValuePair<string, object?>> _fields = new();

        public WorkerEventFields(WorkerEvent e)
        {
            if (e.JobId != null) _fields.Add(new("jobId", e.JobId));
            _fields.AddRange(e.Properties);
            if (e.Exception != null) _fields.Add(new("exception", e.Exception.GetType().Name + ": " + e.Exception.Message));
        }

        public int Count => _fields.Count;

        public KeyValuePair<string, object?> this[int index] => _fields[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _fields.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() =>
            string.Join(", ", _fields.Select(f => f.Key + "=" + System.Convert.ToString(f.Value, CultureInfo.InvariantCulture)));
    }
}
