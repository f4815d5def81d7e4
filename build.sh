#!/usr/bin/env bash
# Bootstrapper: restore the pinned Cake tool (dotnet-tools.json), then run build/build.cake with your arguments.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export CAKE_SETTINGS_ENABLESCRIPTCACHE="${CAKE_SETTINGS_ENABLESCRIPTCACHE:-true}"
# OMP_WAIT_POLICY is left to OpenMP's default for the pipeline: measured, PASSIVE made a default-profile training run
# take 71-82 s instead of 35-38 s (README "Threads"). The Test target sets PASSIVE for the suite, whose tests run two at
# a time and start CLI processes of their own, so threads there outnumber the cores.
if [[ "${CI:-}" == "true" ]]; then export NO_COLOR=1; fi
dotnet tool restore >/dev/null
exec dotnet cake build/build.cake "$@"
