using System.Collections.Generic;
using System.IO;
using System.Runtime.Serialization.Json;

namespace MediaOps.Core.Tests
{
    /// <summary>The message class of the Media Services notification sample, and the way it read messages.</summary>
    public class EncodingJobMessage
    {
        public string MessageVersion { get; set; } = "";

        public string EventType { get; set; } = "";

        public string ETag { get; set; } = "";

        public string TimeStamp { get; set; } = "";

        public IDictionary<string, object> Properties { get; set; } = new Dictionary<string, object>();
    }

    public static class SeedConsumer
    {
        public static EncodingJobMessage Read(byte[] messageBytes)
        {
            using var stream = new MemoryStream(messageBytes);
            var settings = new DataContractJsonSerializerSettings { UseSimpleDictionaryFormat = true };
            var serializer = new DataContractJsonSerializer(typeof(EncodingJobMessage), settings);
            return (EncodingJobMessage)serializer.ReadObject(stream)!;
        }
    }
}
