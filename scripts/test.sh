#!/usr/bin/env bash
# The test command: builds everything (the kill -9 test runs the built `vigil` executable) and runs every test.
# Tests that need ../shared/data skip with a message when it is absent (or set VIGIL_SHARED_DATA).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build "$@"
swift test "$@"
