#!/usr/bin/env bash
# A throw-away S3 server for the tests and the benchmark: Ceph's RADOS Gateway (Debian's `radosgw`,
# installed by scripts/test-services.sh) over its SQLite `dbstore` backend, on a loopback port,
# with one user whose keys are given. This radosgw (18.2.7) answers Range reads from the wrong
# offset (tests/tst_s3_radosgw.cpp, rangeReadsOfThisServer) and reads multipart uploads back wrongly
# (seen with the AWS CLI: a 12 MB two-part upload read back began with its second part, at byte
# 8,388,608), so objects are put whole.
# Runs where the tests run (in the Debian 13 build root), so call it through gateline_run or from a
# test. Everything lives under DIR.
#   radosgw-test.sh start DIR PORT ACCESS_KEY SECRET_KEY   # prints "ready" once it answers
#   radosgw-test.sh stop DIR
set -euo pipefail
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start DIR PORT ACCESS SECRET | stop DIR" >&2; exit 2; }
store_flags=(--no-mon-config --id rgw.test --rgw-backend-store dbstore --rgw-config-store dbstore
             --rgw_data "$dir" --dbstore-db-dir "$dir" --run-dir "$dir")
case "$cmd" in
start)
    port=$3; access=$4; secret=$5
    command -v radosgw >/dev/null || { echo "radosgw is not installed (run scripts/test-services.sh)" >&2; exit 3; }
    mkdir -p "$dir"
    # radosgw-admin 18.2.7 now and then hangs in a futex on its way out, after it has created the
    # user and printed it (seen under ctest -j2): it gets 30 s, and the user's JSON decides.
    created=""
    for attempt in create info; do # info: the first may have created the user before it hung
        extra=()
        [ "$attempt" = create ] && extra=(--display-name="Gateline test" --access-key="$access" --secret="$secret")
        timeout -k 2 30 radosgw-admin "${store_flags[@]}" --log-file "$dir/admin.log" user "$attempt" --uid=gateline-test \
            "${extra[@]}" >"$dir/user.json" 2>"$dir/admin.err" || true
        if grep -q "\"$access\"" "$dir/user.json" 2>/dev/null; then created=1; break; fi
    done
    [ -n "$created" ] || { echo "radosgw-admin user create failed:" >&2; tail -5 "$dir/admin.err" >&2; exit 1; }
    # Loopback only. setsid: the test can stop the whole process group.
    setsid radosgw -f "${store_flags[@]}" --rgw-frontends "beast endpoint=127.0.0.1:$port" \
        --log-file "$dir/rgw.log" >"$dir/rgw.out" 2>&1 &
    echo $! >"$dir/rgw.pid"
    for _ in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo ready; exit 0; fi
        if ! kill -0 "$(cat "$dir/rgw.pid")" 2>/dev/null; then
            echo "radosgw exited:" >&2; tail -5 "$dir/rgw.out" "$dir/rgw.log" >&2 2>/dev/null || true; exit 1
        fi
        sleep 0.1
    done
    echo "radosgw did not answer on 127.0.0.1:$port within 10 s" >&2
    kill "$(cat "$dir/rgw.pid")" 2>/dev/null || true
    exit 1
    ;;
stop)
    if [ -f "$dir/rgw.pid" ]; then
        pid=$(cat "$dir/rgw.pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$dir/rgw.pid"
    fi
    ;;
*) echo "unknown command $cmd" >&2; exit 2 ;;
esac
