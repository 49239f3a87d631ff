#!/usr/bin/env pwsh
# Entry point of the build: all logic is in build/MediaOps.Build (C#). Twin of build.sh.
# usage: ./build.ps1 [build|test|stage|bench|demo|clean] [args]     (default: build)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $PSScriptRoot
if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    Write-Error 'build.ps1: dotnet not found on PATH: install the .NET 10 SDK'
    exit 1
}
if (-not $env:DOTNET_NOLOGO) { $env:DOTNET_NOLOGO = '1' }
if (-not $env:DOTNET_CLI_TELEMETRY_OPTOUT) { $env:DOTNET_CLI_TELEMETRY_OPTOUT = '1' }
& dotnet run --project build/MediaOps.Build -c Release -- @args
exit $LASTEXITCODE
