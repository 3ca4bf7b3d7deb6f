-- wrk script for scripts/api-load.sh: TOKEN (bearer token), PATHS (comma-separated), DELAY_MS.
-- Paces each connection: wait DELAY ms before every request, so CONNECTIONS * 1000 / DELAY is the offered rate.
local delay_ms = tonumber(os.getenv("DELAY_MS") or "20")
local token = os.getenv("TOKEN")
local paths = {}
for p in string.gmatch(os.getenv("PATHS") or "/api/v1/threats?limit=50", "[^,]+") do table.insert(paths, p) end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], { ["Authorization"] = "Bearer " .. token })
end
delay = function() return delay_ms end
