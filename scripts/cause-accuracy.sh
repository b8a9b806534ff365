#!/usr/bin/env bash
# Root-cause accuracy on generated bundles: builds tst_causes, then generates SEEDS bundles per cause
# (varied names, ingress kinds, clock skew, noise), ranks the causes of each and prints
# cause x seed -> top cause, score, and the overall accuracy. A "none" bundle counts as right when
# no cause scores 0.5 or more.
# Usage: scripts/cause-accuracy.sh [SEEDS (default 3)] [preset (default: $GATELINE_BUILD_TYPE or dev)]
set -euo pipefail
. "$(dirname "$0")/env.sh"
seeds=${1:-3}
preset=${2:-$GATELINE_BUILD_TYPE}
case $seeds in ''|*[!0-9]*) echo "usage: $0 [SEEDS] [preset]" >&2; exit 2;; esac
"$GATELINE_REPO/scripts/build.sh" "$preset" --target tst_causes >&2
gateline_run "QTEST_FUNCTION_TIMEOUT=86400000 GATELINE_CAUSE_SEEDS=$seeds build/$preset/tests/tst_causes accuracy 2>&1 | grep -vE '^(PASS|QDEBUG|Config:|\*\*\*\*)'"
