using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Serialization.Json;
using System.Threading;
using Azure.Storage.Queues;
using MediaOps.Core.Models;

namespace MediaOps.Bench
{
    /// <summary>The seed's EncodingJobMessage (Media Services v2 sample), as its consumer deserializes it.</summary>
    public class EncodingJobMessage
    {
        public string? MessageVersion { get; set; }

        public string? EventType { get; set; }

        public string? ETag { get; set; }

        public string? TimeStamp { get; set; }

        public IDictionary<string, object>? Properties { get; set; }
    }

    /// <summary>
    /// The naive way: <c>WaitForJobToReachedFinishedState</c> of the Media Services v2 sample (seeds/000), written with
    /// the v12 QueueClient. Every 10 seconds (<c>Thread.Sleep</c>) it receives up to 10 messages (GetMessages(10): the
    /// default 30-second visibility), deserializes each with DataContractJsonSerializer, and deletes each after reading
    /// it; when it finds its job's Finished it stops at once (the sample's <c>break</c> comes before the delete, so that
    /// last message is left on the queue, as in the sample). Timeout 600 s, as in the sample.
    /// Two things differ from the sample, neither in what it asks of the queue: the message dump goes to
    /// <see cref="Output"/> (the sample writes it to the console), and <paramref name="stop"/> is checked after each sleep
    /// so that a benchmark can end the loop.
    /// </summary>
    internal sealed class SeedLoop
    {
        private readonly QueueClient _queue;

        public SeedLoop(string connectionString, string queueName)
        {
            // The classic SDK's CloudQueue Base64-encoded messages and AsBytes decoded them; v12 does so with this option.
            _queue = new QueueClient(connectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        }

        public TextWriter Output { get; set; } = TextWriter.Null;

        /// <summary>Called before every queue request (receive or delete), with the operation's name.</summary>
        public Action<string>? OnRequest { get; set; }

        public void WaitForJobToReachedFinishedState(string jobId, CancellationToken stop)
        {
            var expectedState = (int)JobState.Finished;
            var timeOutInSeconds = 600;

            var jobReachedExpectedState = false;
            var startTime = DateTime.Now;
            var jobState = -1;

            while (!jobReachedExpectedState)
            {
                // Specify how often you want to get messages from the queue.
                Thread.Sleep(TimeSpan.FromSeconds(10));
                stop.ThrowIfCancellationRequested();

                OnRequest?.Invoke("receive");
                foreach (var message in _queue.ReceiveMessages(10).Value)
                {
                    using (Stream stream = new MemoryStream(message.Body.ToArray()))
                    {
                        var settings = new DataContractJsonSerializerSettings { UseSimpleDictionaryFormat = true };
                        var ser = new DataContractJsonSerializer(typeof(EncodingJobMessage), settings);
                        var encodingJobMsg = (EncodingJobMessage)ser.ReadObject(stream)!;

                        Output.WriteLine();

                        // Display the message information.
                        Output.WriteLine("EventType: {0}", encodingJobMsg.EventType);
                        Output.WriteLine("MessageVersion: {0}", encodingJobMsg.MessageVersion);
                        Output.WriteLine("ETag: {0}", encodingJobMsg.ETag);
                        Output.WriteLine("TimeStamp: {0}", encodingJobMsg.TimeStamp);
                        foreach (var property in encodingJobMsg.Properties!)
                        {
                            Output.WriteLine("    {0}: {1}", property.Key, property.Value);
                        }

                        // We are only interested in messages
                        // where EventType is "JobStateChange".
                        if (encodingJobMsg.EventType == "JobStateChange")
                        {
                            var JobId = (string)encodingJobMsg.Properties!.Where(j => j.Key == "JobId").FirstOrDefault().Value;
                            if (JobId == jobId)
                            {
                                var oldJobStateStr = (string)encodingJobMsg.Properties!.Where(j => j.Key == "OldState").FirstOrDefault().Value;
                                var newJobStateStr = (string)encodingJobMsg.Properties!.Where(j => j.Key == "NewState").FirstOrDefault().Value;

                                var oldJobState = (JobState)Enum.Parse(typeof(JobState), oldJobStateStr);
                                var newJobState = (JobState)Enum.Parse(typeof(JobState), newJobStateStr);

                                if (newJobState == (JobState)expectedState)
                                {
                                    Output.WriteLine("job with Id: {0} reached expected state: {1}", jobId, newJobState);
                                    jobReachedExpectedState = true;
                                    break;
                                }
                            }
                        }
                    }
                    // Delete the message after we've read it.
                    OnRequest?.Invoke("delete");
                    _queue.DeleteMessage(message.MessageId, message.PopReceipt);
                }

                // Wait until timeout
                var timeDiff = DateTime.Now - startTime;
                var timedOut = timeDiff.TotalSeconds > timeOutInSeconds;
                if (timedOut)
                {
                    Output.WriteLine("Timeout for checking job notification messages, latest found state ='{0}', wait time = {1} secs",
                        jobState, timeDiff.TotalSeconds);
                    throw new TimeoutException();
                }
            }
        }
    }
}
