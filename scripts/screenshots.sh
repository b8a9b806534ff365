#!/usr/bin/env bash
# Screenshots of the workbench under Xvfb, for looking at as an incident commander would: the demo
# bundle and the real-sample corpus, at 1280x800, 1600x1000 and 1920x1080 (each its own X server,
# so the window sizes itself to that screen). Writes build/screenshots/<bundle>-<WxH>.png.
#   scripts/screenshots.sh [BUNDLE...]      (default: the demo bundle and tests/data/corpus)
# GATELINE_SHOT_AFTER: seconds to wait for the window to load and draw (default 12).
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$GATELINE_REPO"
"$GATELINE_REPO/scripts/build.sh" "$GATELINE_BUILD_TYPE" --target gateline
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v xvfb-run >/dev/null || ! command -v import >/dev/null; then
    as_root apt-get update -qq >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends xvfb xauth imagemagick >/dev/null
fi
bundles=("$@")
[ ${#bundles[@]} -gt 0 ] || bundles=("$GATELINE_REPO/resources/demo/gateline-demo-bundle.tar.gz" "$GATELINE_REPO/tests/data/corpus")
out="$GATELINE_REPO/build/screenshots"
mkdir -p "$out"
# A fresh settings folder: remembered window and dock state must not decide the layout shown.
settings=$(mktemp -d)
trap 'rm -rf "$settings"' EXIT
for bundle in "${bundles[@]}"; do
    name=$(basename "$bundle"); name=${name%%.*}
    for size in 1280x800 1600x1000 1920x1080; do
        shot="$out/$name-$size.png"
        XDG_CONFIG_HOME="$settings" xvfb-run -a -s "-screen 0 ${size}x24" bash -c '
            "$0" "$1" >/dev/null 2>&1 & app=$!
            sleep "${GATELINE_SHOT_AFTER:-12}"
            import -window root "$2"
            kill $app 2>/dev/null; wait $app 2>/dev/null || true' "$GATELINE_REPO/gateline" "$bundle" "$shot"
        echo "screenshot: $shot"
    done
done
