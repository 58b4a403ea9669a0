#!/usr/bin/env bash
# Throughput of the command-line tool: one `evaluate` of a file, and `evaluate --jsonl` over N households.
# Prints households per second and the peak resident memory. Needs engine/target/eligibility.jar (mvn package).
# Usage: bench/evaluate.sh [N=100000]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
jar=engine/target/eligibility.jar
[ -f "$jar" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/make-households.py "$n" 42 > "$work/in.jsonl"

now() { date +%s.%N; }
t0=$(now)
java -jar "$jar" evaluate --as-of 2019-10-01 ../shared/spec/household.example.json > /dev/null
t1=$(now)
echo "one evaluate (JVM start, rule compilation, one household): $(echo "$t1 - $t0" | bc) s"

t0=$(now)
/usr/bin/time -f "%M" -o "$work/rss" java -jar "$jar" evaluate --as-of 2019-10-01 --jsonl < "$work/in.jsonl" > "$work/out.jsonl" 2> "$work/err" || true
t1=$(now)
secs=$(echo "$t1 - $t0" | bc)
lines=$(wc -l < "$work/out.jsonl")
echo "evaluate --jsonl: $lines of $n households in $secs s = $(echo "$lines / $secs" | bc) households/s (whole run, JVM start included); peak RSS $(( $(cat "$work/rss") / 1024 )) MB"
tail -1 "$work/err"
