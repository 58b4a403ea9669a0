#!/usr/bin/env bash
# Re-evaluation from the register against the file-based batch, on the same households: generates HOUSEHOLDS
# households (seed 42), registers them in an H2 file register with a recorded determination at 2021-11-30 each
# (ReevaluationBenchmark), then times `reevaluate --db` at 2021-12-01 (the dibao standards rise) beside `eligibility
# batch` on the same caseload file at 2021-12-01, plain and as a comparison with --baseline-as-of 2021-11-30 (the
# question the re-evaluation answers). Same heap (512 MB) for all; prints households/s (wall, incl. JVM start and rule
# load), CPU seconds and households per CPU-second, max resident memory, and the run's own figure. Builds nothing:
# run `mvn -B -q package -DskipTests` first. Usage:
#   bench/reevaluate.sh [HOUSEHOLDS (default 1000000)] [WORKDIR (default a temp dir, removed at the end)]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
engine="$here/engine/target/eligibility.jar"
store="$here/store/target/eligibility-store.jar"
rules="$here/rules"
n="${1:-1000000}"
work="${2:-$(mktemp -d)}"
keep="${2:+yes}"
heap="-Xmx512m -XX:+UseParallelGC"  # scripts/eligibility's options for long commands
for jar in "$engine" "$store"; do
  [ -f "$jar" ] || { echo "missing $jar: build it first (mvn -B -q package -DskipTests)" >&2; exit 2; }
done
mkdir -p "$work"
cleanup() { [ -n "$keep" ] || rm -rf "$work"; }
trap cleanup EXIT
db="jdbc:h2:file:$work/h2/register;DB_CLOSE_DELAY=-1"

run() { # name, households, command...
  local name="$1" count="$2"; shift 2
  local start end rss secs cpu
  start=$(date +%s.%N)
  /usr/bin/time -v -o "$work/$name.time" "$@" > "$work/$name.stdout" 2> "$work/$name.stderr" || true
  end=$(date +%s.%N)
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$name.time")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$work/$name.time")
  secs=$(echo "$end - $start" | bc -l)
  # CPU seconds too: on a machine shared with other work the wall time says more about the neighbours.
  printf '%-18s %8d households: %7.1f s wall = %6.0f/s; %7.1f s CPU = %6.0f per CPU-second; max RSS %5.0f MB\n' \
    "$name" "$count" "$secs" "$(echo "$count / $secs" | bc -l)" "$cpu" "$(echo "$count / $cpu" | bc -l)" \
    "$(echo "$rss / 1024" | bc -l)"
  grep -h "households read\|households/s\|lines read" "$work/$name.stdout" "$work/$name.stderr" | tail -2 | sed 's/^/    /'
}

if [ ! -f "$work/hh.jsonl" ]; then
  echo "generating $n households (seed 42) ..."
  java $heap -jar "$engine" generate --households "$n" --seed 42 --rules "$rules" --as-of 2021-11-30 \
    --out "$work/hh.jsonl"
fi
if [ ! -d "$work/h2" ]; then
  echo "registering them with a determination at 2021-11-30 each ..."
  java -Xmx1g -cp "$store" cn.pzh.eligibility.store.ReevaluationBenchmark "$db" "$work/hh.jsonl" "$rules" 2021-11-30
  du -sh "$work/h2" | sed 's/^/register size: /'
fi

run reevaluate-db "$n" java $heap -jar "$store" reevaluate --db "$db" --as-of 2021-12-01 --rules "$rules"
run batch-plain "$n" java $heap -jar "$engine" batch --rules "$rules" --in "$work/hh.jsonl" \
  --out "$work/plain.jsonl" --as-of 2021-12-01 --log-every 60
rm -f "$work/plain.jsonl"
run batch-comparison "$n" java $heap -jar "$engine" batch --rules "$rules" --baseline-as-of 2021-11-30 \
  --in "$work/hh.jsonl" --out "$work/cmp.jsonl" --diff "$work/diff.jsonl" --as-of 2021-12-01 --log-every 60
echo "changed households: batch diff $(wc -l < "$work/diff.jsonl"), re-evaluation $(grep -o '[0-9]* changed' \
  "$work/reevaluate-db.stdout" | head -1)"
rm -f "$work/cmp.jsonl" "$work/diff.jsonl"
