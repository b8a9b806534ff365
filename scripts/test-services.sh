#!/usr/bin/env bash
# Installs what the tests need besides the build (idempotent): nothing beyond the build root yet
# for the offline tests; later issues add services here (e.g. Prometheus).
set -euo pipefail
exit 0
