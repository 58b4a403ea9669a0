-- wrk script: POST /api/v1/households/{id}/determinations for the households bench/register-determinations.sh
-- registered (510411-2026-000000 … N-1), each connection going through them from its own starting point, so the
-- service records determinations for many households at once as a busy office would.
--   N=200 wrk -t2 -c8 -d30s --latency -s service/bench/recorded.lua http://localhost:8095
local n = tonumber(os.getenv("N") or "200")
local as_of = os.getenv("AS_OF") or "2025-06-01"
local auth = "Basic Y2FzZXdvcmtlcjpjYXNld29ya2VyLXBhc3M=" -- caseworker:caseworker-pass, the embedded default
local next_id = 0
init = function(args)
  next_id = math.random(0, n - 1)
end
request = function()
  next_id = (next_id + 1) % n
  return wrk.format("POST", string.format("/api/v1/households/510411-2026-%06d/determinations?asOf=%s", next_id, as_of),
    { ["Authorization"] = auth, ["Content-Type"] = "application/json" }, "")
end
