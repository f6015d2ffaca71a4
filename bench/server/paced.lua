-- wrk script: each connection waits `interval_ms` (default 10 ms) after each reply before its
-- next request, so C connections offer at most C x 1000 / (interval_ms + latency) requests per
-- second (10 connections: just under 1,000/s). wrk has no fixed-rate mode (that is wrk2, not
-- in Debian): this is a paced load, not an open-loop one, and wrk's Requests/sec is the rate
-- actually offered and served. wrk measures each request's latency from its send.
local interval_ms = tonumber(os.getenv("INTERVAL_MS") or "10")
local first = true
function delay()
  if first then
    first = false
    return math.random(0, interval_ms)  -- spread the connections over the interval
  end
  return interval_ms
end
