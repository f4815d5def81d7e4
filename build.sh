#!/usr/bin/env bash
# Bootstrapper: restore the pinned Cake tool (dotnet-tools.json), then run build/build.cake with your arguments.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export CAKE_SETTINGS_ENABLESCRIPTCACHE="${CAKE_SETTINGS_ENABLESCRIPTCACHE:-true}"
# OpenMP spin-waiting collapses throughput when anything else runs on the machine; passive waiting is robust.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
if [[ "${CI:-}" == "true" ]]; then export NO_COLOR=1; fi
dotnet tool restore >/dev/null
exec dotnet cake build/build.cake "$@"
