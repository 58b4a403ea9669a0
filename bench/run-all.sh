#!/usr/bin/env bash
# One run of every command-line benchmark on one generated caseload, written as a table into bench/RESULTS.md
# (households/s, ratio to the floor, peak resident memory from /usr/bin/time -v, peak heap from the GC log) with
# the date, the machine and the command; then the engine core on pre-parsed households (StageCost: thread CPU time
# per stage, 1 thread) and the service under wrk (bench/service.sh), each as its own table. JMH gives the engine
# core on 1 and 2 threads (bench/jmh.sh; long, so not here).
# Builds nothing: run `mvn -B -q package -DskipTests` and `mvn -B -q -Pbench -pl bench -am package -DskipTests`
# first. Usage:
#   bench/run-all.sh [HOUSEHOLDS (default 400000)] [RESULTS (default bench/RESULTS.md; - for stdout only)]
# JAR=… benchmarks another jar (e.g. a copy of the one before a change); HEAP=… sets -Xmx (default 512m).
# The JVM options are scripts/eligibility's (what the README's commands use): the parallel collector for the long
# runs, the first JIT tier and a class-data archive for the cold evaluate; GC=… replaces the collector option.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="${JAR:-$here/engine/target/eligibility.jar}"
rules="$here/rules"
n="${1:-400000}"
results="${2:-$here/bench/RESULTS.md}"
heap="-Xmx${HEAP:-512m} ${GC:--XX:+UseParallelGC}"
asof=2019-10-01
example="$here/../shared/spec/household.example.json"
[ -f "$jar" ] || { echo "missing $jar: build it first (mvn -B -o package -pl engine -DskipTests)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The comparison's changed rules: the repository's, with the rural standard of 2019 at 440 instead of 410.
cp -r "$rules" "$work/rules-440"
python3 - "$work/rules-440/parameters/dibao.yaml" <<'PY'
import sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
i = s.index("dibao.standard.rural:"); j = s.index("value: 410", i)
open(p, "w", encoding="utf-8").write(s[:j] + "value: 440" + s[j + len("value: 410"):])
PY

echo "generating $n households (seed 42) ..." >&2
java $heap -jar "$jar" generate --households "$n" --seed 42 --rules "$rules" --as-of $asof --out "$work/hh.jsonl"

rows=()
floor_rate=""
run() { # name, households, command... (sh -c string)
  local name="$1" count="$2" cmd="$3"
  local start end secs rate rss peak ratio
  start=$(date +%s.%N)
  /usr/bin/time -v -o "$work/$name.time" sh -c "$cmd" > "$work/$name.stdout" 2> "$work/$name.stderr" \
    || { echo "$name failed:" >&2; tail -5 "$work/$name.stderr" >&2; }
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc -l)
  rate=$(echo "$count / $secs" | bc -l)
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$work/$name.time")
  # the largest heap in use before any collection: an upper bound of the live data, a lower bound of nothing
  peak=$(grep -ho '[0-9]*M->[0-9]*M' "$work"/gc-"$name".log* 2>/dev/null | sed 's/M->.*//' | sort -n | tail -1)
  [ -n "$floor_rate" ] || floor_rate="$rate"
  ratio=$(echo "$rate / $floor_rate" | bc -l)
  printf '%-34s %9d households %8.1f s %9.0f/s  %4.0f%% of floor  RSS %5s MB  heap %5s MB\n' \
    "$name" "$count" "$secs" "$rate" "$(echo "$ratio * 100" | bc -l)" "$rss" "${peak:--}" >&2
  rows+=("$(printf '| %s | %d | %.1f | %.0f | %.0f%% | %s | %s |' "$name" "$count" "$secs" "$rate" \
    "$(echo "$ratio * 100" | bc -l)" "$rss" "${peak:--}")")
}
gc() { echo "-Xlog:gc:file=$work/gc-$1.log"; }

run floor "$n" "java $heap $(gc floor) -jar '$jar' batch --no-rules --in '$work/hh.jsonl' --out '$work/floor.jsonl' \
  --as-of $asof --log-every 600"
rm -f "$work/floor.jsonl"
run batch-plain "$n" "java $heap $(gc batch-plain) -jar '$jar' batch --rules '$rules' --in '$work/hh.jsonl' \
  --out '$work/plain.jsonl' --as-of $asof --log-every 600"
rm -f "$work/plain.jsonl"
run batch-comparison "$n" "java $heap $(gc batch-comparison) -jar '$jar' batch --rules '$work/rules-440' \
  --baseline-rules '$rules' --in '$work/hh.jsonl' --out '$work/cmp.jsonl' --diff '$work/diff.jsonl' \
  --report '$work/report.html' --as-of $asof --log-every 600"
rm -f "$work/cmp.jsonl" "$work/diff.jsonl"
run evaluate-jsonl "$n" "java $heap $(gc evaluate-jsonl) -jar '$jar' evaluate --jsonl --rules '$rules' \
  --as-of $asof < '$work/hh.jsonl' > '$work/ev.jsonl'"
rm -f "$work/ev.jsonl"
# as scripts/eligibility runs a short command: its first run writes the class-data archive, the timed run uses it
short="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"
java -Xlog:disable $short -XX:ArchiveClassesAtExit="$work/cds.jsa" -jar "$jar" evaluate --rules "$rules" \
  --as-of $asof "$example" > /dev/null 2>&1 || true
run evaluate-one-cold 1 "java $short -XX:SharedArchiveFile='$work/cds.jsa' $(gc evaluate-one-cold) -jar '$jar' \
  evaluate --rules '$rules' --as-of $asof '$example' > /dev/null"

core="$here/bench/target/benchmarks.jar"
if [ -f "$core" ]; then
  echo "engine core (StageCost, 1 thread, 20,000 generated households, sessions of 200) ..." >&2
  java $heap -cp "$core" cn.pzh.eligibility.bench.StageCost "$rules" 20000 200 12 > "$work/core.txt"
  tail -1 "$work/core.txt" >&2
fi
if [ -f "$here/service/target/eligibility-service.jar" ] && [ -z "${NO_SERVICE:-}" ]; then
  echo "service (bench/service.sh 30 32) ..." >&2
  "$here/bench/service.sh" 30 32 > "$work/service.txt" 2>&1 || echo "service run failed" >> "$work/service.txt"
  cat "$work/service.txt" >&2
fi

[ "$results" = "-" ] && exit 0
{
  echo
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — $n generated households (seed 42), as of $asof"
  echo
  echo "Machine: $(uname -srm), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"\
    "$(free -g | awk '/Mem:/ {print $2}') GB; $(java -version 2>&1 | head -1); heap $heap; load average before:"\
    "$(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared: numbers are noisy)."
  echo "Command: \`JAR=${JAR:-engine/target/eligibility.jar} bench/run-all.sh $n\` (jar $(sha256sum "$jar" | cut -c1-12))."
  echo "Wall clock of the whole command (JVM start, rule compilation and, for comparison, the HTML report included)."
  echo
  echo "| run | households | s | households/s | of floor | peak RSS MB | peak heap MB |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  if [ -f "$work/core.txt" ]; then
    echo
    echo "Engine core, one thread, thread CPU time (\`java -cp bench/target/benchmarks.jar cn.pzh.eligibility.bench.StageCost rules 20000 200 12\`):"
    echo
    echo "    $(tail -1 "$work/core.txt")"
  fi
  if [ -f "$work/service.txt" ]; then
    echo
    echo "Service (\`bench/service.sh 30 32\`, wrk on the same machine):"
    echo
    sed 's/^/    /' "$work/service.txt"
  fi
} >> "$results"
echo "appended to $results" >&2
