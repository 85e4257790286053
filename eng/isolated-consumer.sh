#!/usr/bin/env bash
# Sourced by eng/consumer-check.sh and eng/blazor-size.sh: makes DIR a folder where apps restore Telephony packages
# from a local feed as a consumer would, with nothing of this repository's build imported.
# Usage: isolated_consumer_dir DIR FEED MACHINE_CACHE

isolated_consumer_dir() {
  local dir="$1" feed="$2" machine_cache="$3"
  mkdir -p "$dir"
  # Keeps MSBuild from importing a Directory.Build.props/.targets or Directory.Packages.props above the folder.
  for file in Directory.Build.props Directory.Build.targets Directory.Packages.props; do
    echo '<Project />' >"$dir/$file"
  done
  cat >"$dir/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="telephony-local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <fallbackPackageFolders>
    <clear />
    <add key="machine" value="$machine_cache" />
  </fallbackPackageFolders>
</configuration>
XML
}
