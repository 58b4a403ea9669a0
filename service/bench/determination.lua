-- wrk script: POST the shared example household to /api/v1/determinations (wrk itself counts non-2xx replies).
-- From the repository root, with the service running:
--   wrk -t2 -c32 -d30s --latency -s service/bench/determination.lua \
--     'http://localhost:8080/api/v1/determinations?asOf=2019-10-01'
-- Credentials: WRK_USER / WRK_PASSWORD (default the embedded caseworker, caseworker / caseworker-pass).
local f = assert(io.open(os.getenv("HOUSEHOLD") or "../shared/spec/household.example.json", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"

-- Base64 by hand: wrk's Lua has no library for it.
local function base64(s)
  local b = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
  return ((s:gsub(".", function(x)
    local r, byte = "", x:byte()
    for i = 8, 1, -1 do r = r .. (byte % 2 ^ i - byte % 2 ^ (i - 1) > 0 and "1" or "0") end
    return r
  end) .. "0000"):gsub("%d%d%d?%d?%d?%d?", function(x)
    if #x < 6 then return "" end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == "1" and 2 ^ (6 - i) or 0) end
    return b:sub(c + 1, c + 1)
  end) .. ({ "", "==", "=" })[#s % 3 + 1])
end

wrk.headers["Authorization"] = "Basic " .. base64((os.getenv("WRK_USER") or "caseworker") .. ":"
  .. (os.getenv("WRK_PASSWORD") or "caseworker-pass"))
