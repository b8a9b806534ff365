#!/usr/bin/env bash
# GUI loading benchmark (a script, not a test): opens the 1M-line benchmark bundle and the generated
# 10M- and 50M-line days (made by scripts/bench.sh, where present) in the real main window under
# Xvfb and prints, for each, the longest event-loop stall during the load (goal < 100 ms), the
# time from the drop to the first drawn timeline (goal < 3 s at 10M lines) and the peak RSS (goal
# < 3 GiB at 50M lines). The column cache is off (every open parses). The longest turns of the
# event loop are printed with the GUI-thread scopes that ran long in them (ui/stallprobe.h).
# GATELINE_BENCH_TURNS=N: the N longest turns (default 5); GATELINE_BENCH_STATUS=1: the status
# bar's loading text (progress, time left) every 2 s; GATELINE_BENCH_CANCEL_MS=N: cancel the load
# after N ms, as Esc does, and print how long the cancel took to end it.
# Usage: scripts/bench-gui.sh [BUNDLE...]
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$GATELINE_REPO"
cache=${XDG_CACHE_HOME:-$HOME/.cache}/gateline
bundles=("$@")
if [ ${#bundles[@]} -eq 0 ]; then
    for b in "$cache/bench-1000000" "$cache/bench-day-10000000" "$cache/bench-day-50000000"; do
        [ -e "$b" ] && bundles+=("$b")
    done
fi
[ ${#bundles[@]} -gt 0 ] || { echo "no bundle: run scripts/bench.sh first" >&2; exit 2; }
[ -n "${GATELINE_BENCH_NO_BUILD:-}" ] || ./scripts/build.sh release --target gateline_bench_gui >/dev/null
command -v xvfb-run >/dev/null || apt-get install -y -qq --no-install-recommends xvfb xauth >/dev/null
export GATELINE_NO_COLUMN_CACHE=1
for bundle in "${bundles[@]}"; do
    echo "bundle: $bundle"
    xvfb-run -a -s '-screen 0 1600x1000x24' "$GATELINE_REPO/scripts/run-built.sh" \
        "$GATELINE_REPO/build/release/tests/bench/gateline_bench_gui" "$bundle"
done
