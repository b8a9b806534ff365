#!/usr/bin/env bash
# Root-cause accuracy on generated bundles: for every cause (and "none"), SEEDS bundles with varied
# names, ingress kinds, clock skew, rate, length and noise are generated with `gateline generate`,
# ranked with `gateline analyze --format json`, and a table cause x seed -> top cause, score is
# printed with the overall accuracy. A "none" bundle is right when no cause scores 0.5 or more.
# Usage: scripts/cause-accuracy.sh [SEEDS (default 3)]
# Environment: GATELINE_GENERATE_ARGS extra `gateline generate` options (e.g. "--legacy" for the
# first generator's output, "--timings narrow"); GATELINE_SKIP_BUILD=1 uses the built binary as is.
set -euo pipefail
. "$(dirname "$0")/env.sh"
seeds=${1:-3}
case $seeds in ''|*[!0-9]*) echo "usage: $0 [SEEDS]" >&2; exit 2;; esac
cd "$GATELINE_REPO"
[ -n "${GATELINE_SKIP_BUILD:-}" ] || ./scripts/build.sh "$GATELINE_BUILD_TYPE" --target gateline >/dev/null
read -r -a extra <<<"${GATELINE_GENERATE_ARGS:-}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
causes="graceful-shutdown keepalive-mismatch pod-not-ready upstream-timeout hpa-too-slow health-check-flapping dns-failure connection-pool-exhaustion oom-crash none"
printf '%-28s %-5s %-13s %6s %4s %4s  %-28s %6s %6s  %s\n' cause seed ingress skew rps min "top cause" score 2nd ok
right=0; total=0; ci=0
for cause in $causes; do
    case $cause in
        dns-failure|connection-pool-exhaustion|upstream-timeout) ingresses=(nginx traefik-json traefik) ;;
        *) ingresses=(nginx traefik traefik-json none) ;;
    esac
    for ((k = 0; k < seeds; k++)); do
        seed=$((1000 + 37 * k + 7 * ci))
        ingress=${ingresses[$((k % ${#ingresses[@]}))]}
        if [ "$ingress" = none ]; then skew=0; else skew=$(python3 -c "print((($seed % 11) - 5) * 0.75)"); fi
        rps=$(echo "20 12 30" | cut -d' ' -f$((k % 3 + 1)))
        minutes=$(echo "30 25 45" | cut -d' ' -f$(((k / 3) % 3 + 1)))
        dir="$work/$cause-$seed"
        ./gateline generate --cause "$cause" --ingress "$ingress" --skew "$skew" --rate "$rps" --minutes "$minutes" \
            --seed "$seed" --out "$dir" "${extra[@]}" >/dev/null
        line=$(./gateline analyze --format json "$dir" | python3 -c '
import json, sys
cause = sys.argv[1]
c = json.load(sys.stdin)["causes"]
top, score, second = c[0]["id"], c[0]["score"], c[1]["score"]
ok = score < 0.5 if cause == "none" else top == cause
verdict = "yes" if ok else "NO"
print(f"{top} {score:.3f} {second:.3f} {verdict}")' "$cause")
        read -r top score second ok <<<"$line"
        printf '%-28s %-5s %-13s %6s %4s %4s  %-28s %6s %6s  %s\n' "$cause" "$seed" "$ingress" "$skew" "$rps" "$minutes" "$top" "$score" "$second" "$ok"
        total=$((total + 1)); [ "$ok" = yes ] && right=$((right + 1))
        rm -rf "$dir"
    done
    ci=$((ci + 1))
done
echo "accuracy: $right / $total = $(python3 -c "print(f'{100 * $right / $total:.1f}%')")"
[ "$right" = "$total" ]
