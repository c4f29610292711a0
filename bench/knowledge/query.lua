-- wrk script: POST /api/v1/bases/<base>/query with queries taken in turn from queries.lua
-- (written by KnowledgeBench queries). Environment: BENCH_TOKEN, BENCH_BASE, BENCH_MODE.
dofile(os.getenv("BENCH_QUERIES"))
local token = os.getenv("BENCH_TOKEN")
local base = os.getenv("BENCH_BASE")
local mode = os.getenv("BENCH_MODE") or "hybrid"
local i = 0

local function escape(s)
  return (s:gsub('\\', '\\\\'):gsub('"', '\\"'))
end

request = function()
  i = i % #queries + 1
  local body = '{"query": "' .. escape(queries[i]) .. '", "mode": "' .. mode .. '", "limit": 5}'
  return wrk.format("POST", "/api/v1/bases/" .. base .. "/query",
    {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end

done = function(summary, latency, requests)
  io.write(string.format("errors\t%d\t%d\n", summary.errors.status, summary.errors.timeout))
end
