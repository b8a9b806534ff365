#!/usr/bin/env bash
# Builds the release preset and a .deb with CPack (in the build root on Debian 12, where the
# package is for Debian 13's Qt 6.8 / KF6). Prints the package path.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$GATELINE_REPO"
./scripts/build.sh release >/dev/null
gateline_run "cd build/release && cpack -G DEB >/dev/null && ls -1 \$PWD/gateline_*.deb"
