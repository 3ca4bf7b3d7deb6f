#!/usr/bin/env bash
# Rebuilds the reference table shipped with Vigil (Sources/VigilAttribution/Resources/vigil-refdata.vgrt) from the
# permissively licensed data in ../shared/data/refdata, with `vigil refdata compile` — the same command users run.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${VIGIL_SHARED_DATA:-../shared/data}/refdata
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xz -dc "$data/ip2region/ip2region_v4_20240228.txt.xz" > "$tmp/ip2region_v4_20240228.txt"
touch -r "$data/ip2region/ip2region_v4_20240228.txt.xz" "$tmp/ip2region_v4_20240228.txt"
swift build -c release --product vigil
.build/release/vigil refdata compile --out Sources/VigilAttribution/Resources/vigil-refdata.vgrt \
  --ip2region "$tmp/ip2region_v4_20240228.txt" \
  --operator-lists "$data/china-operator-ip" \
  --division-lists "$data/metowolf-iplist" \
  --apnic "$data/apnic-delegated/delegated-apnic-latest"
