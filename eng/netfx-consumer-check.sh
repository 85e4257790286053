#!/usr/bin/env bash
# Proves the .NET Framework asset (lib/net462) of Telephony.Sdk and Telephony.Sdk.HealthChecks works under Mono:
#   1. builds samples/Telephony.Samples.FakeServer and starts it on 127.0.0.1 with a free port, a sliding window of
#      3 s and a limit of one request per window for its live secret key, and no rate-limit headers (so the client
#      meets a real 429 with Retry-After);
#   2. builds eng/netfx-consumer (net472, the packages from the local feed, Microsoft.NETFramework.ReferenceAssemblies
#      through the .NET SDK, warnings as errors) and runs it under mono: a balance, a typed 401 for an unknown key, a
#      secret key refused in client mode with zero requests at the fake, a 429 waited out and retried, the rate-limit
#      state, cancellation, the health check, and no key in any log line;
#   3. builds a net472 app with TelephonyClientMode=Client and runs it under mono: the build's mode reaches the SDK at
#      run time (a secret key is refused, with no option set) and a publishable key gets the balance.
# Needs the .NET SDK and Mono with its facades (Debian: mono-runtime and mono-devel).
#
# Usage: eng/netfx-consumer-check.sh [FEED VERSION]   (without them, packs both packages into a temporary feed)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=eng/isolated-consumer.sh
source "$repo/eng/isolated-consumer.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1

work="$(mktemp -d "${TMPDIR:-/tmp}/telephony-netfx-check.XXXXXX")"
fake_pid=""
cleanup() {
  if [[ -n "$fake_pid" ]]; then
    kill "$fake_pid" 2>/dev/null || true
    wait "$fake_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
started=$SECONDS

step() {
  echo "== netfx-consumer-check: $* ($((SECONDS - started)) s)"
}

fail() {
  echo "netfx-consumer-check: error: $*" >&2
  exit 1
}

run_logged() {
  local log="$1"
  shift
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    fail "failed: $*"
  fi
}

command -v mono >/dev/null || fail "mono is not installed (Debian: apt-get install -y mono-runtime mono-devel)"
# Mono's facades (netstandard.dll, System.ValueTuple.dll, ...) come with mono-devel on Debian; without them the
# Microsoft.Extensions assemblies do not load.
[[ -f /usr/lib/mono/4.5/Facades/netstandard.dll ]] || fail "Mono's facades are missing (Debian: apt-get install -y mono-devel)"
echo "$(mono --version | head -n 1)"

if [[ $# -ge 2 ]]; then
  feed="$1"
  version="$2"
else
  feed="$work/feed"
  version="$(dotnet msbuild "$repo/src/Telephony.Sdk/Telephony.Sdk.csproj" -getProperty:VersionPrefix)-netfx.$(date -u +%Y%m%d%H%M%S)"
  step "pack $version"
  for project in Telephony.Sdk Telephony.Sdk.HealthChecks; do
    run_logged "$work/pack-$project.log" dotnet pack "$repo/src/$project/$project.csproj" -c Release -o "$feed" \
      "-p:Version=$version" --artifacts-path "$work/artifacts" -nologo -v:minimal
  done
fi
for package in Telephony.Sdk Telephony.Sdk.HealthChecks; do
  unzip -Z1 "$feed/$package.$version.nupkg" | grep -xF "lib/net462/$package.dll" >/dev/null \
    || fail "$package.$version.nupkg has no lib/net462/$package.dll"
done

# ---------------------------------------------------------------------------------------------------------------------
step "start the fake Telephony.io"
run_logged "$work/build-fake.log" dotnet build "$repo/samples/Telephony.Samples.FakeServer/Telephony.Samples.FakeServer.csproj" \
  -c Release --artifacts-path "$work/fake-artifacts" -nologo -v:minimal
fake_dll="$(find "$work/fake-artifacts/bin/Telephony.Samples.FakeServer" -name Telephony.Samples.FakeServer.dll | head -n 1)"
[[ -f "$fake_dll" ]] || fail "the fake server's build produced no Telephony.Samples.FakeServer.dll"
# The fake's live secret key gets one request per window; its keys are read from what it prints, never written here.
fake_out="$work/fake.out"
start_fake() {
  dotnet "$fake_dll" --port 0 --rate-limit-algorithm sliding-window --window 3 --rate-limit-headers none "$@" >"$fake_out" 2>&1 &
  fake_pid=$!
  for _ in $(seq 1 150); do
    if grep -qF "Press Ctrl+C to stop." "$fake_out"; then return 0; fi
    kill -0 "$fake_pid" 2>/dev/null || break
    sleep 0.2
  done
  cat "$fake_out" >&2
  fail "the fake server did not start"
}
# First start: only to read the fake's keys; then again with the live secret key limited to one request per window.
start_fake
fake_key() { grep -E "^  $1:" "$fake_out" | awk '{print $NF}'; }
publishable="$(fake_key 'publishable, test')"
live_secret="$(fake_key 'secret, live')"
[[ -n "$publishable" && -n "$live_secret" ]] || { cat "$fake_out" >&2; fail "could not read the fake's keys"; }
kill "$fake_pid"; wait "$fake_pid" 2>/dev/null || true; fake_pid=""
start_fake --key-limit "$live_secret=1"
base_url="$(grep -oE 'listening at \S+' "$fake_out" | cut -d' ' -f3)"
[[ "$base_url" == http://127.0.0.1:* ]] || fail "the fake server is not on 127.0.0.1: $base_url"
echo "    $base_url"

# ---------------------------------------------------------------------------------------------------------------------
consumers="$work/consumers"
isolated_consumer_dir "$consumers" "$feed" "${NUGET_PACKAGES:-$HOME/.nuget/packages}"
cache="$work/packages"

step "build eng/netfx-consumer (net472) against Telephony.Sdk $version"
app="$consumers/NetFxConsumer"
mkdir -p "$app"
cp "$repo/eng/netfx-consumer/NetFxConsumer.csproj" "$repo/eng/netfx-consumer/Program.cs" "$app/"
run_logged "$work/build-netfx.log" env NUGET_PACKAGES="$cache" \
  dotnet build "$app/NetFxConsumer.csproj" -c Release -warnaserror -nologo -v:minimal "-p:TelephonySdkVersion=$version"
exe="$app/bin/Release/net472/NetFxConsumer.exe"
[[ -f "$exe" ]] || fail "the build produced no $exe"

step "run it under mono"
if ! output="$(cd "$app" && TELEPHONY_BASE_URL="$base_url" FAKE_PUBLISHABLE_KEY="$publishable" FAKE_LIMITED_SECRET_KEY="$live_secret" \
  timeout 180 mono "$exe" 2>&1)"; then
  echo "$output" >&2
  fail "NetFxConsumer failed under mono"
fi
echo "$output" | sed 's/^/    /'
grep -qF "Telephony.Sdk $version+" <<<"$output" || fail "NetFxConsumer did not load Telephony.Sdk $version from the package"
grep -qxF "DI balance: 1234.56" <<<"$output" || fail "no balance through dependency injection"
grep -qxF "new TelephonyClient balance: 1234.56" <<<"$output" || fail "no balance through new TelephonyClient"
grep -qxF "netfx-consumer: passed" <<<"$output" || fail "NetFxConsumer did not pass"
for key in "$publishable" "$live_secret"; do
  ! grep -qF "$key" <<<"$output" || fail "NetFxConsumer printed a whole key"
done

# ---------------------------------------------------------------------------------------------------------------------
step "a client-mode build (net472, TelephonyClientMode=Client) under mono"
client="$consumers/NetFxClientApp"
mkdir -p "$client"
cat >"$client/NetFxClientApp.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net472</TargetFramework>
    <LangVersion>latest</LangVersion>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <TelephonyClientMode>Client</TelephonyClientMode>
  </PropertyGroup>
  <ItemGroup>
    <Reference Include="System.Net.Http" />
    <PackageReference Include="Telephony.Sdk" Version="$version" />
  </ItemGroup>
</Project>
XML
cat >"$client/Program.cs" <<'CS'
using System.Globalization;
using Telephony.Sdk;

// No TelephonyClientOptions.Mode: the client mode comes from the build alone.
var baseAddress = new Uri(Environment.GetEnvironmentVariable("TELEPHONY_BASE_URL")!);
try
{
    using var refused = new TelephonyClient(new TelephonyClientOptions { ApiKey = Environment.GetEnvironmentVariable("FAKE_SECRET_KEY"), BaseAddress = baseAddress });
    Console.WriteLine("secret key accepted");
    return 1;
}
catch (ArgumentException)
{
    Console.WriteLine("secret key refused by the client-mode build");
}

using var client = new TelephonyClient(new TelephonyClientOptions { ApiKey = Environment.GetEnvironmentVariable("FAKE_PUBLISHABLE_KEY"), BaseAddress = baseAddress });
Console.WriteLine("publishable balance: " + (await client.Account.GetBalanceAsync()).Balance.ToString(CultureInfo.InvariantCulture));
return 0;
CS
run_logged "$work/build-client.log" env NUGET_PACKAGES="$cache" \
  dotnet build "$client/NetFxClientApp.csproj" -c Release -warnaserror -nologo -v:minimal
if ! client_output="$(cd "$client" && TELEPHONY_BASE_URL="$base_url" FAKE_PUBLISHABLE_KEY="$publishable" FAKE_SECRET_KEY="$live_secret" \
  timeout 120 mono "$client/bin/Release/net472/NetFxClientApp.exe" 2>&1)"; then
  echo "$client_output" >&2
  fail "NetFxClientApp failed under mono"
fi
echo "$client_output" | sed 's/^/    /'
grep -qxF "secret key refused by the client-mode build" <<<"$client_output" || fail "the client-mode build did not refuse a secret key"
grep -qxF "publishable balance: 1234.56" <<<"$client_output" || fail "the client-mode build got no balance with a publishable key"

echo "netfx-consumer-check: passed in $((SECONDS - started)) s"
