#!/usr/bin/env bash
# Installs the services the tests run for real (idempotent; a second run takes a second):
#  - Prometheus and promtool (Debian's `prometheus` package) for tests/tst_live_prometheus, which
#    starts its own server on a loopback port over a folder filled by `promtool tsdb
#    create-blocks-from openmetrics`.
#  - Ceph's RADOS Gateway (`radosgw`, with `radosgw-admin`) for tests/tst_s3_radosgw: an S3 server
#    on loopback over the SQLite `dbstore` backend, started by scripts/radosgw-test.sh.
# Installed where the tests run: in the Debian 13 build root (route "root") or on this host
# (route "native"). Works as root or through sudo.
set -euo pipefail
. "$(dirname "$0")/env.sh"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

TEST_SERVICE_PACKAGES="prometheus radosgw"

if [ "$(gateline_route)" = native ]; then
    if ! dpkg -s $TEST_SERVICE_PACKAGES >/dev/null 2>&1; then
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            $TEST_SERVICE_PACKAGES
    fi
    echo "test-services: $(prometheus --version 2>&1 | head -1)"
    echo "test-services: $(radosgw --version 2>&1 | head -1)"
    exit 0
fi

if [ ! -x "$GATELINE_ROOT/usr/bin/apt-get" ]; then
    echo "test-services: no build root at $GATELINE_ROOT (run scripts/setup.sh first)" >&2
    exit 1
fi
in_root() {
    as_root chroot "$GATELINE_ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
        DEBIAN_FRONTEND=noninteractive bash -c "$1"
}
if ! in_root "dpkg -s $TEST_SERVICE_PACKAGES >/dev/null 2>&1"; then
    echo "test-services: installing $TEST_SERVICE_PACKAGES in the build root"
    as_root cp -L /etc/resolv.conf "$GATELINE_ROOT/etc/resolv.conf" 2>/dev/null || true
    # No init system runs in the root: keep the package scripts from trying to start the service.
    # A policy-rc.d of our own is removed again; one that was there before is left alone.
    policy="$GATELINE_ROOT/usr/sbin/policy-rc.d"
    own_policy=
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
        as_root chmod 755 "$policy"
        own_policy=1
    fi
    status=0
    in_root "apt-get update -qq && apt-get install -y -qq --no-install-recommends $TEST_SERVICE_PACKAGES" \
        || status=$?
    [ -z "$own_policy" ] || as_root rm -f "$policy"
    [ "$status" = 0 ] || exit "$status"
fi
echo "test-services: $(in_root 'prometheus --version 2>&1 | head -1')"
echo "test-services: $(in_root 'radosgw --version 2>&1 | head -1')"
