namespace MediaOps.Build;

/// <summary>
/// <c>test</c>: prerequisites, restore, build, every test project, then Pester where pwsh exists. Its last line is
/// always the totals, <c>N passed, N failed, N skipped</c>, which CI reads.
/// </summary>
internal static class TestTask
{
    public static int Run(string[] dotnetTestArgs)
    {
        Prerequisites.EnsureAll();
        DotNet.Restore(Repo.Solution);
        DotNet.Build(Repo.Solution);

        if (Directory.Exists(Repo.TestResults)) Directory.Delete(Repo.TestResults, recursive: true);
        var testExitCode = DotNet.Test(Repo.Solution, Repo.TestResults, dotnetTestArgs);
        var results = TestResults.Read(Repo.TestResults);
        var pester = RunPester(filtered: dotnetTestArgs.Length > 0);

        var problems = new List<string>();
        if (results.Failed > 0) problems.Add($"{results.Failed} test(s) failed:" + string.Concat(results.FailedTests.Select(t => "\n      " + t)));
        if (testExitCode != 0 && results.Failed == 0) problems.Add($"dotnet test exited with code {testExitCode} (a test project failed to run or its test host crashed: see above)");
        if (results.Total == 0) problems.Add("no test ran" + (dotnetTestArgs.Length > 0 ? " (check the filter)" : ""));
        if (!pester.Ok) problems.Add("Pester failed: see above");

        Console.WriteLine();
        Log.Step($"test results ({results.Files} test project result file(s) in {Repo.Relative(Repo.TestResults)})");
        foreach (var problem in problems) Log.Error(problem);
        Console.Out.Flush();
        Console.Error.Flush();
        Console.WriteLine(pester.Line);
        Console.WriteLine(results.Totals);
        return problems.Count == 0 ? 0 : 1;
    }

    /// <summary>Stages the module and runs tests/Pester in pwsh, where pwsh is on PATH; says clearly when it did not run.</summary>
    private static (bool Ok, string Line) RunPester(bool filtered)
    {
        var pwsh = Shell.Find("pwsh");
        if (pwsh is null) return (true, "Pester: skipped (pwsh not found on PATH)");
        if (filtered) return (true, "Pester: skipped (a test filter was given)");

        try
        {
            StageTask.Stage();
        }
        catch (BuildFailure e)
        {
            Log.Error(e.Message);
            return (false, "Pester: not run, staging the module failed");
        }

        Log.Step("Pester (tests/Pester against the staged module out/MediaOps)");
        var exitCode = Shell.Run(pwsh,
        [
            "-NoProfile", "-NonInteractive", "-File", Repo.At("tests", "Pester", "Invoke-MediaOpsPester.ps1"),
            "-ModulePath", Repo.StagedModule,
            "-ResultPath", Repo.At(".build", "pester", "testResults.xml"),
        ]);
        return exitCode switch
        {
            0 => (true, "Pester: ran, all tests passed"),
            3 => (true, "Pester: skipped (pwsh found, but Pester 5 is not installed for it: Install-Module Pester -MinimumVersion 5.0)"),
            4 => (false, "Pester: FAILED, no Pester tests found in tests/Pester"),
            _ => (false, $"Pester: FAILED (exit code {exitCode})"),
        };
    }
}
