#!/usr/bin/env bash
# Determinations recorded per second through the API: starts the service as scripts/serve does (scripts/start-service)
# on a fresh H2 register (or, with
# REGISTER_URL/REGISTER_USER/REGISTER_PASSWORD, another database), registers HOUSEHOLDS households over HTTP, then
# POSTs /api/v1/households/{id}/determinations from CLIENTS threads for SECONDS and prints recorded/s and latency:
# once from Python (one client process, as a script of an office would call it) and, when wrk is installed, from wrk
# with CLIENTS connections (what the service itself can take: the Python client runs out of one core first), after
# warm-up rounds until the rate holds.
# With REGISTER_KEYS set the service encrypts the register at rest (register.encryption.keys).
# Builds nothing: run `mvn -B -q package -DskipTests` first. Usage:
#   bench/register-determinations.sh [HOUSEHOLDS (200)] [SECONDS (30)] [CLIENTS (4)]     PORT=8095 by default
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="$here/service/target/eligibility-service.jar"
n="${1:-200}"; seconds="${2:-30}"; clients="${3:-4}"; port="${PORT:-8095}"
work="$(mktemp -d)"
[ -f "$jar" ] || { echo "missing $jar: build it first (mvn -B -q package -DskipTests)" >&2; exit 2; }
"$here/scripts/start-service" --prepare
"$here/scripts/start-service" --server.port="$port" --rules.dir="$here/rules" --cases.dir="$here/test-cases" \
     --reload.watch=false --register.dir="$work/register" >"$work/service.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 1 120); do
  curl -fs "http://localhost:$port/actuator/health" >/dev/null 2>&1 && break
  sleep 1
done
python3 - "$port" "$n" "$seconds" "$clients" "$here/../shared/spec/household.register.example.json" <<'PY'
import base64, http.client, json, sys, threading, time
port, n, seconds, clients, example = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
auth = "Basic " + base64.b64encode(b"caseworker:caseworker-pass").decode()
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def check(first17): return first17 + "10X98765432"[sum(int(a) * w for a, w in zip(first17, W)) % 11]
template = json.load(open(example, encoding="utf-8"))
def call(conn, method, path, body=None):
    conn.request(method, path, body=None if body is None else json.dumps(body).encode(),
                 headers={"Authorization": auth, "Content-Type": "application/json"})
    r = conn.getresponse(); r.read(); return r.status
conn = http.client.HTTPConnection("localhost", port)
ids = []
for i in range(n):
    h = json.loads(json.dumps(template))
    h["householdId"] = "510411-2026-%06d" % i
    for j, m in enumerate(h["members"]):
        m["idNumber"] = check("%06d" % (520000 + i) + m["birthDate"].replace("-", "") + "%03d" % j)
        m["name"] = "测试%d号%d" % (i, j)
    assert call(conn, "POST", "/api/v1/households", h) == 201
    ids.append(h["householdId"])
done, lat, errors = [0] * clients, [[] for _ in range(clients)], [0] * clients
stop = time.time() + seconds
def worker(k):
    c = http.client.HTTPConnection("localhost", port); i = k
    while time.time() < stop:
        t0 = time.time()
        s = call(c, "POST", "/api/v1/households/%s/determinations?asOf=2025-06-01" % ids[i % len(ids)])
        lat[k].append(time.time() - t0)
        if s == 201: done[k] += 1
        else: errors[k] += 1
        i += clients
threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
t0 = time.time(); [t.start() for t in threads]; [t.join() for t in threads]; took = time.time() - t0
all_lat = sorted(x for l in lat for x in l)
print("%d determinations recorded in %.1f s: %.0f/s with %d clients; median %.1f ms, p95 %.1f ms; %d errors"
      % (sum(done), took, sum(done) / took, clients, all_lat[len(all_lat) // 2] * 1000,
         all_lat[len(all_lat) * 95 // 100] * 1000, sum(errors)))
PY
if command -v wrk >/dev/null; then
  # Warm-up until the rate holds (bench/warm-up.sh): a run inside the JIT's first minute measures the compiler.
  # shellcheck source=bench/warm-up.sh
  . "$here/bench/warm-up.sh"
  said=$(warm_up env N="$n" wrk -t2 -c"$clients" -d10s -s "$here/service/bench/recorded.lua" "http://localhost:$port")
  echo "wrk warm-up rounds of 10 s (recorded/s):$said"
  out=$(N="$n" wrk -t2 -c"$clients" -d"${seconds}s" --latency -s "$here/service/bench/recorded.lua" \
    "http://localhost:$port")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  echo "wrk, $clients connections, ${seconds} s: $rps recorded/s; p50 $p50, p99 $p99; non-2xx ${non2xx:-0}"
fi
if grep -q -e '测试' -e '510411195803141311' "$work/service.log"; then echo "names or numbers in the service log!"; exit 1; fi
echo "service log: no names or identity numbers"
