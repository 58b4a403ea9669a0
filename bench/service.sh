#!/usr/bin/env bash
# The service under load (issue 12): starts the service as scripts/serve does (scripts/start-service: the same java,
# JVM options and start cache) on a fresh register, prints how long it took to answer its first determination, then
# drives it with wrk from this machine:
#   - single determinations of the shared example household, CONNECTIONS (32) connections, SECONDS (30) s;
#   - batches of 100 generated households (POST /api/v1/determinations/batch), 8 connections, SECONDS s;
# and prints requests/s, households/s, p50/p99 latency, non-2xx answers and the service's resident memory, measured
# once the JIT has settled (warm-up rounds until the rate holds), with the rate of the first SECONDS beside it.
# wrk's connections all come from 127.0.0.1, so the per-client bound (limits.requests-per-client, 16 by default, a
# defence against one address holding every thread) is raised for the run; nothing else is changed.
# Builds nothing: run `mvn -B -q package -DskipTests` first. Usage:
#   bench/service.sh [SECONDS (30)] [CONNECTIONS (32)]        PORT=8097 by default; prints one line per run.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="$here/service/target/eligibility-service.jar"
engine="$here/engine/target/eligibility.jar"
seconds="${1:-30}"; connections="${2:-32}"; port="${PORT:-8097}"
[ -f "$jar" ] && [ -f "$engine" ] || { echo "missing jars: build first (mvn -B -q package -DskipTests)" >&2; exit 2; }
command -v wrk >/dev/null || "$here/scripts/install-test-deps" --bench >&2
work="$(mktemp -d)"
example="$here/../shared/spec/household.example.json"

# A body of 100 generated households for the batch run (the same generator as every batch benchmark).
java -jar "$engine" generate --households 100 --seed 7 --rules "$here/rules" --as-of 2019-10-01 \
  --out "$work/100.jsonl" >/dev/null
python3 - "$work/100.jsonl" "$work/batch100.json" <<'PY'
import sys
lines = [l for l in open(sys.argv[1], encoding="utf-8").read().splitlines() if l.strip()]
open(sys.argv[2], "w", encoding="utf-8").write("[" + ",".join(lines) + "]")
PY

# The start cache is made once per build, before the clock starts (as the first scripts/serve after a build does).
"$here/scripts/start-service" --prepare
start=$(date +%s.%N)
"$here/scripts/start-service" --server.port="$port" --rules.dir="$here/rules" --cases.dir="$here/test-cases" \
  --reload.watch=false --register.dir="$work/register" --batches.dir="$work/jobs" \
  --limits.requests-per-client=1024 >"$work/service.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
auth="caseworker:caseworker-pass"
for _ in $(seq 1 600); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -u "$auth" -H 'Content-Type: application/json' \
    --data-binary @"$example" "http://localhost:$port/api/v1/determinations?asOf=2019-10-01" || true)
  [ "$code" = 200 ] && break
  kill -0 "$pid" 2>/dev/null || { echo "the service exited before answering:" >&2; tail -20 "$work/service.log" >&2; exit 1; }
  sleep 0.1
done
[ "$code" = 200 ] || { echo "the service did not answer a determination within 60 s:" >&2; tail -20 "$work/service.log" >&2; exit 1; }
ready=$(echo "$(date +%s.%N) - $start" | bc -l)
printf 'service ready (first determination answered): %.1f s after start; RSS %s MB\n' "$ready" \
  "$(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 ))"

rss() { echo $(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )); }
# shellcheck source=bench/warm-up.sh
. "$here/bench/warm-up.sh"
run() { # name, households per request, connections, lua body file, url
  local name="$1" per="$2" c="$3" body="$4" url="$5" out first rounds
  # the first SECONDS after the start (what a just-started service gives), then warm, then the measured run
  first=$(HOUSEHOLD="$body" wrk -t2 -c"$c" -d"${seconds}s" -s "$here/service/bench/determination.lua" "$url" 2>/dev/null \
    | awk '/Requests\/sec/ {printf "%.0f", $2}')
  rounds=$(warm_up env HOUSEHOLD="$body" wrk -t2 -c"$c" -d10s -s "$here/service/bench/determination.lua" "$url")
  out=$(HOUSEHOLD="$body" wrk -t2 -c"$c" -d"${seconds}s" --latency -s "$here/service/bench/determination.lua" "$url")
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '%-28s %4d connections  %9.0f requests/s  %9.0f households/s  p50 %8s  p99 %8s  non-2xx %s  RSS %s MB\n' \
    "$name" "$c" "$rps" "$(echo "$rps * $per" | bc -l)" "$p50" "$p99" "${non2xx:-0}" "$(rss)"
  printf '    (first %s s after the start: %s requests/s; warm-up rounds of 10 s:%s)\n' "$seconds" "${first:-0}" "$rounds"
}
run single-determination 1 "$connections" "$example" "http://localhost:$port/api/v1/determinations?asOf=2019-10-01"
run batch-of-100 100 8 "$work/batch100.json" "http://localhost:$port/api/v1/determinations/batch?asOf=2019-10-01"
