#!/usr/bin/env bash
# Rewrites the golden references (tests/data/golden/**/*.expected, exporter goldens and the
# generator's digests) from the current code. Review the diff with git before committing.
set -euo pipefail
. "$(dirname "$0")/env.sh"
"$GATELINE_REPO/scripts/build.sh" >/dev/null
gateline_run "cd build/$GATELINE_BUILD_TYPE && for t in tests/tst_golden tests/tst_export_golden tests/tst_generator_golden; do [ -x \$t ] && GATELINE_REGENERATE=1 \$t >/dev/null || true; done"
git -C "$GATELINE_REPO" status --short tests/data
