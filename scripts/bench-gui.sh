#!/usr/bin/env bash
# GUI loading benchmark (a script, not a test): opens the 1M-line benchmark bundle (made by
# scripts/bench.sh) in the real main window under Xvfb and prints the longest event-loop stall
# during the load and the time from the drop to the first drawn timeline.
# Usage: scripts/bench-gui.sh [BUNDLE]
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$GATELINE_REPO"
bundle=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/gateline/bench-1000000}
[ -d "$bundle" ] || [ -f "$bundle" ] || { echo "no bundle at $bundle: run scripts/bench.sh first" >&2; exit 2; }
./scripts/build.sh release --target gateline_bench_gui >/dev/null
echo "bundle: $bundle"
command -v xvfb-run >/dev/null || apt-get install -y -qq --no-install-recommends xvfb xauth >/dev/null
xvfb-run -a -s '-screen 0 1600x1000x24' "$GATELINE_REPO/scripts/run-built.sh" \
    "$GATELINE_REPO/build/release/tests/bench/gateline_bench_gui" "$bundle"
