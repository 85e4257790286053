#!/usr/bin/env bash
# Writes a git history of COMMITS commits into DIR (created, or an empty repository) with git fast-import: each commit
# changes one of 100 small files; commit PLANT_AT adds KEY to config/settings.env and the next commit deletes that file,
# so the key is reachable only from history. Prints the planted commit's hash. Used by eng/scan-history-benchmark.sh and
# by the scanner's tests.
#
# Usage: eng/generate-history.sh DIR COMMITS PLANT_AT KEY
set -euo pipefail
if [[ $# -ne 4 ]]; then
  echo "usage: $0 DIR COMMITS PLANT_AT KEY" >&2
  exit 2
fi
dir="$1" commits="$2" plant="$3" key="$4"
mkdir -p "$dir"
if ! git -C "$dir" rev-parse --git-dir >/dev/null 2>&1; then
  git -C "$dir" init -q -b main
fi

marks="$(mktemp)"
trap 'rm -f "$marks"' EXIT
# data <byte count>, then the bytes: every text here is ASCII and ends with one newline.
blob() { printf 'data %d\n%s\n' "$(( ${#1} + 1 ))" "$1"; }
for ((i = 1; i <= commits; i++)); do
  echo "commit refs/heads/main"
  echo "mark :$i"
  echo "committer Generator <generator@example.com> $((1700000000 + i)) +0000"
  blob "commit $i"
  if ((i == plant)); then
    echo "M 100644 inline config/settings.env"
    blob "TELEPHONY_API_KEY=$key"
  elif ((i == plant + 1)); then
    echo "D config/settings.env"
  else
    echo "M 100644 inline src/file$((i % 100)).txt"
    blob "change $i"
  fi
  echo
done | git -C "$dir" fast-import --quiet --export-marks="$marks"
git -C "$dir" reset -q --hard main
grep "^:$plant " "$marks" | cut -d' ' -f2
