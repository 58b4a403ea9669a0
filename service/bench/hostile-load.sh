#!/usr/bin/env bash
# A well-behaved client beside an attacker, with a rule reload in the middle (issue 8). Starts the service jar with
# the JVM options of scripts/serve on a copy of rules/ and test-cases/, then for DURATION seconds (default 60):
#   - wrk, CONNECTIONS (4) connections: determinations of the shared example household (the well-behaved client);
#   - slow-clients.py: SLOW (250) slow-body connections from 25 other loopback addresses, plus a stream of
#     malformed %-escapes, wrong passwords and oversized Content-Lengths from 50 more;
#   - at DURATION/3 a parameter edit and POST /api/v1/ruleset/reload (compile, check, every test-case, swap).
# Prints wrk's totals (the well-behaved client must see 0 non-2xx and 0 socket errors), what the attacker got, the
# reload's outcome, and the service's resident memory before, right after, and after 20 s of quiet.
# From the repository root:   service/bench/hostile-load.sh      # PORT=18093 DURATION=60 CONNECTIONS=4 SLOW=250
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PORT=${PORT:-18093}
DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-4}
SLOW=${SLOW:-250}
JAR=service/target/eligibility-service.jar
JAVA_OPTS=${JAVA_OPTS:-"-Xms256m -Xmx768m -XX:MaxMetaspaceSize=256m -XX:MaxDirectMemorySize=128m -Xss512k -XX:+ExitOnOutOfMemoryError"}

command -v wrk >/dev/null || scripts/install-test-deps --bench
[ -f "$JAR" ] || mvn -B -q package -DskipTests -pl service -am

WORK=$(mktemp -d /tmp/hostile-load.XXXXXX)
cp -r rules "$WORK/rules"
cp -r test-cases "$WORK/test-cases"
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" --server.port="$PORT" --rules.dir="$WORK/rules" --cases.dir="$WORK/test-cases" \
  --reload.watch=false --batches.dir="$WORK/jobs" >"$WORK/service.log" 2>&1 &
SERVICE=$!
trap 'kill "$SERVICE" 2>/dev/null || true; wait "$SERVICE" 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  curl -fs "http://localhost:$PORT/actuator/health" >/dev/null 2>&1 && break
  sleep 0.5
done
rss() { echo "$(( $(ps -o rss= -p "$SERVICE") / 1024 )) MB"; }
URL="http://localhost:$PORT/api/v1/determinations?asOf=2025-06-01"
BENCH_DIR="$ROOT/service/bench" wrk -t2 -c"$CONNECTIONS" -d10s -s service/bench/determination.lua "$URL" >/dev/null
BEFORE=$(rss)
echo "service up on $PORT; resident after warm-up: $BEFORE"

python3 service/bench/slow-clients.py "$PORT" "$DURATION" "$SLOW" 25 >"$WORK/attacker.txt" &
ATTACKER=$!
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -s service/bench/determination.lua "$URL" \
  >"$WORK/wrk.txt" &
WRK=$!

sleep $((DURATION / 3))
python3 - "$WORK/rules/parameters/dibao.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
old = "    - from: 2021-12-01\n      value: 440\n      reference: 攀枝花市城乡低保标准（2022年公布）\n"
assert s.count(old) == 1
s = s.replace(old, old + "    - from: 2025-01-01\n      value: 470\n      reference: 负载测试用调整\n")
open(p, "w", encoding="utf-8").write(s)
PY
echo "$(date +%T) reload: $(curl -s -u policy:policy-pass -X POST "http://localhost:$PORT/api/v1/ruleset/reload" \
  | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["outcome"], r["durationMs"], "ms", r["previousVersion"], "->", r["servingVersion"])')"
DURING=$(rss)
wait "$WRK"
wait "$ATTACKER"
AFTER=$(rss)
sleep 20
QUIET=$(rss)

echo
echo "== the well-behaved client: wrk, $CONNECTIONS connections, $DURATION s, beside $SLOW slow senders =="
grep -E "requests in|Non-2xx|Socket errors|Requests/sec|^ +(50|99)%" "$WORK/wrk.txt" || true
grep -q "Non-2xx" "$WORK/wrk.txt" && echo "FAILED REQUESTS SEEN BY THE WELL-BEHAVED CLIENT" || echo "non-2xx: 0"
echo
cat "$WORK/attacker.txt"
echo
echo "resident memory: before $BEFORE, during the reload $DURING, right after $AFTER, after 20 s quiet $QUIET"
echo "5xx in the service log: $(grep -c ' ERROR ' "$WORK/service.log" || true) ERROR lines; log $(wc -l <"$WORK/service.log") lines"
