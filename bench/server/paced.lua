-- wrk script: each connection sends one request every `interval_ms` (default 10 ms), so C
-- connections offer C x 1000 / interval_ms requests per second (10 connections: 1,000/s).
-- wrk measures each request's latency from its send; a reply slower than the interval delays
-- that connection's next request, so the achieved rate (wrk's Requests/sec) shows whether
-- the offered rate was held.
local interval_ms = tonumber(os.getenv("INTERVAL_MS") or "10")
local first = true
function delay()
  if first then
    first = false
    return math.random(0, interval_ms)  -- spread the connections over the interval
  end
  return interval_ms
end
