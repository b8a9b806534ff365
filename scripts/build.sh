#!/usr/bin/env bash
# Sets up the machine if needed, then configures and builds one preset (default: dev).
# Usage: scripts/build.sh [dev|release|asan] [extra cmake --build args]
set -euo pipefail
. "$(dirname "$0")/env.sh"
preset=${1:-$GATELINE_BUILD_TYPE}; shift || true
"$GATELINE_REPO/scripts/setup.sh" >/dev/null
gateline_run "( [ -f build/$preset/CMakeCache.txt ] || cmake --preset $preset >/dev/null ) && cmake --build build/$preset $* 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\] (Building|Linking|Automatic|Running)' ; exit \${PIPESTATUS[0]}"
