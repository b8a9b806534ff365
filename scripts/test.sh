#!/usr/bin/env bash
# Builds everything and runs the whole test suite: unit, golden, corpus, UI (offscreen) and the
# analysis tests in the dev preset (GCC), then the libFuzzer targets briefly under ASan + UBSan,
# then the widget tests and the generator's digests under ASan + UBSan (the asan preset, Clang):
# there a signal into a half-destroyed window fails every run, and a bundle that depends on the
# compiler fails its digest.
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
if [ -z "${GATELINE_SKIP_ASAN_UI:-}" ]; then
    echo "== build (asan: widget tests, generator digests)"
    "$GATELINE_REPO/scripts/build.sh" asan --target ui_tests
    echo "== ctest (asan: widget tests, generator digests)"
    gateline_run "ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir build/asan --output-on-failure -j2 -L 'ui|determinism'"
fi
