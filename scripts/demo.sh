#!/usr/bin/env bash
# Builds Gateline (setting up the machine if needed) and starts the workbench with the bundled
# demo incident open. With no display, runs under xvfb-run (installed if missing) and saves a
# screenshot to build/demo-screenshot.png after a few seconds.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$GATELINE_REPO"
"$GATELINE_REPO/scripts/build.sh" "$GATELINE_BUILD_TYPE" --target gateline
bundle="$GATELINE_REPO/resources/demo/gateline-demo-bundle.tar.gz"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    exec ./gateline "$bundle" "$@"
fi
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v xvfb-run >/dev/null || ! command -v import >/dev/null; then
    as_root apt-get update -qq >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends xvfb xauth imagemagick >/dev/null
fi
echo "No display: starting under xvfb-run; a screenshot goes to build/demo-screenshot.png (Ctrl+C to stop)."
shot="$GATELINE_REPO/build/demo-screenshot.png"
exec xvfb-run -a -s '-screen 0 1600x1000x24' bash -c '
    "$0" "$1" & app=$!
    sleep "${GATELINE_DEMO_SHOT_AFTER:-8}"; import -window root "$2" && echo "screenshot: $2"
    wait $app' "$GATELINE_REPO/gateline" "$bundle" "$shot"
