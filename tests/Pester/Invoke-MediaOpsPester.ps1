#Requires -Version 7.4
<#
.SYNOPSIS
    Runs the Pester tests in this folder against the staged module. './build.sh test' (and './build.sh pester') call it
    with the repository's pwsh and the Pester package from NuGet.

.DESCRIPTION
    Imports Pester from -PesterPath (Pester.psd1 of the NuGet package), runs every *.Tests.ps1 under this folder with
    $env:MEDIAOPS_MODULE_PATH set to -ModulePath, writes the NUnit result file to -ResultPath and the counts, as JSON
    {passed, failed, skipped}, to -SummaryPath. Finding no test is an error.

    Exit codes: 0 all passed; 1 a test, a block or a test file failed; 4 no test was found.

.EXAMPLE
    ./build.sh stage
    dotnet tool run pwsh -NoProfile -File tests/Pester/Invoke-MediaOpsPester.ps1 -PesterPath ~/.nuget/packages/pester/5.7.1/tools/Pester.psd1 `
        -ModulePath ./out/MediaOps -ResultPath ./.build/pester/testResults.xml -SummaryPath ./.build/pester/summary.json
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    # Only tests whose full name matches one of these (Pester's -FullNameFilter, wildcards allowed; commas separate filters).
    [string[]] $FullNameFilter
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module -Name $PesterPath -Force

$env:MEDIAOPS_MODULE_PATH = (Resolve-Path -LiteralPath $ModulePath).Path
foreach ($path in $ResultPath, $SummaryPath) {
    New-Item -ItemType Directory -Force -Path (Split-Path -Parent $path) | Out-Null
}

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = $ResultPath
# The build passes several filters as one comma-separated argument (pwsh -File binds one string to a [string[]]).
if ($FullNameFilter) { $configuration.Filter.FullName = @($FullNameFilter | ForEach-Object { $_ -split ',' } | Where-Object { $_ }) }

$result = Invoke-Pester -Configuration $configuration

# A failed BeforeAll/AfterAll or a test file that does not parse fails no test of its own: count it as a failure.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[ordered]@{ passed = $result.PassedCount; failed = $failed; skipped = $result.SkippedCount } |
    ConvertTo-Json | Set-Content -LiteralPath $SummaryPath

if ($result.TotalCount -eq 0) {
    Write-Host "Pester found no test in $PSScriptRoot"
    exit 4
}
if ($failed -gt 0 -or $result.Result -ne 'Passed') { exit 1 }
exit 0
