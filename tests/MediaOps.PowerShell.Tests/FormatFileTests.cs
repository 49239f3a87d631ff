using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MediaOps.PowerShell.Tests.Infrastructure;
using Xunit;

namespace MediaOps.PowerShell.Tests
{
    /// <summary>MediaOps.format.ps1xml: shipped with the assembly, a table view per output type, and never a secret on screen.</summary>
    public sealed class FormatFileTests
    {
        private static ModuleMetadata Module => ModuleMetadata.Instance;

        private static string BuiltFormatFile => Path.Combine(Module.OutputDirectory, "MediaOps.format.ps1xml");

        [Fact]
        public void The_format_file_is_copied_next_to_the_cmdlet_assembly()
        {
            Assert.True(File.Exists(BuiltFormatFile), $"{BuiltFormatFile} is missing; mark MediaOps.format.ps1xml CopyToOutputDirectory.");
            Assert.Equal(File.ReadAllText(Path.Combine(Module.SourceDirectory, "MediaOps.format.ps1xml")), File.ReadAllText(BuiltFormatFile));
        }

        [Fact]
        public void The_format_file_has_a_table_view_for_every_object_the_cmdlets_output()
        {
            var document = XDocument.Load(BuiltFormatFile);
            var tableViewTypes = document.Descendants("View")
                .Where(v => v.Element("TableControl") != null)
                .SelectMany(v => v.Descendants("TypeName").Select(t => t.Value.Trim()))
                .ToHashSet(StringComparer.Ordinal);
            var outputTypes = Module.Cmdlets.SelectMany(c => c.OutputTypes).SelectMany(o => o.Types)
                .Where(t => !t.IsPrimitive).Select(t => t.FullName!).Distinct();
            foreach (var type in outputTypes)
            {
                Assert.True(tableViewTypes.Contains(type), $"MediaOps.format.ps1xml has no table view for {type}.");
            }
        }

        [Fact]
        public void Every_table_view_has_as_many_headers_as_columns()
        {
            var document = XDocument.Load(BuiltFormatFile);
            foreach (var table in document.Descendants("TableControl"))
            {
                var headers = table.Element("TableHeaders")!.Elements("TableColumnHeader").Count();
                foreach (var row in table.Descendants("TableColumnItems"))
                {
                    Assert.Equal(headers, row.Elements("TableColumnItem").Count());
                }
            }
        }

        [Fact]
        public void No_view_of_a_locator_shows_its_Path_which_holds_the_SAS_of_a_Sas_locator()
        {
            var document = XDocument.Load(BuiltFormatFile);
            var locatorViews = document.Descendants("View")
                .Where(v => v.Descendants("TypeName").Any(t => t.Value.Trim() == "MediaOps.Core.Models.MediaLocator"))
                .ToList();
            Assert.Contains(locatorViews, v => v.Element("TableControl") != null);
            Assert.Contains(locatorViews, v => v.Element("ListControl") != null);

            var shown = locatorViews.SelectMany(v => v.Descendants())
                .Where(e => e.Name == "PropertyName" || e.Name == "ScriptBlock")
                .Select(e => e.Value)
                .ToList();
            Assert.NotEmpty(shown);
            Assert.All(shown, s => Assert.DoesNotMatch(new Regex(@"\bPath\b"), s));
            // The table shows what a person needs to find the stream: the URLs, or the paths without an endpoint.
            Assert.Contains(shown, s => s.Contains("StreamingUrls", StringComparison.Ordinal) && s.Contains("StreamingPaths", StringComparison.Ordinal));
        }

        [Fact]
        public void The_asset_view_tells_a_replica_from_its_source_which_has_the_same_id()
        {
            var document = XDocument.Load(BuiltFormatFile);
            var assetTable = document.Descendants("View")
                .Single(v => v.Element("TableControl") != null && v.Descendants("TypeName").Any(t => t.Value.Trim() == "MediaOps.Core.Models.MediaAsset"));
            var shown = assetTable.Descendants("TableColumnItem").SelectMany(i => i.Elements()).Select(e => e.Value).ToList();
            Assert.Contains("ReplicatedFrom", shown);
            Assert.Contains(shown, s => s.Contains("Context.Name", StringComparison.Ordinal));
        }

        [Fact]
        public void No_format_view_shows_a_key_a_connection_string_or_a_token()
        {
            var document = XDocument.Load(BuiltFormatFile);
            var shown = document.Descendants("TableColumnItem").SelectMany(i => i.Elements()).Select(e => e.Value).ToList();
            var forbidden = new Regex(@"Key|ConnectionString|Sas|Signature|Token|Credential|Secret|BlobService|QueueService", RegexOptions.IgnoreCase);
            Assert.All(shown, s => Assert.DoesNotMatch(forbidden, s));
            // Endpoints only without their query string (a SAS connection string puts the token there).
            var endpoint = new Regex(@"\b(Blob|Queue|Streaming)Endpoint\b");
            Assert.All(shown.Where(s => endpoint.IsMatch(s)), s => Assert.Contains("GetLeftPart", s));
        }

        [Fact]
        public void Endpoint_views_show_a_WebHook_s_delivery_state_and_never_its_signing_key()
        {
            var document = XDocument.Load(BuiltFormatFile);
            var endpointViews = document.Descendants("View")
                .Where(v => v.Descendants("TypeName").Any(t => t.Value.Trim() == "MediaOps.Core.Models.NotificationEndpoint"))
                .ToList();
            Assert.Contains(endpointViews, v => v.Element("TableControl") != null);
            Assert.Contains(endpointViews, v => v.Element("ListControl") != null);
            var shown = endpointViews.SelectMany(v => v.Descendants())
                .Where(e => e.Name == "PropertyName" || e.Name == "ScriptBlock")
                .Select(e => e.Value)
                .ToList();
            Assert.All(shown, s => Assert.DoesNotMatch(new Regex("SigningKey|StoredAddress", RegexOptions.IgnoreCase), s));
            foreach (var view in endpointViews)
            {
                var items = view.Descendants().Where(e => e.Name == "PropertyName" || e.Name == "ScriptBlock").Select(e => e.Value).ToList();
                Assert.Contains("LastDelivery", items);
                Assert.Contains("Backlog", items);
            }
        }
    }
}
