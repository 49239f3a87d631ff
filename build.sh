#!/usr/bin/env bash
# Entry point of the build: all logic is in build/MediaOps.Build (C#). Twin of build.ps1.
# usage: ./build.sh [build|test|stage|bench|demo|clean] [args]     (default: build)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
command -v dotnet >/dev/null || { echo "build.sh: dotnet not found on PATH: install the .NET 10 SDK" >&2; exit 1; }
export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}" DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"
exec dotnet run --project build/MediaOps.Build -c Release -- "$@"
