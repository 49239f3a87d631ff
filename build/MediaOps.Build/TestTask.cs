using System.Text.Json;

namespace MediaOps.Build;

/// <summary>
/// <c>test</c>: prerequisites, restore, build, every test project, then Pester against the staged module in the
/// repository's pwsh. Its last line is always the totals over all of them, <c>N passed, N failed, N skipped</c>, which CI reads.
/// <c>pester</c>: only the staging and Pester part (arguments are Pester full-name filters).
/// </summary>
internal static class TestTask
{
    private sealed record Counts(int Passed, int Failed, int Skipped);

    public static int Run(string[] dotnetTestArgs)
    {
        Prerequisites.EnsureAll();
        Prerequisites.EnsureChromium();
        DotNet.Restore(Repo.Solution);
        DotNet.Build(Repo.Solution);

        if (Directory.Exists(Repo.TestResults)) Directory.Delete(Repo.TestResults, recursive: true);
        var testExitCode = DotNet.Test(Repo.Solution, Repo.TestResults, dotnetTestArgs);
        var results = TestResults.Read(Repo.TestResults);

        var problems = new List<string>();
        if (results.Failed > 0) problems.Add($"{results.Failed} test(s) failed:" + string.Concat(results.FailedTests.Select(t => "\n      " + t)));
        if (testExitCode != 0 && results.Failed == 0) problems.Add($"dotnet test exited with code {testExitCode} (a test project failed to run or its test host crashed: see above)");
        if (results.Total == 0) problems.Add("no test ran" + (dotnetTestArgs.Length > 0 ? " (check the filter)" : ""));

        // A dotnet test filter selects xunit tests only; Pester runs whenever the whole suite does.
        var pester = dotnetTestArgs.Length > 0 ? null : RunPester([], problems);
        return Report(results, pester, problems);
    }

    public static int RunPesterOnly(string[] fullNameFilters)
    {
        Prerequisites.EnsureAll();
        DotNet.Restore(Repo.Solution);
        DotNet.Build(Repo.Solution);
        var problems = new List<string>();
        var pester = RunPester(fullNameFilters, problems);
        return Report(null, pester, problems);
    }

    private static int Report(TestResults? xunit, Counts? pester, List<string> problems)
    {
        Console.WriteLine();
        Log.Step("test results" + (xunit is null ? "" : $" ({xunit.Files} test project result file(s) in {Repo.Relative(Repo.TestResults)})"));
        foreach (var problem in problems) Log.Error(problem);
        Console.Out.Flush();
        Console.Error.Flush();
        if (xunit != null) Console.WriteLine($"xunit: {xunit.Totals}");
        Console.WriteLine(pester is null
            ? "Pester: not run (a dotnet test filter was given)"
            : $"Pester: {pester.Passed} passed, {pester.Failed} failed, {pester.Skipped} skipped");
        var passed = (xunit?.Passed ?? 0) + (pester?.Passed ?? 0);
        var failed = (xunit?.Failed ?? 0) + (pester?.Failed ?? 0);
        var skipped = (xunit?.Skipped ?? 0) + (pester?.Skipped ?? 0);
        Console.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
        return problems.Count == 0 ? 0 : 1;
    }

    /// <summary>Stages the module and runs tests/Pester; a Pester run that fails, does not run or finds no test is a problem.</summary>
    private static Counts RunPester(string[] fullNameFilters, List<string> problems)
    {
        var none = new Counts(0, 0, 0);
        string pesterManifest;
        try
        {
            StageTask.Stage();
            PublishOlderAzureSdk();
            pesterManifest = PowerShellTools.PesterManifest();
        }
        catch (BuildFailure e)
        {
            problems.Add("Pester did not run: " + e.Message);
            return none;
        }

        Log.Step($"Pester {PowerShellTools.PesterVersion} (tests/Pester against the staged module {Repo.Relative(Repo.StagedModule)})");
        var summary = Repo.At(".build", "pester", "summary.json");
        if (File.Exists(summary)) File.Delete(summary);
        string[] args =
        [
            "-NoProfile", "-NonInteractive", "-File", Repo.At("tests", "Pester", "Invoke-MediaOpsPester.ps1"),
            "-PesterPath", pesterManifest,
            "-ModulePath", Repo.StagedModule,
            "-ResultPath", Repo.At(".build", "pester", "testResults.xml"),
            "-SummaryPath", summary,
            .. fullNameFilters.Length == 0 ? Array.Empty<string>() : ["-FullNameFilter", string.Join(",", fullNameFilters)],
        ];
        var exitCode = PowerShellTools.RunPwsh(args, new Dictionary<string, string> { [OlderAzureSdkVariable] = OlderAzureSdk });
        var counts = File.Exists(summary) ? ReadSummary(summary) : none;
        switch (exitCode)
        {
            case 0 when counts.Passed > 0:
                break;
            case 0:
            case 4:
                problems.Add("Pester found no test in tests/Pester" + (fullNameFilters.Length > 0 ? " (check the filter)" : ""));
                break;
            default:
                problems.Add(counts.Failed > 0
                    ? $"Pester: {counts.Failed} test(s) or block(s) failed (see above; results in .build/pester/testResults.xml)"
                    : $"Pester did not complete (pwsh exit code {exitCode}): see above");
                break;
        }
        return counts;
    }

    /// <summary>Where the isolation tests find an older Azure SDK (tests/Pester/Fixtures/OlderAzureSdk, published).</summary>
    private const string OlderAzureSdkVariable = "MEDIAOPS_OLDER_AZURE_SDK";

    private static readonly string OlderAzureSdk = Repo.At(".build", "older-azure-sdk");

    /// <summary>
    /// Publishes the fixture project that pins an older Azure.Core and Azure.Storage.Blobs into .build/older-azure-sdk/:
    /// the isolation tests load it into PowerShell's default context beside MediaOps, as another module (Az.Storage) would.
    /// </summary>
    private static void PublishOlderAzureSdk()
    {
        var project = Repo.At("tests", "Pester", "Fixtures", "OlderAzureSdk", "OlderAzureSdk.csproj");
        Log.Step($"publishing {Repo.Relative(project)} (an older Azure SDK for the isolation tests) into {Repo.Relative(OlderAzureSdk)}");
        if (Directory.Exists(OlderAzureSdk)) Directory.Delete(OlderAzureSdk, recursive: true);
        Shell.Check(Shell.Run("dotnet", ["publish", project, "-c", "Release", "-o", OlderAzureSdk]), "publish of " + Repo.Relative(project));
    }

    private static Counts ReadSummary(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        int Count(string name) => json.RootElement.GetProperty(name).GetInt32();
        return new Counts(Count("passed"), Count("failed"), Count("skipped"));
    }
}
