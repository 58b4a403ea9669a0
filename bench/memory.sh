#!/usr/bin/env bash
# Memory flat in the input size (issue 12): `batch` of N generated households in a heap capped at 512 MB, the
# options of scripts/eligibility. Prints households/s, the largest heap in use before a collection and after one
# (the live data) from the GC log, and the peak resident memory; a batch that needed more heap would fail with
# OutOfMemoryError instead of finishing. Usage:
#   bench/memory.sh 1000000 5000000        # one line per size; the generated files and outputs are deleted
# Columns: households, determinations + errors written, s, households/s (wall, JVM start included), largest heap in
# use before a collection (MB), largest after one (MB), collections, peak RSS (MB).
# Needs about 1.5 KB of disk per household for input and output together.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="${JAR:-$here/engine/target/eligibility.jar}"
rules="$here/rules"
[ -f "$jar" ] || { echo "missing $jar: build it first (mvn -B -o package -pl engine -DskipTests)" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/memory.XXXXXX")"
trap 'rm -rf "$work"' EXIT
opts="-Xmx512m -XX:+UseParallelGC"
for n in "${@:-1000000}"; do
  java $opts -jar "$jar" generate --households "$n" --seed 42 --rules "$rules" --as-of 2019-10-01 \
    --out "$work/hh.jsonl" 2> /dev/null
  start=$(date +%s.%N)
  /usr/bin/time -v -o "$work/time" java $opts -Xlog:gc:file="$work/gc.log" -jar "$jar" batch --rules "$rules" \
    --in "$work/hh.jsonl" --out "$work/out.jsonl" --as-of 2019-10-01 --log-every 600 > "$work/stdout" 2> "$work/stderr"
  end=$(date +%s.%N)
  lines=$(wc -l < "$work/out.jsonl")
  errors=$(wc -l < "$work/out.jsonl.errors.jsonl" 2>/dev/null || echo 0)
  before=$(grep -ho '[0-9]*M->[0-9]*M' "$work/gc.log" | sed 's/M->.*//' | sort -n | tail -1)
  after=$(grep -ho '[0-9]*M->[0-9]*M' "$work/gc.log" | sed 's/.*M->//; s/M//' | sort -n | tail -1)
  collections=$(grep -c 'Pause' "$work/gc.log" || true)
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$work/time")
  printf '| %d | %d + %d errors | %.0f | %.0f | %s | %s | %s | %s |\n' "$n" "$lines" "$errors" \
    "$(echo "$end - $start" | bc -l)" "$(echo "$n / ($end - $start)" | bc -l)" "$before" "$after" "$collections" "$rss"
  rm -f "$work"/hh.jsonl "$work"/out.jsonl* "$work"/gc.log*
done
