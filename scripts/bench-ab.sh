#!/usr/bin/env bash
# Compares gateline builds on a noisy machine (a script, not a test): alternating rounds of
# `gateline analyze --format json` over the bench bundle's ALB files, one run of each build and one
# of the decompression floor (two `igzip -dc` streams over the same files, split by bytes as
# bench.sh splits them) per round. Only runs made side by side compare here: the same binary's wall
# time moves by 10 % and more from one minute to the next on a shared host.
# Prints per build the median and lower-quartile wall time, each as a ratio to the floor's of the
# same rounds, the fastest run, and the median and lower-quartile CPU time (user + system), which
# a busy host changes less than the wall time.
# Usage: scripts/bench-ab.sh ROUNDS NAME=BINARY[,VAR=VALUE...] ...
#   e.g. scripts/bench-ab.sh 20 head=build/release/app/gateline old=/tmp/gateline-old,GATELINE_X=1
# The column cache is off for every run (GATELINE_NO_COLUMN_CACHE=1). The bundle is bench.sh's
# (run it once first) or GATELINE_BENCH_DIR. Builds of the build root run through its loader.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$GATELINE_REPO"
if [ $# -lt 2 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
    sed -n '/^# Usage/,/^#   e.g./p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
data=${GATELINE_BENCH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/gateline/bench-1000000}
if ! compgen -G "$data/AWSLogs" >/dev/null; then
    echo "bench-ab: no bench bundle at $data: run scripts/bench.sh once (it generates it)" >&2
    exit 1
fi
command -v igzip >/dev/null || { echo "bench-ab: igzip is missing (apt-get install isal)" >&2; exit 1; }
loader=""
[ "$(gateline_route)" = native ] || loader="$GATELINE_ROOT"
python3 - "$data" "$loader" "$@" <<'PY'
import glob, os, resource, statistics, subprocess, sys, time
data, root, rounds, builds = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
alb = sorted(glob.glob(data + '/**/*elasticloadbalancing*.log.gz', recursive=True))
lists, sizes = ([], []), [0, 0]
for f in sorted(alb, key=lambda f: (-os.path.getsize(f), f)):
    k = 0 if sizes[0] <= sizes[1] else 1
    lists[k].append(f)
    sizes[k] += os.path.getsize(f)
loader = [root + '/lib64/ld-linux-x86-64.so.2', '--library-path',
          root + '/usr/lib/x86_64-linux-gnu:' + root + '/lib/x86_64-linux-gnu'] if root else []
commands = {}
for build in builds:
    name, _, rest = build.partition('=')
    binary, *assignments = rest.split(',')
    if not name or not os.access(binary, os.X_OK):
        sys.exit(f'bench-ab: "{build}" is not NAME=BINARY (an executable file)')
    env = dict(os.environ, GATELINE_NO_COLUMN_CACHE='1')
    for a in assignments:
        var, _, value = a.partition('=')
        env[var] = value
    commands[name] = (loader + [binary, 'analyze', '--format', 'json'] + alb, env)
floor = 'igzip-2'
commands[floor] = (['bash', '-c', 'igzip -dc "${@:2:$1}" >/dev/null & igzip -dc "${@:$(( $1 + 2 ))}" >/dev/null & wait',
                    '_', str(len(lists[0]))] + lists[0] + lists[1], dict(os.environ))

def run(command):
    argv, env = command
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    rc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env).returncode
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if rc != 0:
        sys.exit(f'bench-ab: {argv[len(loader)] if argv[0] != "bash" else "igzip"} exited with {rc}')
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

print(f'{len(alb)} ALB files in {data}; {rounds} alternating rounds after one warm-up run each')
for command in commands.values():
    run(command)
results = {name: [] for name in commands}
for _ in range(rounds):
    for name, command in commands.items():
        results[name].append(run(command))
quartile = lambda xs: sorted(xs)[len(xs) // 4]
floorWall = [w for w, _ in results[floor]]
floorMedian, floorQuartile = statistics.median(floorWall), quartile(floorWall)
print(f'{"":10s} {"wall median":>18s} {"wall lower quartile":>20s} {"fastest":>9s} {"CPU median":>11s} {"CPU quartile":>13s}')
for name, runs in results.items():
    wall, cpu = [w for w, _ in runs], [c for _, c in runs]
    print(f'{name:10s} {1000 * statistics.median(wall):8.1f} ms {statistics.median(wall) / floorMedian:5.3f}x'
          f' {1000 * quartile(wall):10.1f} ms {quartile(wall) / floorQuartile:5.3f}x {1000 * min(wall):6.1f} ms'
          f' {1000 * statistics.median(cpu):8.1f} ms {1000 * quartile(cpu):10.1f} ms')
PY
