#!/usr/bin/env bash
# S3 benchmark (a script, not a test; issue 14 item 7). On this machine it starts the local S3
# server of the tests (radosgw over dbstore on loopback, scripts/radosgw-test.sh), uploads a
# generated day of one ALB (4 nodes x 288 five-minute .log.gz files, about ALB_LINES lines, default
# 2,000,000) under AWS's key layout with the AWS CLI, and times a 40-minute incident window
# (2022-06-02 10:00-10:40 UTC) four ways, each from a cold cache:
#   1. gateline s3://…  --from --until   (lists the day, fetches only the window's objects, 4 at a
#                                          time, each parsed as it arrives)
#   2. aws s3 cp --recursive of only the window's files (--exclude/--include by their 5-minute
#      names), then gateline on the local copy
#   3. aws s3 cp --recursive of the whole day (what is done today), then gateline analyze
#      --from/--until on the local copy
#   4. gateline s3://… of the whole day (no range)
# Two figures per way, in seconds of wall time:
#   first timeline  the workbench (QT_QPA_PLATFORM=offscreen) started with the source on its command
#                   line, until its session has read everything and built the first timeline (the
#                   moment it posts it to the window: the gateline.timing log line "first timeline
#                   ready"); the AWS CLI's copy time is added for ways 2 and 3;
#   full analysis   `gateline analyze --format json` from start to exit (copy time added likewise).
# Way 3's workbench figure is not measured: on a whole day the workbench first asks which range to
# read (ui/openrangedialog), so it is analyze only. Each figure is the median of
# GATELINE_BENCH_RUNS (default 3) runs; ratios are against way 1. Loopback has no network latency
# or bandwidth limit, so these figures favour downloading everything; on a real link the fetched
# bytes (printed) weigh more.
# The AWS CLI (Debian 13's `awscli`) is installed where the script runs if missing.
# Usage: scripts/bench-s3.sh [ALB_LINES]
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$GATELINE_REPO"
lines=${1:-${GATELINE_BENCH_S3_LINES:-2000000}}
runs=${GATELINE_BENCH_RUNS:-3}

if [ "${GATELINE_BENCH_S3_INSIDE:-}" != 1 ]; then
    # GATELINE_BENCH_NO_BUILD=1: use build/release as it is (when builds are serialised elsewhere).
    [ -n "${GATELINE_BENCH_NO_BUILD:-}" ] || ./scripts/build.sh release --target gateline >/dev/null
    ./scripts/test-services.sh >/dev/null
    exec_inside="GATELINE_BENCH_S3_INSIDE=1 GATELINE_BENCH_RUNS=$runs bash scripts/bench-s3.sh $lines"
    gateline_run "$exec_inside"
    exit $?
fi

# --- from here on: where the tests run (the build root, or this host on the native route) ---
bin=$GATELINE_REPO/build/release/app/gateline
[ -x "$bin" ] || { echo "no release build at $bin" >&2; exit 2; }
if ! command -v aws >/dev/null; then
    echo "installing the AWS CLI (Debian's awscli) ..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends awscli >/dev/null
fi
work=${GATELINE_BENCH_S3_DIR:-/tmp/gateline-bench-s3}
mkdir -p "$work"
day=$work/day-$lines
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export AWS_ACCESS_KEY_ID=GLBENCHACCESSKEY01 AWS_SECRET_ACCESS_KEY=gl-bench-secret-s3-2718
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE
# One PUT per object: the dbstore backend reads multipart objects back wrongly (seen with this
# radosgw), and AWS writes ALB files with single PUTs anyway.
export AWS_CONFIG_FILE=$work/aws-config
printf '[default]\nregion = us-east-1\ns3 =\n  multipart_threshold = 4GB\n  max_concurrent_requests = 10\n' >"$AWS_CONFIG_FILE"
endpoint=http://127.0.0.1:$port
aws_() { aws --endpoint-url "$endpoint" "$@"; }
now() { date +%s.%N; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f\n", a - b}'; }
add() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f\n", a + b}'; }

if [ ! -d "$day/AWSLogs" ]; then
    echo "generating a day of about $lines ALB lines into $day ..."
    rm -rf "$day"
    "$bin" generate --out "$day" --cause graceful-shutdown --minutes 1440 --alb-nodes 4 --alb-lines "$lines" \
        --start 2022-06-02T00:00:00Z --no-k8s --seed 7 >/dev/null
fi
albroot=$(cd "$day" && find AWSLogs -type d -path '*/elasticloadbalancing/*' -name 2022 | head -1)
albroot=${albroot%/2022}
dayprefix=$albroot/2022/06/02
nfiles=$(find "$day/$dayprefix" -type f | wc -l)

rm -rf "$work/rgw"
scripts/radosgw-test.sh start "$work/rgw" "$port" "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" >/dev/null
trap 'scripts/radosgw-test.sh stop "$work/rgw"' EXIT
aws_ s3api create-bucket --bucket gateline-bench >/dev/null
t0=$(date +%s.%N)
aws_ s3 cp --only-show-errors --recursive "$day/AWSLogs" s3://gateline-bench/AWSLogs
t1=$(date +%s.%N)
echo "radosgw $(radosgw --version 2>/dev/null | awk '{print $3}') on $endpoint; $(aws --version 2>&1 | cut -d' ' -f1)"
echo "day: $nfiles objects, $(du -sb "$day/$dayprefix" | awk '{printf "%.1f MiB", $1/1048576}') under s3://gateline-bench/$dayprefix/ (uploaded in $(sub "$t1" "$t0") s)"
echo "window: 2022-06-02T10:00:00Z .. 10:40:00Z; cores: $(nproc); median of $runs runs each"
echo

from=2022-06-02T10:00:00Z
until=2022-06-02T10:40:00Z
s3day=s3://gateline-bench/$dayprefix/
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
fresh() { # an empty home, settings and S3 cache for one run
    rm -rf "$work/home"
    mkdir -p "$work/home"
    export HOME=$work/home XDG_CACHE_HOME=$work/home/.cache XDG_CONFIG_HOME=$work/home/.config
}

# The workbench with the given arguments, offscreen: seconds until its first timeline is built.
gui_first() {
    local log=$work/gui.log start first="" pid
    rm -f "$log"
    start=$(now)
    QT_QPA_PLATFORM=offscreen QT_LOGGING_RULES="gateline.timing.info=true" "$bin" "$@" >/dev/null 2>"$log" &
    pid=$!
    for _ in $(seq 1 30000); do
        if grep -q "first timeline ready" "$log" 2>/dev/null; then first=$(now); break; fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.01
    done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    [ -n "$first" ] || { echo "the workbench never showed a timeline:" >&2; tail -5 "$log" >&2; return 1; }
    # The session's own clock, from the start of the load (without the process and window start).
    grep -o 'first timeline ready at [0-9]*' "$log" | awk '{printf "%.3f\n", $5 / 1000}' >"$work/gui.inload"
    sub "$first" "$start"
}
cli_full() { # seconds for `gateline analyze` with the given arguments
    local start
    start=$(now)
    GATELINE_NO_PROGRESS=1 "$bin" analyze --format json "$@" >"$work/analyze.json" 2>"$work/analyze.err" \
        || { cat "$work/analyze.err" >&2; return 1; }
    sub "$(now)" "$start"
}
window_includes=()
for m in 00 05 10 15 20 25 30 35 40 45; do window_includes+=(--include "*_20220602T10${m}Z_*"); done

declare -A F T
for run in $(seq 1 "$runs"); do
    # 1. gateline straight from S3, the window only.
    fresh
    T[g_first]+=" $(gui_first --s3-endpoint "$endpoint" --from "$from" --until "$until" "$s3day")"
    T[g_inload]+=" $(cat "$work/gui.inload")"
    fresh
    T[g_full]+=" $(cli_full --s3-endpoint "$endpoint" --from "$from" --until "$until" "$s3day")"
    grep -o '"filesSkipped": [0-9]*' "$work/analyze.json" >"$work/skipped" || true
    # 2. aws s3 cp of the window's files only, then gateline.
    fresh
    rm -rf "$work/copy"
    s=$(now)
    aws_ s3 cp --only-show-errors --recursive "$s3day" "$work/copy" --exclude '*' "${window_includes[@]}"
    cp2=$(sub "$(now)" "$s")
    T[w_cp]+=" $cp2"
    T[w_first]+=" $(add "$cp2" "$(gui_first "$work/copy")")"
    T[w_inload]+=" $(add "$cp2" "$(cat "$work/gui.inload")")"
    T[w_full]+=" $(add "$cp2" "$(cli_full --from "$from" --until "$until" "$work/copy")")"
    F[w_files]=$(find "$work/copy" -type f | wc -l)
    F[w_bytes]=$(du -sb "$work/copy" | awk '{print $1}')
    # 3. aws s3 cp of the whole day, then gateline analyze of the window.
    rm -rf "$work/copy"
    s=$(now)
    aws_ s3 cp --only-show-errors --recursive "$s3day" "$work/copy"
    cp3=$(sub "$(now)" "$s")
    T[d_cp]+=" $cp3"
    T[d_full]+=" $(add "$cp3" "$(cli_full --from "$from" --until "$until" "$work/copy")")"
    rm -rf "$work/copy"
    # 4. gateline straight from S3, the whole day.
    fresh
    T[a_full]+=" $(cli_full --s3-endpoint "$endpoint" "$s3day")"
done
# What way 1 fetched (a cold run's cache) and skipped.
fresh
cli_full --s3-endpoint "$endpoint" --from "$from" --until "$until" "$s3day" >/dev/null
g_objects=$(find "$XDG_CACHE_HOME/gateline/s3" -type f ! -name '*.gateline-etag' | wc -l)
g_bytes=$(find "$XDG_CACHE_HOME/gateline/s3" -type f ! -name '*.gateline-etag' -printf '%s\n' | awk '{s+=$1} END {print s}')
# A second run of way 1, from the local cache.
t_warm=$(cli_full --s3-endpoint "$endpoint" --from "$from" --until "$until" "$s3day")

m() { echo "${T[$1]}" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f\n", a / b}'; }
g1=$(m g_first); g2=$(m g_full)
g0=$(m g_inload)
echo "first tl: from the workbench's start; in load: from the start of its load (the session's clock);"
echo "analysis: gateline analyze, start to exit; x: the way's time / way 1's"
printf '%-66s %9s %8s %9s %8s %8s %8s\n' "way" "first tl" "in load" "analysis" "x first" "x load" "x full"
printf '%-66s %9s %8s %9s %8s %8s %8s\n' "1. gateline s3:// window ($g_objects objects, $((g_bytes / 1024)) KiB fetched)" "$g1" "$g0" "$g2" \
    "1.00" "1.00" "1.00"
printf '%-66s %9s %8s %9s %8s %8s %8s\n' "2. aws s3 cp window (${F[w_files]} files, $((F[w_bytes] / 1024)) KiB; cp $(m w_cp) s) + gateline" \
    "$(m w_first)" "$(m w_inload)" "$(m w_full)" "$(ratio "$(m w_first)" "$g1")" "$(ratio "$(m w_inload)" "$g0")" \
    "$(ratio "$(m w_full)" "$g2")"
printf '%-66s %9s %8s %9s %8s %8s %8s\n' "3. aws s3 cp whole day ($nfiles files; cp $(m d_cp) s) + gateline analyze" "-" "-" "$(m d_full)" \
    "-" "-" "$(ratio "$(m d_full)" "$g2")"
printf '%-66s %9s %8s %9s %8s %8s %8s\n' "4. gateline s3:// whole day, no range" "-" "-" "$(m a_full)" "-" "-" "$(ratio "$(m a_full)" "$g2")"
echo
echo "way 1 again from the local cache: analysis in $t_warm s; $(cat "$work/skipped") keys skipped by their names"
echo "all runs (s): $(for k in g_first g_inload g_full w_cp w_first w_inload w_full d_cp d_full a_full; do printf '%s:%s; ' "$k" "${T[$k]}"; done)"
echo "bytes: way 2 copied ${F[w_bytes]} B, way 1 fetched $g_bytes B; loopback: no latency or bandwidth limit"
