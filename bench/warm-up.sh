# Sourced by bench/service.sh and bench/register-determinations.sh.
# Warm-up until the rate settles: under load the service's JIT compiles for a minute or more (some 17,000 methods,
# about 85 s of compiler CPU on two cores; bench/RESULTS.md), and a run measured inside that minute measures the
# compiler. warm_up runs COMMAND (one wrk round of 10 s, e.g. `wrk -t2 -c8 -d10s …`) again and again until a round's
# requests/s is within 5% of the round before (at least 3 rounds, at most MAX_WARMUP seconds, 150 by default), and
# prints the rounds' rates.
warm_up() { # COMMAND... → " 1228 1493 …"
  local prev=0 rate rounds=0 said=""
  while [ $((rounds * 10)) -lt "${MAX_WARMUP:-150}" ]; do
    rate=$("$@" 2>/dev/null | awk '/Requests\/sec/ {printf "%.0f", $2}')
    rounds=$((rounds + 1)); said="$said ${rate:-0}"
    if [ "$rounds" -ge 3 ] && [ -n "$rate" ] && [ "$prev" -gt 0 ] \
      && [ "$(echo "r = ($rate - $prev) / $prev; if (r < 0) r = -r; r < 0.05" | bc -l)" = 1 ]; then
      break
    fi
    prev=${rate:-0}
  done
  echo "$said"
}
