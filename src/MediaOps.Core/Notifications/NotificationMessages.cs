using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MediaOps.Core.Models;

namespace MediaOps.Core.Notifications
{
    /// <summary>
    /// The Media Services v2 notification messages: building, serializing and parsing them. The JSON is the contract
    /// that existing consumers (for example the <c>EncodingJobMessage</c> class of the Media Services samples, read with
    /// DataContractJsonSerializer) parse, so its shape does not change: properties in the order MessageVersion,
    /// EventType, ETag, TimeStamp, Properties, and every value of Properties a string.
    /// </summary>
    public static class NotificationMessages
    {
        public const string CurrentMessageVersion = "1.0";
        public const string Registered = "Registered";
        public const string Unregistered = "Unregistered";

        /// <summary>UTC, 7 fractional digits and Z, so that ordering by TimeStamp works within a second.</summary>
        internal const string TimeStampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions
        {
            // Not embedded in HTML: keep job names readable (non-ASCII as is), as Media Services wrote them.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Indented = false,
        };

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        /// <summary>
        /// The ETag of a job's state change: SHA-256 (64 lowercase hex digits) of the job and the transition, so that a
        /// transition published twice carries the same ETag and readers drop the duplicate.
        /// </summary>
        public static string ComputeJobStateChangeETag(string jobId, JobState oldState, JobState newState)
        {
            if (jobId is null) throw new ArgumentNullException(nameof(jobId));
            return Sha256Hex($"{MediaNotification.JobStateChangeEvent}\n{CanonicalJobId(jobId)}\n{oldState}\n{newState}");
        }

        /// <summary>A JobStateChange notification; AccountName is the job's account (its <see cref="MediaJob.AccountName"/>, else its context's name).</summary>
        public static MediaNotification CreateJobStateChange(MediaJob job, JobState oldState, JobState newState, DateTimeOffset timeStamp)
        {
            if (job is null) throw new ArgumentNullException(nameof(job));
            var accountName = !string.IsNullOrEmpty(job.AccountName) ? job.AccountName : job.Context?.Name ?? "";
            return CreateJobStateChange(job, oldState, newState, timeStamp, accountName);
        }

        /// <summary>A NotificationEndPointRegistration notification (State: Registered or Unregistered).</summary>
        public static MediaNotification CreateEndpointRegistration(NotificationEndpoint endpoint, string state, DateTimeOffset timeStamp)
        {
            if (endpoint is null) throw new ArgumentNullException(nameof(endpoint));
            if (string.IsNullOrEmpty(state)) throw new ArgumentException("The registration state is required (Registered or Unregistered).", nameof(state));
            return new MediaNotification
            {
                MessageVersion = CurrentMessageVersion,
                EventType = MediaNotification.EndpointRegistrationEvent,
                ETag = Sha256Hex($"{MediaNotification.EndpointRegistrationEvent}\n{endpoint.Id}\n{state}"),
                TimeStamp = FormatTimeStamp(timeStamp),
                Properties = new Dictionary<string, string>
                {
                    ["NotificationEndPointId"] = endpoint.Id,
                    ["State"] = state,
                    ["Name"] = endpoint.Name,
                    ["Created"] = FormatTimeStamp(endpoint.Created),
                },
                Context = endpoint.Context,
            };
        }

        /// <summary>The message text (before the queue's Base64 encoding) exactly as docs/DESIGN.md shows it.</summary>
        public static string Serialize(MediaNotification notification)
        {
            if (notification is null) throw new ArgumentNullException(nameof(notification));
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteString("MessageVersion", notification.MessageVersion ?? CurrentMessageVersion);
                writer.WriteString("EventType", notification.EventType ?? "");
                writer.WriteString("ETag", notification.ETag ?? "");
                writer.WriteString("TimeStamp", notification.TimeStamp ?? "");
                writer.WriteStartObject("Properties");
                if (notification.Properties != null)
                {
                    foreach (var pair in notification.Properties)
                    {
                        writer.WriteString(pair.Key, pair.Value ?? "");
                    }
                }
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }

        /// <summary>
        /// Parses a message text (already Base64-decoded). False, with the reason in <paramref name="error"/>, when it is
        /// not JSON, not the notification format, a JobStateChange without JobId or NewState, or names an unknown state.
        /// </summary>
        public static bool TryParse(string json, out MediaNotification? notification, out string? error)
        {
            notification = null;
            error = Parse(json, out var parsed);
            if (error != null) return false;
            notification = parsed;
            return true;
        }

        /// <summary>Decodes a queue message's text as the classic storage SDK wrote it: Base64 of UTF-8 JSON.</summary>
        internal static bool TryDecode(string messageText, out MediaNotification? notification, out string? error)
        {
            notification = null;
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(messageText.Trim());
            }
            catch (FormatException)
            {
                error = "the message text is not Base64";
                return false;
            }
            string json;
            try
            {
                json = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                error = "the Base64-decoded message is not UTF-8 text";
                return false;
            }
            return TryParse(json, out notification, out error);
        }

        internal static MediaNotification CreateJobStateChange(MediaJob job, JobState oldState, JobState newState, DateTimeOffset timeStamp, string accountName) =>
            new MediaNotification
            {
                MessageVersion = CurrentMessageVersion,
                EventType = MediaNotification.JobStateChangeEvent,
                ETag = ComputeJobStateChangeETag(job.Id, oldState, newState),
                TimeStamp = FormatTimeStamp(timeStamp),
                Properties = new Dictionary<string, string>
                {
                    ["JobId"] = job.Id,
                    ["JobName"] = job.Name ?? "",
                    ["NewState"] = newState.ToString(),
                    ["OldState"] = oldState.ToString(),
                    ["AccountName"] = accountName,
                },
                Context = job.Context,
            };

        internal static string FormatTimeStamp(DateTimeOffset value) =>
            value.UtcDateTime.ToString(TimeStampFormat, CultureInfo.InvariantCulture);

        /// <summary>The TimeStamp of a message as an instant; text without an offset is taken as UTC.</summary>
        internal static bool TryParseTimeStamp(string? text, out DateTimeOffset value) =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

        /// <summary>A state name of a message; also accepts Media Services' spelling "Cancelled". Numbers are not state names.</summary>
        internal static bool TryParseState(string? text, out JobState state)
        {
            state = default;
            if (string.IsNullOrWhiteSpace(text)) return false;
            var trimmed = text!.Trim();
            if (trimmed.Equals("Cancelled", StringComparison.OrdinalIgnoreCase))
            {
                state = JobState.Canceled;
                return true;
            }
            if (!char.IsLetter(trimmed[0])) return false;
            return Enum.TryParse(trimmed, true, out state) && Enum.IsDefined(typeof(JobState), state);
        }

        private static string? Parse(string json, out MediaNotification? notification)
        {
            notification = null;
            if (json is null) return "the message is empty";
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json);
            }
            catch (JsonException ex)
            {
                return "the message is not JSON (" + ex.Message + ")";
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object) return "the message is not a JSON object";

                var version = ReadString(root, "MessageVersion", out var problem);
                if (problem != null) return problem;
                var eventType = ReadString(root, "EventType", out problem);
                if (problem != null) return problem;
                var etag = ReadString(root, "ETag", out problem);
                if (problem != null) return problem;
                var timeStamp = ReadString(root, "TimeStamp", out problem);
                if (problem != null) return problem;
                if (!TryParseTimeStamp(timeStamp, out _)) return $"the TimeStamp '{timeStamp}' is not an ISO 8601 time";
                if (!root.TryGetProperty("Properties", out var propertiesElement) || propertiesElement.ValueKind != JsonValueKind.Object)
                {
                    return "the message has no Properties object";
                }

                var properties = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var property in propertiesElement.EnumerateObject())
                {
                    switch (property.Value.ValueKind)
                    {
                        case JsonValueKind.String:
                            properties[property.Name] = property.Value.GetString() ?? "";
                            break;
                        case JsonValueKind.Number:
                        case JsonValueKind.True:
                        case JsonValueKind.False:
                            properties[property.Name] = property.Value.GetRawText();
                            break;
                        case JsonValueKind.Null:
                            break;
                        default:
                            return $"the property '{property.Name}' is not a string";
                    }
                }

                if (eventType == MediaNotification.JobStateChangeEvent)
                {
                    if (!properties.TryGetValue("JobId", out var jobId) || string.IsNullOrWhiteSpace(jobId)) return "the JobStateChange has no JobId";
                    if (!properties.TryGetValue("NewState", out var newState) || string.IsNullOrWhiteSpace(newState)) return "the JobStateChange has no NewState";
                    if (!TryParseState(newState, out _)) return $"the NewState '{newState}' is not a job state";
                    if (properties.TryGetValue("OldState", out var oldState) && !string.IsNullOrEmpty(oldState) && !TryParseState(oldState, out _))
                    {
                        return $"the OldState '{oldState}' is not a job state";
                    }
                }

                notification = new MediaNotification
                {
                    MessageVersion = version,
                    EventType = eventType,
                    ETag = etag,
                    TimeStamp = timeStamp,
                    Properties = properties,
                };
                return null;
            }
        }

        private static string ReadString(JsonElement root, string name, out string? problem)
        {
            problem = null;
            if (!root.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(element.GetString()))
            {
                problem = $"the message has no {name}";
                return "";
            }
            return element.GetString()!;
        }

        private static string CanonicalJobId(string jobId)
        {
            var text = jobId.Trim();
            if (text.StartsWith(MediaIds.JobPrefix, StringComparison.OrdinalIgnoreCase)) text = text.Substring(MediaIds.JobPrefix.Length);
            return Guid.TryParse(text, out var guid) ? MediaIds.Format(MediaIds.JobPrefix, guid) : jobId;
        }

        private static string Sha256Hex(string text)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(text));
            var builder = new StringBuilder(hash.Length * 2);
            foreach (var b in hash) builder.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return builder.ToString();
        }
    }
}
