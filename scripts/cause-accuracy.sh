#!/usr/bin/env bash
# Root-cause accuracy on randomised generated bundles (scripts/cause-accuracy.py has the details):
# a confusion matrix of the primary cause, top-1 and top-2 accuracy on single-cause bundles, both
# causes named on mixed bundles, "none" bundles, and the calibration of the scores. Exit 1 when
# the goals (top-1 >= 95 %, mixed >= 90 %, calibration within 10 points) are not met.
# Usage: scripts/cause-accuracy.sh [PER_CAUSE (default 10)] [extra cause-accuracy.py options]
# Environment: GATELINE_SKIP_BUILD=1 uses the built binary as is.
set -euo pipefail
. "$(dirname "$0")/env.sh"
per=${1:-10}
case $per in ''|*[!0-9]*) echo "usage: $0 [PER_CAUSE] [options]" >&2; exit 2;; esac
shift || true
cd "$GATELINE_REPO"
[ -n "${GATELINE_SKIP_BUILD:-}" ] || ./scripts/build.sh "$GATELINE_BUILD_TYPE" --target gateline >/dev/null
exec python3 scripts/cause-accuracy.py --per-cause "$per" "$@"
