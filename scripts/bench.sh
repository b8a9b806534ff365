#!/usr/bin/env bash
# Ingest benchmark (a script, not a test): generates (once) a bundle of >= 1,000,000 ALB lines in
# AWS's 5-minute .gz files plus ingress logs of the same requests, then prints, in one run, wall
# time and peak RSS of `gateline analyze --format json` beside lnav, GoAccess and two parallel
# igzip and zcat streams over the same ALB files (two igzip streams are the decompression floor),
# and the share of analyze's time spent on alignment and matching; and the same ALB lines as one
# .gz file against one igzip stream (one core inflates while the other parses). Every figure is the
# median of GATELINE_BENCH_RUNS (default 3) runs after a warm-up run; the spread (min..max) is printed too,
# since the machine may be shared; so is the CPU time (user + system, median of the runs), which a
# busy machine changes far less than the wall time.
# The last pair (gateline and two igzip streams) alternates run by run, GATELINE_BENCH_PAIRS rounds
# (default 15). Timed is the gateline binary itself, not the ./gateline launcher in front of it.
# Then, for each size in GATELINE_BENCH_DAYS (default "10000000"; e.g. "10000000 50000000"), a
# generated day of ALB files (4 nodes x 288 five-minute files): wall time, peak RSS and bytes per
# request of analyze over all of it, and of a 40-minute window of it (--from/--until), which reads
# only the files of those 40 minutes; the same day's two-stream igzip floor; and a cold and a warm
# open with the column cache (the first open writes it, the second reads it). A day whose input
# reaches 2 GiB spills its columns to the cache folder (core/store/columnspill.h); the spilled
# size is printed. Before each timed run on a day its files are read once, untimed (page cache).
# GATELINE_BENCH_DAYS= (empty) skips them.
# The column cache is off for every other measurement (GATELINE_NO_COLUMN_CACHE=1), so that repeated
# runs parse every time.
# Usage: scripts/bench.sh [ALB_LINES]   (default 1000000)
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$GATELINE_REPO"
lines=${1:-1000000}
data=${GATELINE_BENCH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/gateline/bench-$lines}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
need=""
command -v lnav >/dev/null || need="$need lnav"
command -v goaccess >/dev/null || need="$need goaccess"
[ -x /usr/bin/time ] || need="$need time"
command -v igzip >/dev/null || need="$need isal"   # ISA-L's own igzip CLI: the decompression floor
if [ -n "$need" ]; then
    as_root apt-get update -qq >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

# GATELINE_BENCH_PRESET=dev measures the dev build (-O2) instead, when the release one cannot be built.
GATELINE_PRESET=${GATELINE_BENCH_PRESET:-release}
export GATELINE_PRESET
export GATELINE_NO_COLUMN_CACHE=1
# GATELINE_BENCH_NO_BUILD=1: use build/release as it is (when builds are serialised elsewhere).
[ -n "${GATELINE_BENCH_NO_BUILD:-}" ] || ./scripts/build.sh "$GATELINE_PRESET" --target gateline >/dev/null
if [ ! -f "$data/truth.json" ]; then
    echo "generating $lines ALB lines into $data ..."
    rm -rf "$data"
    # Clean separate files and the real client IP, so that figures compare across versions.
    /usr/bin/time -f "  generated in %e s" ./gateline generate --cause graceful-shutdown --ingress nginx \
        --skew 2.5 --alb-lines "$lines" --seed 7 --ingress-shape files --ingress-client real --out "$data"
fi
# The same traffic's ingress logs as one interleaved `kubectl logs --prefix --timestamps` stream of all
# replicas, against the clean separate files: what the demultiplexer costs.
streams=${data}-streams
if [ ! -f "$streams/truth.json" ]; then
    echo "generating the same traffic as one kubectl-prefix stream into $streams ..."
    rm -rf "$streams"
    ./gateline generate --cause graceful-shutdown --ingress nginx --skew 2.5 --alb-lines "$lines" --seed 7 \
        --ingress-shape kubectl-prefix --ingress-client real --out "$streams" >/dev/null
fi
ingress_files=$(find "$data" -path '*ingress*' -name '*.log*' -not -name '*elasticloadbalancing*' | sort)
ingress_stream=$(find "$streams" -path '*ingress*' -name '*.log*' -not -name '*elasticloadbalancing*' | sort)
mapfile -t alb < <(find "$data" -name '*elasticloadbalancing*.log.gz' | sort)
albdir=$(dirname "${alb[0]}")
# The same ALB lines as one .gz file (a single big download or `kubectl logs` dump): one worker
# inflates it while another parses (jobs/idleworkers.h); its floor is one igzip stream.
one=${data}-one/alb.log.gz
if [ ! -s "$one" ]; then
    mkdir -p "$(dirname "$one")"
    zcat "${alb[@]}" | gzip -6 > "$one.part" && mv "$one.part" "$one"
fi
# The two decompression streams (zcat, igzip) get two lists of about equal bytes, largest file first
# to the lighter list. Half the files each was not that: the bench bundle's two tiny edge files sort
# last, so one stream had 63.5 MB of 110 and set the "floor" about 14 % above a balanced split.
# Prints the first list's length, then the files, the first list first.
split_by_bytes() {
    python3 - "$@" <<'PY'
import os, sys
lists, sizes = ([], []), [0, 0]
for f in sorted(sys.argv[1:], key=lambda f: (-os.path.getsize(f), f)):
    k = 0 if sizes[0] <= sizes[1] else 1
    lists[k].append(f)
    sizes[k] += os.path.getsize(f)
print(len(lists[0]))
print("\n".join(lists[0] + lists[1]))
PY
}
# Two decompressions side by side, as bash -c "$two_streams" TOOL N FILES...: TOOL -dc (igzip, zcat)
# on the first N files and on the rest (the lists split_by_bytes prints).
two_streams='"$0" -dc "${@:2:$1}" >/dev/null & "$0" -dc "${@:$(( $1 + 2 ))}" >/dev/null & wait'
mapfile -t split < <(split_by_bytes "${alb[@]}")
half=${split[0]}
albsplit=("${split[@]:1}")
echo "bundle: $data  (${#alb[@]} ALB files, $(du -sh "$data" | cut -f1) on disk)"
echo "cores: $(nproc)"

# The binary itself is timed, not the ./gateline launcher in front of it (bash and env.sh: about
# 5 ms of CPU a run, which the igzip streams do not pay); where the build is the build root's, it
# runs through that root's loader, as the launcher starts it.
glbin=("$GATELINE_REPO/build/$GATELINE_PRESET/app/gateline")
if [ "$(gateline_route)" != native ]; then
    glbin=("$GATELINE_ROOT/lib64/ld-linux-x86-64.so.2" --library-path
           "$GATELINE_ROOT/usr/lib/x86_64-linux-gnu:$GATELINE_ROOT/lib/x86_64-linux-gnu" "${glbin[0]}")
fi

summary() { # name, file of "%e %M %U %S" lines: the line measure() prints
    local sorted; sorted=$(grep -E '^[0-9.]+ [0-9]+ [0-9.]+ [0-9.]+$' "$2" | sort -n)
    local count; count=$(wc -l <<<"$sorted")
    local mid=$(( (count + 1) / 2 ))
    local cpu; cpu=$(awk '{printf "%.2f\n", $3 + $4}' <<<"$sorted" | sort -n | sed -n "${mid}p")
    printf '%s %s %s %s %s\n' "$1" "$(sed -n "${mid}p" <<<"$sorted" | cut -d' ' -f1-2)" \
        "$(head -1 <<<"$sorted" | cut -d' ' -f1)" "$(tail -1 <<<"$sorted" | cut -d' ' -f1)" "$cpu"
}
runs=${GATELINE_BENCH_RUNS:-3}
measure() { # name, command...: one warm-up run (page cache: data, binary and libraries), then the
            # median wall time of $runs runs, with the peak RSS of that run, the fastest and slowest,
            # and the median CPU time (user + system) of the runs
    local name=$1; shift
    local t; t=$(mktemp)
    "$@" >/dev/null 2>&1 || true
    for _ in $(seq "$runs"); do
        /usr/bin/time -a -o "$t" -f "%e %M %U %S" "$@" >/dev/null 2>/dev/null || true
    done
    summary "$name" "$t"
    rm -f "$t"
}

measure_pair() { # name1, name2, rounds, -- command1... -- command2...: one warm-up run of each, then
                 # rounds alternating runs (command1, command2, command1, ...); medians as measure()
    local n1=$1 n2=$2 rounds=$3; shift 4
    local c1=() c2=()
    while [ "$1" != -- ]; do c1+=("$1"); shift; done
    shift
    c2=("$@")
    local t1 t2; t1=$(mktemp); t2=$(mktemp)
    "${c1[@]}" >/dev/null 2>&1 || true
    "${c2[@]}" >/dev/null 2>&1 || true
    for _ in $(seq "$rounds"); do
        /usr/bin/time -a -o "$t1" -f "%e %M %U %S" "${c1[@]}" >/dev/null 2>/dev/null || true
        /usr/bin/time -a -o "$t2" -f "%e %M %U %S" "${c2[@]}" >/dev/null 2>/dev/null || true
    done
    summary "$n1" "$t1"
    summary "$n2" "$t2"
    rm -f "$t1" "$t2"
}

results=$(mktemp)
{
measure gateline-alb "${glbin[@]}" analyze --format json "${alb[@]}"
measure gateline-bundle "${glbin[@]}" analyze --format json "$data"
measure lnav lnav -n -c ';SELECT count(*) FROM alb_log' "${alb[@]}"
measure goaccess bash -c 'zcat "$@" | goaccess --log-format=AWSALB -o /tmp/gateline-goaccess.json -' _ "${alb[@]}"
measure ingress-files "${glbin[@]}" analyze --format json $ingress_files
measure ingress-stream "${glbin[@]}" analyze --format json $ingress_stream
measure gateline-one "${glbin[@]}" analyze --format json "$one"
measure igzip-one igzip -dc "$one"
measure zcat-2 bash -c "$two_streams" zcat "$half" "${albsplit[@]}"
measure igzip-2 bash -c "$two_streams" igzip "$half" "${albsplit[@]}"
# gateline and the floor once more, alternating run by run (GATELINE_BENCH_PAIRS rounds, default
# 15), so that both see the same load on a shared machine.
measure_pair gateline-alb-2 igzip-2b "${GATELINE_BENCH_PAIRS:-15}" \
    -- "${glbin[@]}" analyze --format json "${alb[@]}" \
    -- bash -c "$two_streams" igzip "$half" "${albsplit[@]}"
} | tee "$results" | awk '{printf "  measured %-16s %8.2f s  %8.0f MiB peak RSS  (runs %.2f..%.2f s)  CPU %.2f s\n", $1, $2, $3/1024, $4, $5, $6}'

timings=$("${glbin[@]}" analyze --format json --timings "$data" 2>&1 >/dev/null | grep timings || true)
lnav_check=$(lnav -n -c ';SELECT count(*) FROM alb_log' "${alb[@]}" 2>/dev/null | tail -1 || true)
ours=$("${glbin[@]}" analyze --format json "${alb[@]}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["counts"]["requests"])')

python3 - "$results" "$timings" "$lnav_check" "$ours" "$lines" <<'PY'
import sys, re
rows = {l.split()[0]: (float(l.split()[1]), float(l.split()[2]) / 1024) for l in open(sys.argv[1]) if l.strip()}
cpu = {l.split()[0]: float(l.split()[5]) for l in open(sys.argv[1]) if l.strip()}
g, gb, ln, ga, z, ig = (rows[k] for k in ("gateline-alb", "gateline-bundle", "lnav", "goaccess", "zcat-2", "igzip-2"))
g2, ig2 = rows["gateline-alb-2"], rows["igzip-2b"]
print()
print(f"{'tool':<34}{'wall s':>9}{'peak RSS MiB':>14}")
for name, key in (("gateline analyze (ALB files)", "gateline-alb"), ("gateline analyze (whole bundle)", "gateline-bundle"),
                  ("lnav -n alb_log count", "lnav"), ("goaccess AWSALB", "goaccess"), ("zcat, two parallel streams", "zcat-2"),
                  ("igzip -dc, two parallel streams", "igzip-2")):
    print(f"{name:<34}{rows[key][0]:>9.2f}{rows[key][1]:>14.0f}")
print()
print(f"lnav wall / gateline wall       = {ln[0] / g[0]:.2f}x   (goal >= 3x)")
print(f"gateline wall / igzip-2 wall    = {g[0] / ig[0]:.2f}x and {g2[0] / ig2[0]:.2f}x (the second from runs alternating "
      f"one by one; goal <= 1.5x)")
print(f"gateline CPU / igzip-2 CPU      = {cpu['gateline-alb'] / max(cpu['igzip-2'], 0.01):.2f}x and "
      f"{cpu['gateline-alb-2'] / max(cpu['igzip-2b'], 0.01):.2f}x (user + system; {cpu['gateline-alb']:.2f} s against "
      f"{cpu['igzip-2']:.2f} s; on 2 cores the wall time cannot go below half the CPU time)")
print(f"lnav CPU / gateline CPU         = {cpu['lnav'] / max(cpu['gateline-alb'], 0.01):.2f}x")
print(f"gateline wall / zcat-2 wall     = {g[0] / z[0]:.2f}x")
print(f"gateline RSS / lnav RSS         = {g[1] / ln[1]:.2f}    (goal < 1)")
print(f"goaccess wall / gateline wall   = {ga[0] / g[0]:.2f}x")
one, ione = rows["gateline-one"], rows["igzip-one"]
print(f"the ALB lines as one .gz file: gateline {one[0]:.2f} s, one igzip stream {ione[0]:.2f} s = {one[0] / max(ione[0], 0.001):.2f}x "
      f"(inflated by one core while the other parses)")
fi_, st = rows["ingress-files"], rows["ingress-stream"]
print(f"ingress logs: clean files {fi_[0]:.2f} s / {fi_[1]:.0f} MiB; one interleaved kubectl-prefix stream "
      f"{st[0]:.2f} s / {st[1]:.0f} MiB = {st[0] / max(fi_[0], 0.001):.2f}x")
print(f"ALB requests read: gateline {sys.argv[4]}, lnav count(*) {sys.argv[3].strip() or '?'}, generated {sys.argv[5]}")
if sys.argv[4].isdigit() and int(sys.argv[4]):
    # Resident bytes per request: the whole process (libraries, buffers, the report) over the requests.
    print(f"gateline peak RSS per ALB request = {g[1] * 2**20 / int(sys.argv[4]):.1f} B (lnav's published 10M figure: 48 B; "
          f"the goal, 48 B at 10M lines, is the day below)")
e = re.search(r"gzip inflated with ([\w-]+)", sys.argv[2])
if e:
    print(f"gzip inflated with {e.group(1)}")
m = re.search(r"ingest (\d+) ms, alignment\+origin\+matching (\d+) ms", sys.argv[2])
if m:
    i, a = int(m.group(1)), int(m.group(2))
    print(f"whole bundle: ingest {i} ms, alignment+origin+matching {a} ms = +{100.0 * a / max(i, 1):.1f}% of ingest (goal < 30%)")
PY
rm -f "$results"

# A generated day of ALB files per size: all of it, its igzip floor, a cold and a warm open with the
# column cache, and a 40-minute window of it.
daycache=$(mktemp -d)
trap 'rm -rf "$daycache"' EXIT
for day_lines in ${GATELINE_BENCH_DAYS-10000000}; do
    day=${XDG_CACHE_HOME:-$HOME/.cache}/gateline/bench-day-$day_lines
    if [ ! -f "$day/truth.json" ]; then
        echo "generating a day of $day_lines ALB lines (4 nodes x 288 files) into $day ..."
        rm -rf "$day"
        /usr/bin/time -f "  generated in %e s" ./gateline generate --cause graceful-shutdown --ingress none --no-k8s \
            --alb-lines "$day_lines" --alb-nodes 4 --minutes 1440 --start 2026-11-21T00:00:00Z --seed 11 --out "$day"
    fi
    mapfile -t dayfiles < <(find "$day" -name '*.log.gz' | sort)
    mapfile -t dsplit < <(split_by_bytes "${dayfiles[@]}")
    dhalf=${dsplit[0]}
    echo
    echo "day of $day_lines ALB lines: ${#dayfiles[@]} files, $(du -sh "$day" | cut -f1) on disk"
    # A freshly generated day is not all in the page cache: without this, the first timed tool would
    # pay the disk reads (a 0.55x "ratio" was once a cold cache). Every timed run below reads the
    # files once untimed first, so that each finds them cached alike.
    warm_day() { cat "${dayfiles[@]}" >/dev/null; }
    warm_day
    t=$(mktemp)
    /usr/bin/time -o "$t" -f "%e %M" bash -c "$two_streams" igzip "$dhalf" "${dsplit[@]:1}"
    floor=$(cut -d' ' -f1 "$t")
    echo "  igzip -dc, two parallel streams     $(printf '%7.2f' "$floor") s   (the floor)"
    rm -f "$t"
    rm -rf "${daycache:?}"/*
    for what in all cold warm window; do
        extra=()
        envs=(GATELINE_NO_COLUMN_CACHE=1)
        [ "$what" = window ] && extra=(--from 2026-11-21T14:00:00Z --until 2026-11-21T14:40:00Z)
        # cold: the column cache empty (this run writes it); warm: the run after, reading it.
        [ "$what" = cold ] || [ "$what" = warm ] && envs=(-u GATELINE_NO_COLUMN_CACHE XDG_CACHE_HOME="$daycache" GATELINE_ROOT="$GATELINE_ROOT")
        warm_day
        t=$(mktemp)
        env "${envs[@]}" /usr/bin/time -o "$t" -f "%e %M" "${glbin[@]}" analyze --format json --timings "${extra[@]}" "$day" \
            >"$t.json" 2>"$t.err" || true
        python3 - "$t" "$t.json" "$t.err" "$what" "$floor" <<'PY'
import json, re, sys
wall, rss = open(sys.argv[1]).read().split()[-2:]
wall, rss = float(wall), int(rss) * 1024
floor = float(sys.argv[5])
o = json.load(open(sys.argv[2]))
req = o["counts"]["requests"]
rng = o.get("range", {})
err = open(sys.argv[3]).read()
store = re.search(r"store (\d+) MiB \(\+(\d+) MiB spilled", err)
cache = re.search(r"column cache: (\d+) files read from it, (\d+) parsed", err)
label = {"all": "all of it", "cold": "cold open (writes the cache)", "warm": "warm open (from the cache)",
         "window": "40-minute window (--from/--until)"}[sys.argv[4]]
line = f"  {label:<34} {wall:7.2f} s = {wall / floor:5.2f}x floor  {rss / 2**20:6.0f} MiB peak RSS  {req:>10} requests"
if req:
    # lnav's published figure: 480 MB for 10M lines, 48 bytes a line.
    line += f"  {rss / req:5.1f} B/request = {rss / req / 48:4.2f}x lnav's"
    if store:
        line += f" (heap store {int(store.group(1)) * 2**20 / req:.1f}, spilled {int(store.group(2)) * 2**20 / req:.1f})"
if rng:
    line += f"  files read {rng['filesRead']}, skipped {rng['filesSkipped']}"
if cache and sys.argv[4] in ("cold", "warm"):
    line += f"  cache: {cache.group(1)} files from it, {cache.group(2)} parsed"
print(line)
PY
        rm -f "$t" "$t.json" "$t.err"
    done
done
