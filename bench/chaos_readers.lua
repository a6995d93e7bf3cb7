-- Readers for `make chaos` (bench/chaos.py): wrk browses and searches the paths in the file given
-- after "--" (one a line: pages, industries, stories, searches), each thread from its own place in
-- the list, and counts answers by class. done() prints one JSON line for bench/chaos.py.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  position = math.random(#paths)
  ok, redirected, client_error, server_error = 0, 0, 0, 0
  server_error_not_503, no_retry_after = 0, 0
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position], {["Accept-Language"] = "id"})
end

function response(status, headers, body)
  if status >= 500 then
    server_error = server_error + 1
    if status ~= 503 then server_error_not_503 = server_error_not_503 + 1
    elseif headers["Retry-After"] == nil and headers["retry-after"] == nil then no_retry_after = no_retry_after + 1 end
  elseif status >= 400 then client_error = client_error + 1
  elseif status >= 300 then redirected = redirected + 1
  else ok = ok + 1 end
end

function done(summary, latency, requests)
  local totals = {ok = 0, redirected = 0, client_error = 0, server_error = 0,
                  server_error_not_503 = 0, no_retry_after = 0}
  for _, thread in ipairs(threads) do
    for key, _ in pairs(totals) do totals[key] = totals[key] + thread:get(key) end
  end
  local e = summary.errors
  io.write(string.format(
    'CHAOS {"requests": %d, "ok": %d, "redirected": %d, "client_error": %d, "server_error": %d, '
    .. '"server_error_not_503": %d, "503_without_retry_after": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d, '
    .. '"p50_ms": %.1f, "p95_ms": %.1f, "seconds": %.2f}\n',
    summary.requests, totals.ok, totals.redirected, totals.client_error, totals.server_error,
    totals.server_error_not_503, totals.no_retry_after,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.duration / 1e6))
end
