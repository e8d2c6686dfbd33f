-- wrk: 80% polls of stored jobs, 10% job listing pages that follow next_cursor, 10% submissions.
local ids = dofile(os.getenv("BENCH_IDS"))
local headers = {["Authorization"] = "Bearer bench", ["Content-Type"] = "application/json"}
local submission = '{"project_name":"Bench","prompt":"caption"}'
local cursor = nil
request = function()
  local r = math.random(10)
  if r <= 8 then
    return wrk.format("GET", "/v1/jobs/" .. ids[math.random(#ids)], headers)
  elseif r == 9 then
    return wrk.format("GET", "/v1/jobs?limit=100" .. (cursor and ("&cursor=" .. cursor) or ""), headers)
  end
  return wrk.format("POST", "/v1/jobs/agent", headers, submission)
end
response = function(status, headers, body)
  if body:find('"pagination"', 1, true) then cursor = body:match('"next_cursor":"([^"]+)"') end
end
