#Requires -Version 7.2
<#
.SYNOPSIS
    Runs the Pester tests in this folder against the staged module. './build.sh test' calls it when pwsh is on PATH.

.DESCRIPTION
    The same as 'Invoke-Pester -Path tests/Pester -CI', except that the NUnit result file goes to -ResultPath
    (under the git-ignored .build/) instead of the current directory, and that finding no test is an error.
    The tests find the staged module through $env:MEDIAOPS_MODULE_PATH (the folder out/MediaOps), e.g.
        Import-Module $env:MEDIAOPS_MODULE_PATH -Force

    Exit codes: 0 all passed; 1 a test or a test file failed; 3 Pester 5 is not installed; 4 no test was found.

.EXAMPLE
    ./build.sh stage
    pwsh -NoProfile -File tests/Pester/Invoke-MediaOpsPester.ps1 -ModulePath ./out/MediaOps -ResultPath ./.build/pester/testResults.xml
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultPath
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$pester = Get-Module -ListAvailable -Name Pester |
    Where-Object { $_.Version -ge [version] '5.0.0' } |
    Sort-Object -Property Version -Descending |
    Select-Object -First 1
if (-not $pester) {
    Write-Host 'Pester 5 is not installed for this pwsh: Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser'
    exit 3
}
Import-Module -Name Pester -MinimumVersion 5.0.0

$env:MEDIAOPS_MODULE_PATH = (Resolve-Path -LiteralPath $ModulePath).Path
New-Item -ItemType Directory -Force -Path (Split-Path -Parent $ResultPath) | Out-Null

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = $ResultPath

$result = Invoke-Pester -Configuration $configuration
if ($result.TotalCount -eq 0) {
    Write-Host "Pester found no test in $PSScriptRoot"
    exit 4
}
if ($result.Result -ne 'Passed') { exit 1 }
exit 0
