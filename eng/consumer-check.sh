#!/usr/bin/env bash
# Proves the packages work for someone who only has NuGet:
#   1. packs Telephony.Sdk, Telephony.Sdk.Testing and Telephony.Sdk.Redis into a local folder, with a version no other
#      run uses, and checks what the packages contain (the core package has no Redis dependency);
#   2. creates fresh console apps (dotnet new console) that reference the SDK and Testing packages through a nuget.config naming
#      that folder and nuget.org, builds them with warnings as errors and runs them: each starts TelephonyFakeServer
#      and fetches the balance with dependency injection and with new TelephonyClient(options). One app targets
#      net10.0; one targets net8.0 and runs on the newest installed runtime (DOTNET_ROLL_FORWARD=Major); a net472 app
#      runs under Mono against the standalone fake server (eng/netfx-consumer-check.sh);
#   3. publishes samples/Telephony.Samples.Quickstart with NativeAOT (linux-x64), fails on any trim or AOT warning
#      (IL2xxx, IL3xxx), and runs the native binary, which must print "Balance: 1234.56";
#   4. packs the telephony tool (Telephony.Cli), installs it from that folder into a temporary tool path, runs
#      `telephony --help`, and `telephony scan` and `telephony scan --history` on a fresh clone of this repository, which
#      must find nothing, then times a history scan of 2,000 generated commits (eng/scan-history-benchmark.sh).
# Ends with the package and binary sizes. Needs the .NET SDK, unzip, and clang with zlib1g-dev for NativeAOT.
#
# Usage: eng/consumer-check.sh [--keep]   (--keep leaves the temporary folder for inspection)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=eng/isolated-consumer.sh
source "$repo/eng/isolated-consumer.sh"
keep=false
if [[ "${1:-}" == "--keep" ]]; then
  keep=true
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1

work="$(mktemp -d "${TMPDIR:-/tmp}/telephony-consumer-check.XXXXXX")"
cleanup() {
  if [[ "$keep" == true ]]; then
    echo "consumer-check: files kept in $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

feed="$work/feed"
started=$SECONDS

step() {
  echo "== consumer-check: $* ($((SECONDS - started)) s)"
}

fail() {
  echo "consumer-check: error: $*" >&2
  exit 1
}

# Runs a command with its output in a log; on failure prints the log and stops.
run_logged() {
  local log="$1"
  shift
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    fail "failed: $*"
  fi
}

if ! command -v unzip >/dev/null; then
  fail "unzip is needed to read the packages (apt-get install -y unzip)"
fi

# ---------------------------------------------------------------------------------------------------------------------
# 1. Pack with a unique version, so no consumer can pick up a stale copy from a package cache.
# ---------------------------------------------------------------------------------------------------------------------
version_prefix="$(dotnet msbuild "$repo/src/Telephony.Sdk/Telephony.Sdk.csproj" -getProperty:VersionPrefix)"
version="${version_prefix}-ci.$(date -u +%Y%m%d%H%M%S)"
step "pack $version"
for project in Telephony.Sdk Telephony.Sdk.Testing Telephony.Sdk.Redis Telephony.Sdk.HealthChecks Telephony.Cli; do
  # Its own artifacts folder: the repository's bin/ and obj/ keep the build of the real version.
  run_logged "$work/pack-$project.log" dotnet pack "$repo/src/$project/$project.csproj" -c Release -o "$feed" \
    "-p:Version=$version" --artifacts-path "$work/artifacts" -nologo -v:minimal
done

sdk_package="$feed/Telephony.Sdk.$version.nupkg"
testing_package="$feed/Telephony.Sdk.Testing.$version.nupkg"
redis_package="$feed/Telephony.Sdk.Redis.$version.nupkg"
health_package="$feed/Telephony.Sdk.HealthChecks.$version.nupkg"
tool_package="$feed/Telephony.Cli.$version.nupkg"
for file in "$sdk_package" "$testing_package" "$redis_package" "$health_package" "$tool_package" "${health_package%.nupkg}.snupkg" \
  "${sdk_package%.nupkg}.snupkg" "${testing_package%.nupkg}.snupkg" "${redis_package%.nupkg}.snupkg"; do
  [[ -f "$file" ]] || fail "pack did not produce $(basename "$file")"
done

# The files of a package, one per line.
package_files() {
  unzip -Z1 "$1" | sort
}

# Fails unless the package's assemblies are exactly the expected ones: no test or sample assembly slips in.
expect_assemblies() {
  local package="$1"
  shift
  local actual expected
  actual="$(package_files "$package" | grep -E '\.dll$' || true)"
  expected="$(printf '%s\n' "$@" | sort)"
  if [[ "$actual" != "$expected" ]]; then
    fail "$(basename "$package") has assemblies:"$'\n'"$actual"$'\n'"expected:"$'\n'"$expected"
  fi
}

expect_files() {
  local package="$1"
  shift
  local files
  files="$(package_files "$package")"
  for file in "$@"; do
    grep -qxF "$file" <<<"$files" || fail "$(basename "$package") lacks $file"
  done
}

expect_nuspec() {
  local package="$1" id="$2"
  local nuspec
  nuspec="$(unzip -p "$package" "$id.nuspec")"
  local expected=(
    '<license type="expression">MIT</license>'
    '<readme>README.md</readme>'
    '<repository type="git" url="https://github.com/telephony-sdk/telephony-dotnet"'
  )
  if commit="$(git -C "$repo" rev-parse HEAD 2>/dev/null)"; then
    expected+=("commit=\"$commit\"")
  fi
  for text in "${expected[@]}"; do
    grep -qF "$text" <<<"$nuspec" || fail "$id.nuspec lacks $text"
  done
}

# The package page's text: the project's own short README (absolute links), not the repository's README.
expect_readme() {
  local package="$1" project="$2"
  unzip -p "$package" README.md | cmp -s - "$repo/src/$project/README.md" \
    || fail "$(basename "$package"): README.md is not src/$project/README.md"
}

# The symbol package: a PDB per target framework whose Source Link points at the published repository and commit.
# Usage: expect_symbols PACKAGE ASSEMBLY [FRAMEWORK...] (net8.0 and net10.0 when none is named)
expect_symbols() {
  local package="$1" assembly="$2"
  shift 2
  local frameworks=("$@")
  [[ ${#frameworks[@]} -gt 0 ]] || frameworks=(net8.0 net10.0)
  local expected="https://raw.githubusercontent.com/telephony-sdk/telephony-dotnet/"
  if commit="$(git -C "$repo" rev-parse HEAD 2>/dev/null)"; then
    expected+="$commit/"
  fi
  for framework in "${frameworks[@]}"; do
    unzip -p "$package" "lib/$framework/$assembly.pdb" | grep -aF "$expected" >/dev/null \
      || fail "$(basename "$package"): lib/$framework/$assembly.pdb is missing or has no Source Link to $expected"
  done
}

step "check package contents"
expect_assemblies "$sdk_package" analyzers/dotnet/cs/Telephony.Sdk.Analyzers.dll \
  lib/net462/Telephony.Sdk.dll lib/net8.0/Telephony.Sdk.dll lib/net10.0/Telephony.Sdk.dll
# The build files sit in one folder per supported framework, never at the framework-neutral root: a project on an
# unsupported framework then fails at restore (NU1202) instead of importing them alone.
expect_files "$sdk_package" README.md lib/net462/Telephony.Sdk.xml lib/net8.0/Telephony.Sdk.xml lib/net10.0/Telephony.Sdk.xml \
  buildTransitive/net462/Telephony.Sdk.props buildTransitive/net462/Telephony.Sdk.targets \
  buildTransitive/net8.0/Telephony.Sdk.props buildTransitive/net8.0/Telephony.Sdk.targets
if package_files "$sdk_package" | grep -E '^buildTransitive/[^/]+$' >&2; then
  fail "Telephony.Sdk.nupkg has build files at the framework-neutral buildTransitive/ root (above)"
fi
expect_nuspec "$sdk_package" Telephony.Sdk
expect_readme "$sdk_package" Telephony.Sdk
expect_symbols "${sdk_package%.nupkg}.snupkg" Telephony.Sdk net462 net8.0 net10.0
expect_assemblies "$testing_package" lib/net8.0/Telephony.Sdk.Testing.dll lib/net10.0/Telephony.Sdk.Testing.dll
expect_files "$testing_package" README.md lib/net8.0/Telephony.Sdk.Testing.xml lib/net10.0/Telephony.Sdk.Testing.xml
expect_nuspec "$testing_package" Telephony.Sdk.Testing
expect_readme "$testing_package" Telephony.Sdk.Testing
expect_symbols "${testing_package%.nupkg}.snupkg" Telephony.Sdk.Testing
expect_assemblies "$redis_package" lib/net8.0/Telephony.Sdk.Redis.dll lib/net10.0/Telephony.Sdk.Redis.dll
expect_files "$redis_package" README.md lib/net8.0/Telephony.Sdk.Redis.xml lib/net10.0/Telephony.Sdk.Redis.xml
expect_nuspec "$redis_package" Telephony.Sdk.Redis
expect_readme "$redis_package" Telephony.Sdk.Redis
expect_symbols "${redis_package%.nupkg}.snupkg" Telephony.Sdk.Redis
expect_assemblies "$health_package" lib/net462/Telephony.Sdk.HealthChecks.dll lib/net8.0/Telephony.Sdk.HealthChecks.dll \
  lib/net10.0/Telephony.Sdk.HealthChecks.dll
expect_files "$health_package" README.md lib/net462/Telephony.Sdk.HealthChecks.xml lib/net8.0/Telephony.Sdk.HealthChecks.xml \
  lib/net10.0/Telephony.Sdk.HealthChecks.xml
expect_nuspec "$health_package" Telephony.Sdk.HealthChecks
expect_readme "$health_package" Telephony.Sdk.HealthChecks
expect_symbols "${health_package%.nupkg}.snupkg" Telephony.Sdk.HealthChecks net462 net8.0 net10.0
# The tool carries the SDK and the fake server inside it (a .NET tool has no package dependencies).
expect_files "$tool_package" README.md tools/net10.0/any/telephony.dll tools/net10.0/any/Telephony.Sdk.dll \
  tools/net10.0/any/Telephony.Sdk.Testing.dll tools/net10.0/any/DotnetToolSettings.xml
expect_readme "$tool_package" Telephony.Cli
# The health check stays out of the core package: only Telephony.Sdk.HealthChecks depends on the health-checks packages.
if unzip -p "$sdk_package" Telephony.Sdk.nuspec | grep -qi 'Diagnostics.HealthChecks'; then
  fail "Telephony.Sdk.nuspec depends on the health-checks packages"
fi
# Redis stays out of the core package: only Telephony.Sdk.Redis depends on it, and it depends on this Telephony.Sdk.
if unzip -p "$sdk_package" Telephony.Sdk.nuspec | grep -qiE 'StackExchange\.Redis|RedisRateLimiting'; then
  fail "Telephony.Sdk.nuspec depends on Redis packages"
fi
for dependency in "id=\"Telephony.Sdk\" version=\"$version\"" 'id="RedisRateLimiting"' 'id="StackExchange.Redis"'; do
  unzip -p "$redis_package" Telephony.Sdk.Redis.nuspec | grep -qF "$dependency" || fail "Telephony.Sdk.Redis.nuspec lacks the dependency $dependency"
done

# ---------------------------------------------------------------------------------------------------------------------
# 2. Fresh console apps that reference the packages.
# ---------------------------------------------------------------------------------------------------------------------
# The consumers restore into an empty package cache, so the packages under test are extracted fresh; every other
# package comes from the machine's usual cache, read as a fallback folder, so nothing is downloaded twice.
machine_cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
consumer_cache="$work/packages"
consumers="$work/consumers"
isolated_consumer_dir "$consumers" "$feed" "$machine_cache"

consumer_program='using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk;
using Telephony.Sdk.Testing;

var sdkVersion = typeof(TelephonyClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
Console.WriteLine($"Telephony.Sdk {sdkVersion} on {RuntimeInformation.FrameworkDescription}");

await using var server = await TelephonyFakeServer.StartAsync();

// With dependency injection.
var services = new ServiceCollection();
services.AddTelephonyClient(options =>
{
    options.ApiKey = TelephonyFakeServer.SecretTestKey;
    options.BaseAddress = server.BaseAddress;
});
await using (var provider = services.BuildServiceProvider())
{
    var client = provider.GetRequiredService<TelephonyClient>();
    var balance = await client.Account.GetBalanceAsync();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"DI balance: {balance.Balance}"));
}

// Without dependency injection.
using (var client = new TelephonyClient(new TelephonyClientOptions
{
    ApiKey = TelephonyFakeServer.SecretTestKey,
    BaseAddress = server.BaseAddress,
}))
{
    var balance = await client.Account.GetBalanceAsync();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"new TelephonyClient balance: {balance.Balance}"));
}
'

# check_consumer NAME TARGET_FRAMEWORK [ENVIRONMENT...]: creates, builds and runs one consumer.
check_consumer() {
  local name="$1" framework="$2"
  shift 2
  local dir="$consumers/$name"
  step "consumer $name ($framework)"
  run_logged "$work/new-$name.log" dotnet new console --name "$name" --output "$dir" --no-restore
  sed -i "s|<TargetFramework>[^<]*</TargetFramework>|<TargetFramework>$framework</TargetFramework>|" "$dir/$name.csproj"
  printf '%s' "$consumer_program" >"$dir/Program.cs"
  (
    cd "$dir"
    export NUGET_PACKAGES="$consumer_cache"
    run_logged "$work/add-$name.log" dotnet add package Telephony.Sdk --version "$version" --no-restore
    run_logged "$work/add-testing-$name.log" dotnet add package Telephony.Sdk.Testing --version "$version" --no-restore
    run_logged "$work/build-$name.log" dotnet build -c Release -warnaserror -nologo -v:minimal
  )
  local dll="$dir/bin/Release/$framework/$name.dll"
  [[ -f "$dll" ]] || fail "the build of $name produced no $dll"
  local output
  if ! output="$(cd "$dir" && env "$@" timeout 120 dotnet "$dll" 2>&1)"; then
    echo "$output" >&2
    fail "$name exited with an error"
  fi
  echo "$output" | sed 's/^/    /'
  grep -qF "Telephony.Sdk $version+" <<<"$output" || fail "$name did not load Telephony.Sdk $version from the package"
  grep -qxF "DI balance: 1234.56" <<<"$output" || fail "$name: no balance through dependency injection"
  grep -qxF "new TelephonyClient balance: 1234.56" <<<"$output" || fail "$name: no balance through new TelephonyClient"
}

check_consumer ConsumerNet10 net10.0
# Only the newest runtime may be installed: the net8.0 app runs on it, as it would after a roll-forward.
check_consumer ConsumerNet8 net8.0 DOTNET_ROLL_FORWARD=Major

# The .NET Framework asset under Mono: a net472 app against the standalone fake server (eng/netfx-consumer-check.sh).
step "the .NET Framework asset under Mono (eng/netfx-consumer-check.sh)"
bash "$repo/eng/netfx-consumer-check.sh" "$feed" "$version" | sed 's/^/    /' \
  || fail "the .NET Framework consumer check failed (eng/netfx-consumer-check.sh)"

# ---------------------------------------------------------------------------------------------------------------------
# 3. NativeAOT: publish the quickstart sample and run the native binary.
# ---------------------------------------------------------------------------------------------------------------------
if ! command -v clang >/dev/null; then
  fail "NativeAOT needs clang and zlib1g-dev (apt-get install -y clang zlib1g-dev)"
fi
step "NativeAOT publish of samples/Telephony.Samples.Quickstart"
aot="$work/aot"
publish_log="$work/publish-aot.log"
run_logged "$publish_log" dotnet publish "$repo/samples/Telephony.Samples.Quickstart/Telephony.Samples.Quickstart.csproj" \
  -c Release -r linux-x64 -p:PublishAot=true -p:TreatWarningsAsErrors=true -o "$aot" \
  --artifacts-path "$work/aot-artifacts" -nologo -v:minimal
# TreatWarningsAsErrors already fails the publish on them; the log is read as well, so no setting can hide one.
if grep -E "(warning|error) IL[23][0-9]{3}" "$publish_log" >&2; then
  fail "the NativeAOT publish reported trim or AOT warnings (above)"
fi
binary="$aot/Telephony.Samples.Quickstart"
[[ -x "$binary" ]] || fail "the publish produced no native binary at $binary"
file_type="$(head -c 4 "$binary" | od -An -c | tr -d ' ')"
[[ "$file_type" == '177ELF' ]] || fail "$binary is not an ELF executable"
[[ ! -e "$aot/Telephony.Sdk.dll" ]] || fail "the NativeAOT output holds managed assemblies"

step "run the native binary"
# With no key the sample starts the fake Telephony.io server from Telephony.Sdk.Testing.
if ! native_output="$(env -u TELEPHONY_API_KEY -u TELEPHONY_BASE_URL timeout 60 "$binary" 2>&1)"; then
  echo "$native_output" >&2
  fail "the native binary exited with an error"
fi
echo "$native_output" | sed 's/^/    /'
grep -qxF "Balance: 1234.56" <<<"$native_output" || fail "the native binary did not print 'Balance: 1234.56'"

# ---------------------------------------------------------------------------------------------------------------------
# 4. The telephony tool, installed from the package as a user would.
# ---------------------------------------------------------------------------------------------------------------------
tool_started=$SECONDS
step "install the telephony tool $version"
tools="$work/tools"
run_logged "$work/tool-install.log" env NUGET_PACKAGES="$consumer_cache" \
  dotnet tool install --tool-path "$tools" --add-source "$feed" Telephony.Cli --version "$version"
telephony="$tools/telephony"
[[ -x "$telephony" ]] || fail "dotnet tool install put no telephony command in $tools"
help_output="$("$telephony" --help)" || fail "telephony --help failed"
for text in "Usage:" "Exit codes:" "scan" "fake-server" "balance" "key"; do
  grep -qF "$text" <<<"$help_output" || fail "telephony --help lacks '$text'"
done

step "telephony scan on a fresh clone of this repository"
clone="$work/clone"
run_logged "$work/clone.log" git clone --quiet --no-local "$repo" "$clone"
for mode in "" "--history"; do
  # shellcheck disable=SC2086 # an empty mode is no argument
  if ! scan_output="$(cd "$clone" && "$telephony" scan $mode 2>&1)"; then
    echo "$scan_output" >&2
    fail "telephony scan $mode found secret keys in a clean checkout (allow a fake in .telephonyignore)"
  fi
  echo "    telephony scan $mode: $(tail -n 1 <<<"$scan_output")"
done

step "telephony scan --install-hook with the tool installed locally (a tool manifest)"
hooked="$work/hooked"
git init --quiet -b main "$hooked"
git -C "$hooked" config user.email consumer-check@example.com
git -C "$hooked" config user.name consumer-check
git -C "$hooked" config commit.gpgsign false
(
  cd "$hooked"
  export NUGET_PACKAGES="$consumer_cache"
  run_logged "$work/tool-local.log" dotnet new tool-manifest
  run_logged "$work/tool-local.log" dotnet tool install --local --add-source "$feed" Telephony.Cli --version "$version"
  run_logged "$work/tool-local.log" dotnet tool run telephony scan --install-hook
  # The hook runs the tool as the manifest names it, not a path in the package cache that an update or a cache clear removes.
  grep -qxF "exec dotnet tool run telephony scan --staged" .git/hooks/pre-commit \
    || fail "the pre-commit hook does not run the local tool: $(tail -n 1 .git/hooks/pre-commit)"
  printf 'key = "sk_live_%s"\n' "abcdefghijklmnopqrstuvwx1234" >settings.txt
  git add -A
  if git commit --quiet -m "a key" >"$work/hook-commit.log" 2>&1; then
    fail "the pre-commit hook let a secret key be committed"
  fi
  grep -qF "live secret key sk_live_" "$work/hook-commit.log" || fail "the pre-commit hook failed without a finding: $(cat "$work/hook-commit.log")"
) || exit 1
echo "    the hook runs 'dotnet tool run telephony scan --staged' and refused a commit with a key"

step "telephony scan --history of 2,000 generated commits"
TELEPHONY="$telephony" bash "$repo/eng/scan-history-benchmark.sh" 2000 10 | sed 's/^/    /' \
  || fail "the history scan benchmark failed (eng/scan-history-benchmark.sh)"
echo "    the tool's checks took $((SECONDS - tool_started)) s"

# ---------------------------------------------------------------------------------------------------------------------
size() {
  local bytes
  bytes="$(stat -c %s "$1")"
  printf '%s bytes (%s KiB)' "$bytes" "$(( (bytes + 512) / 1024 ))"
}
step "done"
echo "sizes:"
echo "  Telephony.Sdk.$version.nupkg: $(size "$sdk_package")"
echo "  Telephony.Sdk.$version.snupkg: $(size "${sdk_package%.nupkg}.snupkg")"
echo "  Telephony.Sdk.Testing.$version.nupkg: $(size "$testing_package")"
echo "  Telephony.Sdk.Testing.$version.snupkg: $(size "${testing_package%.nupkg}.snupkg")"
echo "  Telephony.Sdk.HealthChecks.$version.nupkg: $(size "$health_package")"
echo "  Telephony.Cli.$version.nupkg: $(size "$tool_package")"
echo "  Telephony.Samples.Quickstart (NativeAOT, linux-x64): $(size "$binary")"
echo "consumer-check: passed in $((SECONDS - started)) s"
