-- wrk script: POST /v1/events with a batch of BATCH (default 100) item_stock events per
-- request, every key unique (thread id, request counter, index), so each request appends
-- BATCH new events.
local counter = 0
local thread_id = 0
local next_id = 0
-- Keys differ between runs too (RUN, else the start time), so every run appends new events.
local run = os.getenv("RUN") or tostring(os.time())
local batch = tonumber(os.getenv("BATCH") or "100")

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
end

function init(args)
  thread_id = id
end

request = function()
  counter = counter + 1
  local parts = {}
  for i = 1, batch do
    local minute = (counter * batch + i) % 1440
    parts[i] = string.format(
      '{"key":"bench-%s-%d-%d-%d","kind":"item_stock","owner":"BPNLBENCH%07d","customer":"BPNLBENCH%07d",' ..
      '"supplier":"BPNLBENCHSUPPLY","time":"2026-12-06T%02d:%02d:00Z","site":"kr_cells",' ..
      '"material":"anode_material","direction":"inbound","quantity":"%d t"}',
      run, thread_id, counter, i, thread_id, thread_id, math.floor(minute / 60), minute % 60, i)
  end
  local body = '{"events":[' .. table.concat(parts, ",") .. ']}'
  return wrk.format("POST", "/v1/events", {["Content-Type"] = "application/json"}, body)
end
