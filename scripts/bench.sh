#!/usr/bin/env bash
# Ingest benchmark (a script, not a test): generates (once) a bundle of >= 1,000,000 ALB lines in
# AWS's 5-minute .gz files plus ingress logs of the same requests, then prints, in one run, wall
# time and peak RSS of `gateline analyze --format json` beside lnav, GoAccess and two parallel
# zcat streams over the same ALB files, and the share of analyze's time spent on alignment and
# matching. Every figure is the median of GATELINE_BENCH_RUNS (default 3) runs after a warm-up run.
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
if [ -n "$need" ]; then
    as_root apt-get update -qq >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

GATELINE_PRESET=release
export GATELINE_PRESET
./scripts/build.sh release --target gateline >/dev/null
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
half=$(( (${#alb[@]} + 1) / 2 ))
echo "bundle: $data  (${#alb[@]} ALB files, $(du -sh "$data" | cut -f1) on disk)"
echo "cores: $(nproc)"

runs=${GATELINE_BENCH_RUNS:-3}
measure() { # name, command...: one warm-up run (page cache: data, binary and libraries), then the
            # median wall time of $runs runs, with the peak RSS of that run
    local name=$1; shift
    local t; t=$(mktemp)
    "$@" >/dev/null 2>&1 || true
    for _ in $(seq "$runs"); do
        /usr/bin/time -a -o "$t" -f "%e %M" "$@" >/dev/null 2>/dev/null || true
    done
    printf '%s %s\n' "$name" "$(grep -E '^[0-9.]+ [0-9]+$' "$t" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")"
    rm -f "$t"
}

results=$(mktemp)
{
measure gateline-alb ./gateline analyze --format json "${alb[@]}"
measure gateline-bundle ./gateline analyze --format json "$data"
measure lnav lnav -n -c ';SELECT count(*) FROM alb_log' "${alb[@]}"
measure goaccess bash -c 'zcat "$@" | goaccess --log-format=AWSALB -o /tmp/gateline-goaccess.json -' _ "${alb[@]}"
measure ingress-files ./gateline analyze --format json $ingress_files
measure ingress-stream ./gateline analyze --format json $ingress_stream
measure zcat-2 bash -c 'zcat "${@:2:$1}" >/dev/null & zcat "${@:$(( $1 + 2 ))}" >/dev/null & wait' _ "$half" "${alb[@]}"
} | tee "$results" | awk '{printf "  measured %-16s %8.2f s  %8.0f MiB peak RSS\n", $1, $2, $3/1024}'

timings=$(./gateline analyze --format json --timings "$data" 2>&1 >/dev/null | grep timings || true)
lnav_check=$(lnav -n -c ';SELECT count(*) FROM alb_log' "${alb[@]}" 2>/dev/null | tail -1 || true)
ours=$(./gateline analyze --format json "${alb[@]}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["counts"]["requests"])')

python3 - "$results" "$timings" "$lnav_check" "$ours" "$lines" <<'PY'
import sys, re
rows = {l.split()[0]: (float(l.split()[1]), float(l.split()[2]) / 1024) for l in open(sys.argv[1]) if l.strip()}
g, gb, ln, ga, z = (rows[k] for k in ("gateline-alb", "gateline-bundle", "lnav", "goaccess", "zcat-2"))
print()
print(f"{'tool':<34}{'wall s':>9}{'peak RSS MiB':>14}")
for name, key in (("gateline analyze (ALB files)", "gateline-alb"), ("gateline analyze (whole bundle)", "gateline-bundle"),
                  ("lnav -n alb_log count", "lnav"), ("goaccess AWSALB", "goaccess"), ("zcat, two parallel streams", "zcat-2")):
    print(f"{name:<34}{rows[key][0]:>9.2f}{rows[key][1]:>14.0f}")
print()
print(f"lnav wall / gateline wall       = {ln[0] / g[0]:.2f}x   (goal >= 3x)")
print(f"gateline wall / zcat-2 wall     = {g[0] / z[0]:.2f}x   (goal <= 1.5x)")
print(f"gateline RSS / lnav RSS         = {g[1] / ln[1]:.2f}    (goal < 1)")
print(f"goaccess wall / gateline wall   = {ga[0] / g[0]:.2f}x")
fi_, st = rows["ingress-files"], rows["ingress-stream"]
print(f"ingress logs: clean files {fi_[0]:.2f} s / {fi_[1]:.0f} MiB; one interleaved kubectl-prefix stream "
      f"{st[0]:.2f} s / {st[1]:.0f} MiB = {st[0] / max(fi_[0], 0.001):.2f}x")
print(f"ALB requests read: gateline {sys.argv[4]}, lnav count(*) {sys.argv[3].strip() or '?'}, generated {sys.argv[5]}")
e = re.search(r"gzip inflated with ([\w-]+)", sys.argv[2])
if e:
    print(f"gzip inflated with {e.group(1)}")
m = re.search(r"ingest (\d+) ms, alignment\+origin\+matching (\d+) ms", sys.argv[2])
if m:
    i, a = int(m.group(1)), int(m.group(2))
    print(f"whole bundle: ingest {i} ms, alignment+origin+matching {a} ms = +{100.0 * a / max(i, 1):.1f}% of ingest (goal < 30%)")
PY
rm -f "$results"
