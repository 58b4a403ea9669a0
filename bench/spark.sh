#!/usr/bin/env bash
# Spark benchmark: households per second of the Spark job (spark/target/eligibility-spark.jar, local[2] by default)
# beside `eligibility batch` on the same generated caseload and machine, plain and as a comparison (rural standard of
# 2019 at 440 instead of 410), checking that both give the same determinations. Builds nothing: run
# `mvn -B -o package -pl engine,spark -am -DskipTests` first. Usage:
#   bench/spark.sh [HOUSEHOLDS (default 1000000)] [WORKDIR (default a temp dir, removed at the end)]
# MASTER=local[4] PARTITIONS=16 DRIVER_MEM=3g … to change the Spark side; COMPARE=no to time only the plain batch. Prints the machine's load (uptime) before
# and after: the machine is shared, and the numbers mean little without it.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cli="$here/engine/target/eligibility.jar"
sparkjar="$here/spark/target/eligibility-spark.jar"
rules="$here/rules"
n="${1:-1000000}"
work="${2:-$(mktemp -d)}"
keep="${2:+yes}"
master="${MASTER:-local[2]}"
partitions="${PARTITIONS:-0}"
mem="${DRIVER_MEM:-2g}"
asof=2019-10-01
for j in "$cli" "$sparkjar"; do
  [ -f "$j" ] || { echo "missing $j: build first (mvn -B -o package -pl engine,spark -am -DskipTests)" >&2; exit 2; }
done
mkdir -p "$work"
cleanup() { [ -n "$keep" ] || rm -rf "$work"; }
trap cleanup EXIT

rm -rf "$work/rules-440"
cp -r "$rules" "$work/rules-440"
python3 - "$work/rules-440/parameters/dibao.yaml" <<'PY'
import sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
i = s.index("dibao.standard.rural:")
j = s.index("value: 410", i)
open(p, "w", encoding="utf-8").write(s[:j] + "value: 440" + s[j + len("value: 410"):])
PY

[ -f "$work/hh.jsonl" ] || java -Xmx512m -jar "$cli" generate --households "$n" --seed 42 --rules "$rules" --as-of $asof \
  --out "$work/hh.jsonl"
ls -l "$work/hh.jsonl"
echo "load before: $(uptime)"

opens=(-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED)

run() { # name, command...
  local name="$1"; shift
  local start end secs rss
  start=$(date +%s.%N)
  /usr/bin/time -v -o "$work/$name.time" "$@" > "$work/$name.stdout" 2> "$work/$name.stderr" || true
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc -l)
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$name.time")
  printf '%-22s %9d households in %8.1f s = %8.0f households/s (wall, incl. JVM start and rule load), max RSS %6.0f MB, load %s\n' \
    "$name" "$n" "$secs" "$(echo "$n / $secs" | bc -l)" "$(echo "$rss / 1024" | bc -l)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  grep -h "households read" "$work/$name.stdout" "$work/$name.stderr" | tail -1 | sed 's/^/    /'
}

run cli-batch java -Xmx512m -jar "$cli" batch --rules "$rules" --in "$work/hh.jsonl" --out "$work/cli.jsonl" \
  --as-of $asof --threads 2 --log-every 600
run spark-batch java -Xmx$mem "${opens[@]}" -jar "$sparkjar" --master "$master" --partitions "$partitions" \
  --rules "$rules" --in "$work/hh.jsonl" --out "$work/spark" --as-of $asof
if cmp -s "$work/cli.jsonl" <(cat "$work"/spark/determinations/part-*); then
  echo "    same determinations, byte for byte ($(wc -l < "$work/cli.jsonl") lines)"
else
  echo "    DETERMINATIONS DIFFER"; exit 1
fi
rm -rf "$work/cli.jsonl" "$work/spark"
if [ "${COMPARE:-yes}" = no ]; then
  echo "load after: $(uptime)"
  ls -l "$sparkjar" "$here/spark/target/eligibility-spark-cluster.jar" "$cli"
  exit 0
fi

run cli-compare java -Xmx512m -jar "$cli" batch --rules "$work/rules-440" --baseline-rules "$rules" \
  --in "$work/hh.jsonl" --out "$work/cli.jsonl" --diff "$work/diff" --report "$work/report.html" --as-of $asof \
  --threads 2 --log-every 600
run spark-compare java -Xmx$mem "${opens[@]}" -jar "$sparkjar" --master "$master" --partitions "$partitions" \
  --rules "$work/rules-440" --baseline-rules "$rules" --in "$work/hh.jsonl" --out "$work/spark" --as-of $asof
if cmp -s "$work/diff" <(cat "$work"/spark/diff/part-*) && cmp -s "$work/report.html" "$work/spark/report.html"; then
  echo "    same diff ($(wc -l < "$work/diff") lines) and the same report, byte for byte"
else
  echo "    DIFF OR REPORT DIFFER"; exit 1
fi
echo "load after: $(uptime)"
ls -l "$sparkjar" "$here/spark/target/eligibility-spark-cluster.jar" "$cli"
