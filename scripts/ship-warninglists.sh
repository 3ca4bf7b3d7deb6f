#!/usr/bin/env bash
# Copies the default warninglists Vigil ships (top domains, public DNS resolvers, CDN ranges, sinkholes, empty
# hashes, URL shorteners) from a misp-warninglists checkout into Sources/VigilAttribution/Resources/warninglists.
# Usage: scripts/ship-warninglists.sh [path/to/misp-warninglists]   (default: ../shared/data/refdata/misp-warninglists)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-$here/../shared/data/refdata/misp-warninglists}
[ -d "$src/lists" ] && src=$src/lists
out=$here/Sources/VigilAttribution/Resources/warninglists
lists="tranco10k cisco_top1000 public-dns-v4 public-dns-v6 public-dns-hostname cloudflare akamai fastly sinkholes empty-hashes url-shortener"
mkdir -p "$out"
for name in $lists; do
    [ -f "$src/$name/list.json" ] || { echo "missing $src/$name/list.json" >&2; exit 1; }
    cp "$src/$name/list.json" "$out/$name.json"
done
echo "shipped: $lists"
