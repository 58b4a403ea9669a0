-- wrk script: POST the shared example household to /api/v1/determinations (wrk itself counts non-2xx replies).
-- From the repository root, with the service running:
--   wrk -t2 -c32 -d30s --latency -s service/bench/determination.lua \
--     'http://localhost:8080/api/v1/determinations?asOf=2019-10-01'
local f = assert(io.open(os.getenv("HOUSEHOLD") or "../shared/spec/household.example.json", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
