#!/usr/bin/env bash
# Batch benchmark: households per second and peak memory of `eligibility batch` on a generated caseload, with a
# 512 MB heap, next to the floor (read, validate and write the same JSON, no rules) and `evaluate --jsonl`.
# Builds nothing: run `mvn -B -o package -pl engine -DskipTests` first. Usage:
#   bench/batch.sh [HOUSEHOLDS (default 1000000)] [WORKDIR (default a temp dir, removed at the end)]
# Prints one line per run: households/s and max resident memory (from /usr/bin/time -v).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="${JAR:-$here/engine/target/eligibility.jar}"  # JAR=… to benchmark a copy while rebuilding
rules="$here/rules"
n="${1:-1000000}"
work="${2:-$(mktemp -d)}"
keep="${2:+yes}"
asof=2019-10-01
heap=-Xmx512m
[ -f "$jar" ] || { echo "missing $jar: build it first (mvn -B -o package -pl engine -DskipTests)" >&2; exit 2; }
mkdir -p "$work"
cleanup() { [ -n "$keep" ] || rm -rf "$work"; }
trap cleanup EXIT

# The comparison: the repository's rules are the baseline; the changed rules are the same with the rural
# standard of 2019 at 440 instead of 410.
cp -r "$rules" "$work/rules-440"
python3 - "$work/rules-440/parameters/dibao.yaml" <<'PY'
import sys, re
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
i = s.index("dibao.standard.rural:")
j = s.index("value: 410", i)
open(p, "w", encoding="utf-8").write(s[:j] + "value: 440" + s[j + len("value: 410"):])
PY

echo "generating $n households (seed 42) ..."
java $heap -jar "$jar" generate --households "$n" --seed 42 --rules "$rules" --as-of $asof --out "$work/hh.jsonl"
ls -l "$work/hh.jsonl"

run() { # name, households, command...
  local name="$1" count="$2"; shift 2
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -v -o "$work/$name.time" "$@" > "$work/$name.stdout" 2> "$work/$name.stderr" || true
  end=$(date +%s.%N)
  local rss secs
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$name.time")
  secs=$(echo "$end - $start" | bc -l)
  printf '%-28s %9d households in %8.1f s = %8.0f households/s (wall, incl. JVM start and rule load), max RSS %6.0f MB\n' \
    "$name" "$count" "$secs" "$(echo "$count / $secs" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
  grep -h "households read\|lines read" "$work/$name.stdout" "$work/$name.stderr" | tail -1 | sed 's/^/    /'
}

run floor-read-write "$n" java $heap -jar "$jar" batch --no-rules --in "$work/hh.jsonl" --out "$work/floor.jsonl" \
  --as-of $asof --log-every 60
rm -f "$work/floor.jsonl"
run batch-plain "$n" java $heap -jar "$jar" batch --rules "$rules" --in "$work/hh.jsonl" --out "$work/plain.jsonl" \
  --as-of $asof --log-every 60
rm -f "$work/plain.jsonl"
head -n 100000 "$work/hh.jsonl" > "$work/hh100k.jsonl"
run evaluate-jsonl-100k 100000 sh -c "java $heap -jar '$jar' evaluate --jsonl --rules '$rules' --as-of $asof \
  < '$work/hh100k.jsonl' > '$work/ev.jsonl'"
rm -f "$work/ev.jsonl"
run batch-100k 100000 java $heap -jar "$jar" batch --rules "$rules" --in "$work/hh100k.jsonl" \
  --out "$work/b100k.jsonl" --as-of $asof --log-every 60
rm -f "$work/b100k.jsonl"
run batch-comparison "$n" java $heap -jar "$jar" batch --rules "$work/rules-440" --baseline-rules "$rules" \
  --in "$work/hh.jsonl" --out "$work/cmp.jsonl" --diff "$work/diff.jsonl" --report "$work/report.html" \
  --as-of $asof --log-every 60
ls -l "$work"/diff.jsonl "$work"/report.html
