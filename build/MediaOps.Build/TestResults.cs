using System.Xml.Linq;

namespace MediaOps.Build;

/// <summary>Outcomes summed over the TRX files that <c>dotnet test --logger trx</c> wrote, one per test project.</summary>
internal sealed record TestResults(int Files, int Passed, int Failed, int Skipped, IReadOnlyList<string> FailedTests)
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public int Total => Passed + Failed + Skipped;

    /// <summary>The line CI reads; it must be the last line the test task prints.</summary>
    public string Totals => $"{Passed} passed, {Failed} failed, {Skipped} skipped";

    public static TestResults Read(string directory)
    {
        var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.trx", SearchOption.AllDirectories) : [];
        var results = files
            .SelectMany(file => XDocument.Load(file).Descendants(Trx + "UnitTestResult"))
            .Select(result => (Name: (string?)result.Attribute("testName") ?? "?", Outcome: (string?)result.Attribute("outcome") ?? ""))
            .ToList();
        return new TestResults(
            files.Length,
            Passed: results.Count(r => r.Outcome == "Passed"),
            // xunit's skipped tests are NotExecuted; every other outcome (Failed, Error, Timeout, Aborted, ...) is a failure.
            Failed: results.Count(r => r.Outcome is not ("Passed" or "NotExecuted")),
            Skipped: results.Count(r => r.Outcome == "NotExecuted"),
            FailedTests: results.Where(r => r.Outcome is not ("Passed" or "NotExecuted")).Select(r => $"{r.Name} ({r.Outcome})").ToList());
    }
}
