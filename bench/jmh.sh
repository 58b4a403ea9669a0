#!/usr/bin/env bash
# The engine core (JMH): households/s on pre-parsed generated households, 1 and 2 threads, sessions of 1, 50, 200
# and 1000 households. Build first: mvn -B -Pbench -pl bench -am package -DskipTests (never part of mvn verify).
# Usage: bench/jmh.sh [extra JMH options, e.g. -p session=200 -wi 2 -i 3]
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bench/target/benchmarks.jar
[ -f "$jar" ] || { echo "build first: mvn -B -Pbench -pl bench -am package -DskipTests" >&2; exit 2; }
for t in 1 2; do
  java -jar "$jar" EngineBenchmark -t "$t" -p rules="$PWD/rules" -rf text -rff "bench/target/jmh-t$t.txt" "$@"
done
