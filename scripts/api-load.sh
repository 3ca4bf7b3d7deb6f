#!/usr/bin/env bash
# API load figures with wrk (Debian's package) against `vigil serve` on loopback.
#
#   scripts/api-load.sh DB [INGEST_FILE]
#
# DB is a SQLite database with threats and tickets (for example 1M+ threats: ingest the peer benchmark input and run
# `vigil run --once`). Adds a ministry user and a token, starts `vigil serve --no-engine` (release build) on a free
# port, and runs: threat search (unscoped, a category, a province, an indicator) and ticket lists, each saturated
# (16 connections) and paced (12 connections with an 18 ms pause: about 500 requests/s); with INGEST_FILE, the paced
# runs again while `vigil ingest` loads that file into the same database. Prints wrk's latency percentiles.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:?usage: scripts/api-load.sh DB [INGEST_FILE]}
ingest=${2:-}
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }
swift build -c release --product vigil >/dev/null
vigil=.build/release/vigil
user="load-$(date +%s)"
$vigil users add "$user" --role ministry --database "$db" >/dev/null
export TOKEN=$($vigil tokens create "$user" --database "$db" 2>/dev/null)
log=$(mktemp)
$vigil serve --no-engine --port 0 --rate-limit 1000000 --database "$db" > "$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 60); do grep -q "listening on" "$log" && break; sleep 1; done
base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -1)
ip=$(sqlite3 "$db" "SELECT indicator FROM threats LIMIT 1 OFFSET 1000" 2>/dev/null || echo 1.2.3.4)
threats="/api/v1/threats?limit=50,/api/v1/threats?category=hazard&limit=50,/api/v1/threats?province=440000&limit=50,/api/v1/threats?q=$ip"
tickets="/api/v1/tickets?limit=50,/api/v1/tickets?state=issued&limit=50"
run() { echo "== $1"; shift; "$@" 2>&1 | grep -E "Latency  |50%|90%|99%|Requests/sec|Non-2xx|Socket errors"; }
run "threat search, saturated" env PATHS="$threats" wrk -t2 -c16 -d20s --latency -s scripts/wrk/saturate.lua "$base"
run "threat search, ~500 requests/s" env PATHS="$threats" DELAY_MS=18 wrk -t2 -c12 -d20s --latency -s scripts/wrk/paced.lua "$base"
run "ticket list, saturated" env PATHS="$tickets" wrk -t2 -c16 -d20s --latency -s scripts/wrk/saturate.lua "$base"
run "ticket list, ~500 requests/s" env PATHS="$tickets" DELAY_MS=18 wrk -t2 -c12 -d20s --latency -s scripts/wrk/paced.lua "$base"
if [ -n "$ingest" ]; then
  $vigil ingest "$ingest" --source load-test --database "$db" &
  loader=$!
  sleep 1
  run "threat search, ~500 requests/s, ingest running" env PATHS="$threats" DELAY_MS=18 wrk -t2 -c12 -d12s --latency -s scripts/wrk/paced.lua "$base"
  run "ticket list, ~500 requests/s, ingest running" env PATHS="$tickets" DELAY_MS=18 wrk -t2 -c12 -d12s --latency -s scripts/wrk/paced.lua "$base"
  wait $loader
fi
