#!/usr/bin/env bash
# Runs any binary this project built (the app, a benchmark, a test) on the host, whatever the
# build route: scripts/run-built.sh build/release/tests/bench/gateline_bench_gui BUNDLE
set -euo pipefail
. "$(dirname "$0")/env.sh"
gateline_host_exec "$@"
