#!/usr/bin/env bash
# Register search benchmark: fills a case register with HOUSEHOLDS synthetic households (3 members each, unique
# identity numbers) and times every kind of search the API offers (householdId, identity number whole and last 4,
# name, township, village), 300 queries each, on H2 in a file and on a throwaway PostgreSQL (the machine's own
# binaries, port $PG_PORT, default 55432). Prints median, p95 and slowest per kind. With REGISTER_KEYS set (KEY_ID:
# BASE64, e.g. k1:$(head -c 32 /dev/urandom | base64)) the register is encrypted at rest. Builds nothing: run
# `mvn -B -q package -pl engine,store -DskipTests` first. Usage:
#   bench/register-search.sh [HOUSEHOLDS (default 1000000)] [h2|postgres|both (default both)] [WORKDIR]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="${JAR:-$here/store/target/eligibility-store.jar}"
n="${1:-1000000}"
which="${2:-both}"
work="${3:-$(mktemp -d)}"
keep="${3:+yes}"
example="$here/../shared/spec/household.register.example.json"
[ -f "$jar" ] || { echo "missing $jar: build it first (mvn -B -q package -pl engine,store -DskipTests)" >&2; exit 2; }
mkdir -p "$work"
chmod 755 "$work"  # the PostgreSQL server runs as the postgres user and must reach its directory
cleanup() { [ -n "$keep" ] || rm -rf "$work"; }
trap cleanup EXIT
main=cn.pzh.eligibility.store.SearchBenchmark
if [ "$which" != postgres ]; then
  echo "== H2 file, $n households"
  java -Xmx1g -cp "$jar" "$main" "jdbc:h2:file:$work/h2/register" sa "" "$n" "$example"
  du -sh "$work/h2" | sed 's/^/database size: /'
fi
if [ "$which" != h2 ]; then
  echo "== PostgreSQL, $n households"
  java -Xmx1g -cp "$jar" "$main" "local-postgres:$work/pg:${PG_PORT:-55432}" "" "" "$n" "$example"
fi
