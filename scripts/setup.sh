#!/usr/bin/env bash
# Make this machine able to build Gateline. Idempotent: a second run takes seconds.
#  - a host with Qt >= 6.6 and KF6 SyntaxHighlighting: installs nothing but missing packages;
#  - a Debian 12 host: creates (or reuses) a Debian 13 build root outside the repo, see BUILD-NOTES.
set -euo pipefail
. "$(dirname "$0")/env.sh"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

stamp_of() { echo "$GATELINE_PACKAGES" | tr ' ' '\n' | sort | tr '\n' ' ' | sha1sum | cut -c1-16; }

if [ "$(gateline_route)" = native ]; then
    if ! dpkg -s $GATELINE_PACKAGES >/dev/null 2>&1; then
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $GATELINE_PACKAGES
    fi
    echo "setup: native build (Qt $(qmake6 -query QT_VERSION))"
    exit 0
fi

stamp="$GATELINE_ROOT/.gateline-stamp"
want=$(stamp_of)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    gateline_mount
    echo "setup: build root ready at $GATELINE_ROOT"
    exit 0
fi

command -v debootstrap >/dev/null || {
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap
}

# The Debian mirror the host itself uses.
mirror=$(grep -rhoE 'https?://[^ ]*debian\.org/debian/?' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
         | grep -v security | head -1 || true)
mirror=${mirror:-http://deb.debian.org/debian}

if [ ! -x "$GATELINE_ROOT/usr/bin/apt-get" ]; then
    echo "setup: creating Debian 13 build root at $GATELINE_ROOT from $mirror (about a minute)"
    mkdir -p "$(dirname "$GATELINE_ROOT")"
    rm -rf "$GATELINE_ROOT.partial"
    debootstrap --variant=minbase trixie "$GATELINE_ROOT.partial" "$mirror"
    mv "$GATELINE_ROOT.partial" "$GATELINE_ROOT"
fi

cp -L /etc/resolv.conf "$GATELINE_ROOT/etc/resolv.conf" 2>/dev/null || true
gateline_mount
chroot "$GATELINE_ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root DEBIAN_FRONTEND=noninteractive \
    bash -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends $GATELINE_PACKAGES"
echo "$want" > "$stamp"
echo "setup: build root ready at $GATELINE_ROOT"
