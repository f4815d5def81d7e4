# Bootstrapper: restore the pinned Cake tool (dotnet-tools.json), then run build/build.cake with your arguments.
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
if (-not $env:CAKE_SETTINGS_ENABLESCRIPTCACHE) { $env:CAKE_SETTINGS_ENABLESCRIPTCACHE = 'true' }
# OMP_WAIT_POLICY: OpenMP's default for the pipeline, PASSIVE for the test suite only (build.sh says why).
if ($env:CI -eq 'true') { $env:NO_COLOR = '1' }
dotnet tool restore | Out-Null
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
dotnet cake build/build.cake @args
exit $LASTEXITCODE
