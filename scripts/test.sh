#!/usr/bin/env bash
# Builds everything and runs the whole test suite: unit, golden, corpus, UI (offscreen) and the
# analysis tests in the dev preset, then the libFuzzer targets briefly under ASan + UBSan.
# Installs what it needs (scripts/setup.sh). Idempotent. Used by .ci/run.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$GATELINE_REPO"
"$GATELINE_REPO/scripts/setup.sh"
"$GATELINE_REPO/scripts/test-services.sh"
echo "== build (dev)"
"$GATELINE_REPO/scripts/build.sh" dev
echo "== ctest (dev)"
gateline_run "ctest --test-dir build/dev --output-on-failure -j2 -LE fuzz"
if [ -z "${GATELINE_SKIP_FUZZ:-}" ]; then
    echo "== build (asan + fuzzers)"
    "$GATELINE_REPO/scripts/build.sh" asan --target fuzzers
    echo "== fuzz (bounded, ${GATELINE_FUZZ_SECONDS:-6} s per parser)"
    gateline_run "ctest --test-dir build/asan --output-on-failure -L fuzz"
fi
