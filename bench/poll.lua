-- wrk: GET /v1/jobs/{id}, cycling over the ids in $BENCH_IDS (a Lua file returning a table).
local ids = dofile(os.getenv("BENCH_IDS"))
local headers = {["Authorization"] = "Bearer bench"}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/v1/jobs/" .. ids[(n % #ids) + 1], headers)
end
