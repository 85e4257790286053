#!/usr/bin/env bash
# What Telephony.Sdk adds to a Blazor WebAssembly app's download: publishes a blank `dotnet new blazorwasm` app and the
# same app with the packed Telephony.Sdk and one AddTelephonyClient call (Release), and compares the brotli files
# (*.br) under wwwroot/_framework, in total and per file. Usage: bash eng/blazor-size.sh [extra publish arguments for
# both apps, e.g. -p:TrimMode=full]. Needs only the .NET SDK and the package source.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=eng/isolated-consumer.sh
source "$repo/eng/isolated-consumer.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
version="0.0.0-size.$(date +%s)"
machine_cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}"

run_logged() {
  local log="$1"
  shift
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "error: $* failed" >&2
    exit 1
  fi
}

echo "== pack Telephony.Sdk $version"
run_logged "$work/pack.log" dotnet pack "$repo/src/Telephony.Sdk/Telephony.Sdk.csproj" -c Release -o "$work/feed" \
  -p:Version="$version" --artifacts-path "$work/pack-artifacts" -nologo

isolated_consumer_dir "$work" "$work/feed" "$machine_cache"

echo "== blank app (dotnet new blazorwasm)"
run_logged "$work/new.log" dotnet new blazorwasm --name SizeApp --output "$work/blank" --no-restore
cp -r "$work/blank" "$work/with-sdk"
export NUGET_PACKAGES="$work/packages"
run_logged "$work/publish-blank.log" dotnet publish "$work/blank" -c Release -o "$work/out-blank" -nologo "$@"

echo "== the same app with Telephony.Sdk and one AddTelephonyClient call"
(cd "$work/with-sdk" && run_logged "$work/add.log" dotnet add package Telephony.Sdk --version "$version" --no-restore)
sed -i 's|^await builder.Build().RunAsync();|builder.Services.AddTelephonyClient(builder.Configuration.GetSection("Telephony"));\n\nawait builder.Build().RunAsync();|' \
  "$work/with-sdk/Program.cs"
grep -q AddTelephonyClient "$work/with-sdk/Program.cs" || { echo "error: could not add the AddTelephonyClient call" >&2; exit 1; }
run_logged "$work/publish-sdk.log" dotnet publish "$work/with-sdk" -c Release -o "$work/out-sdk" -nologo "$@"
if grep -E "warning IL[0-9]{4}" "$work/publish-sdk.log" >&2; then
  echo "error: the publish with Telephony.Sdk reported trim warnings (above)" >&2
  exit 1
fi

# Sizes of the .br files by name, the fingerprint (".<hash>.") taken out so that both apps' files line up.
sizes() {
  (cd "$1/wwwroot/_framework" && for f in *.br; do
    printf '%s\t%s\n' "$(echo "$f" | sed -E 's/\.[a-z0-9]{10}\././; s/\.br$//')" "$(stat -c %s "$f")"
  done) | sort
}
sizes "$work/out-blank" >"$work/blank.tsv"
sizes "$work/out-sdk" >"$work/sdk.tsv"
total() { awk -F'\t' '{ s += $2 } END { print s }' "$1"; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
blank_total="$(total "$work/blank.tsv")"
sdk_total="$(total "$work/sdk.tsv")"

echo "== brotli bytes under wwwroot/_framework"
printf '%-62s %10s %10s %10s\n' "file" "blank" "with SDK" "added"
join -t $'\t' -a 1 -a 2 -e 0 -o 0,1.2,2.2 "$work/blank.tsv" "$work/sdk.tsv" |
  awk -F'\t' '$3 != $2 { printf "%s\t%d\t%d\t%d\n", $1, $2, $3, $3 - $2 }' | sort -t $'\t' -k4,4nr |
  while IFS=$'\t' read -r name blank sdk added; do
    printf '%-62s %10s %10s %10s\n' "$name" "$blank" "$sdk" "$added"
  done
echo
echo "blank app:          $blank_total bytes ($(kb "$blank_total") KiB)"
echo "with Telephony.Sdk: $sdk_total bytes ($(kb "$sdk_total") KiB)"
echo "added:              $((sdk_total - blank_total)) bytes ($(kb $((sdk_total - blank_total))) KiB)"
