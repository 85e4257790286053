#!/usr/bin/env bash
# Times `telephony scan --history` on a generated repository (eng/generate-history.sh): COMMITS commits (default 2000),
# one planted secret key reachable only from history. Fails when the key is not found, or when the scan takes longer than
# the budget (default 10 s). Builds the tool first unless TELEPHONY=path/to/telephony is given.
#
# Usage: eng/scan-history-benchmark.sh [COMMITS] [BUDGET_SECONDS]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
commits="${1:-2000}"
budget="${2:-10}"
work="$(mktemp -d "${TMPDIR:-/tmp}/telephony-scan-benchmark.XXXXXX")"
trap 'rm -rf "$work"' EXIT

if [[ -z "${TELEPHONY:-}" ]]; then
  dotnet build "$repo/src/Telephony.Cli/Telephony.Cli.csproj" -c Release -nologo -v:quiet >/dev/null
  TELEPHONY="$repo/src/Telephony.Cli/bin/Release/net10.0/telephony"
fi

prefix=sk_live_
key="$prefix$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
generated=$SECONDS
planted="$("$repo/eng/generate-history.sh" "$work/repo" "$commits" "$((commits / 2))" "$key")"
echo "generated $commits commits in $((SECONDS - generated)) s; key planted in ${planted:0:12}"

start=$(date +%s%N)
set +e
output="$("$TELEPHONY" scan --history "$work/repo" 2>&1)"
status=$?
set -e
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "$output"
echo "telephony scan --history: ${elapsed_ms} ms for $commits commits (budget ${budget} s)"

[[ "$status" -eq 1 ]] || { echo "error: expected exit code 1 (a key found), got $status" >&2; exit 1; }
grep -qF "in commit ${planted:0:12}" <<<"$output" || { echo "error: the planted key was not reported with its commit" >&2; exit 1; }
if grep -qF "${key:8}" <<<"$output"; then echo "error: the key was printed" >&2; exit 1; fi
(( elapsed_ms <= budget * 1000 )) || { echo "error: over the ${budget} s budget" >&2; exit 1; }
