#!/usr/bin/env bash
# Shared settings for Gateline's scripts: where the build root lives and how to run inside it.
# Sourced, not executed.
# Only bash knows where a sourced file is: from sh, the repository would be "/", and the build
# root's bind mount of it would cover the whole root (gateline_mount refuses that too).
if [ -z "${BASH_SOURCE:-}" ]; then
    echo "scripts/env.sh: source it from bash (bash -c '. scripts/env.sh; ...'), not sh" >&2
    exit 1
fi
GATELINE_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GATELINE_ROOT=${GATELINE_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/gateline/trixie-root}
GATELINE_BUILD_TYPE=${GATELINE_BUILD_TYPE:-dev}

# Packages the build root (or a native Debian 13 host) needs.
GATELINE_PACKAGES="build-essential cmake ninja-build pkgconf zlib1g-dev libisal-dev libarchive-dev libyaml-cpp-dev \
qt6-base-dev qt6-charts-dev qt6-svg-dev libkf6syntaxhighlighting-dev libxkbcommon-dev \
clang libclang-rt-dev xvfb xauth imagemagick fonts-dejavu-core appstream desktop-file-utils file"

# native: this host has Qt >= 6.6 and KF6 SyntaxHighlighting; root: use the Debian 13 build root.
gateline_route() {
    if [ -n "${GATELINE_FORCE_ROUTE:-}" ]; then echo "$GATELINE_FORCE_ROUTE"; return; fi
    local qtver=""
    command -v qmake6 >/dev/null && qtver=$(qmake6 -query QT_VERSION 2>/dev/null || true)
    if [ -n "$qtver" ] && [ -e /usr/lib/x86_64-linux-gnu/cmake/KF6SyntaxHighlighting ] \
       && [ "$(printf '%s\n6.6.0\n' "$qtver" | sort -V | head -1)" = "6.6.0" ]; then
        echo native
    else
        echo root
    fi
}

# Bind-mount what the build root needs (idempotent).
gateline_mount() {
    local r=$GATELINE_ROOT
    case $GATELINE_REPO in
        "" | /) echo "gateline: the repository folder is '$GATELINE_REPO'; not mounting it over the build root" >&2; return 1 ;;
    esac
    mountpoint -q "$r/proc" || mount -t proc proc "$r/proc"
    mountpoint -q "$r/dev" || mount --bind /dev "$r/dev"
    mountpoint -q "$r/dev/pts" || mount --bind /dev/pts "$r/dev/pts"
    mkdir -p "$r$GATELINE_REPO"
    # A bind mount left from an earlier checkout at the same path (deleted and cloned again) shows
    # the old, deleted folder: replace it unless it is this very folder.
    local tries
    for tries in 1 2 3 4 5; do
        mountpoint -q "$r$GATELINE_REPO" \
            && [ "$(stat -c %d:%i "$r$GATELINE_REPO" 2>/dev/null)" != "$(stat -c %d:%i "$GATELINE_REPO")" ] \
            && umount -l "$r$GATELINE_REPO" || break
    done
    mountpoint -q "$r$GATELINE_REPO" || mount --bind "$GATELINE_REPO" "$r$GATELINE_REPO"
    mkdir -p "$r/tmp"
}

# Run a shell command inside the build root, in the repo, with a clean environment.
gateline_in_root() {
    gateline_mount
    chroot "$GATELINE_ROOT" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
        QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" CTEST_OUTPUT_ON_FAILURE=1 \
        GATELINE_FUZZ_SECONDS="${GATELINE_FUZZ_SECONDS:-}" \
        bash -c "cd '$GATELINE_REPO' && $1"
}

# Run a shell command natively or in the root, whichever route this host takes.
gateline_run() {
    if [ "$(gateline_route)" = native ]; then
        (cd "$GATELINE_REPO" && QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" CTEST_OUTPUT_ON_FAILURE=1 bash -c "$1")
    else
        gateline_in_root "$1"
    fi
}

# Run a binary built by this project on the host, whatever the build route: natively, or through
# the build root's own loader so that host paths, the host's display and fonts just work.
gateline_host_exec() {
    local bin=$1; shift
    if [ "$(gateline_route)" = native ]; then
        exec "$bin" "$@"
    fi
    local R=$GATELINE_ROOT
    export QT_PLUGIN_PATH="$R/usr/lib/x86_64-linux-gnu/qt6/plugins"
    export QT_QPA_PLATFORM_PLUGIN_PATH="$R/usr/lib/x86_64-linux-gnu/qt6/plugins/platforms"
    export XDG_DATA_DIRS="$R/usr/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
    export FONTCONFIG_PATH="${FONTCONFIG_PATH:-/etc/fonts}"
    exec "$R/lib64/ld-linux-x86-64.so.2" --library-path \
        "$R/usr/lib/x86_64-linux-gnu:$R/lib/x86_64-linux-gnu:$R/usr/lib/x86_64-linux-gnu/libproxy" "$bin" "$@"
}
