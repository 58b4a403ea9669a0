-- wrk script for reload-under-load.sh: determination.lua, plus a count of the ruleset version named by each 200
-- answer, so the run shows which versions served and that no answer named anything else.
dofile(os.getenv("BENCH_DIR") .. "/determination.lua")

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  versions = {}
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 200 then
    local v = body:match('"ruleset"%s*:%s*{[^}]-"version"%s*:%s*"([^"]+)"') or "none"
    versions[v] = (versions[v] or 0) + 1
  end
end

function done(summary, latency, requests)
  local all, st = {}, {}
  for _, t in ipairs(threads) do
    for v, n in pairs(t:get("versions")) do all[v] = (all[v] or 0) + n end
    for s, n in pairs(t:get("statuses")) do st[s] = (st[s] or 0) + n end
  end
  io.write("------------------------------\n")
  io.write(string.format("requests %d, errors connect %d read %d write %d timeout %d, p99 %.1f ms\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    latency:percentile(99) / 1000))
  for s, n in pairs(st) do io.write(string.format("status %s: %d\n", s, n)) end
  for v, n in pairs(all) do io.write(string.format("version %s: %d answers\n", v, n)) end
end
