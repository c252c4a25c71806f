-- wrk's end-of-run report as one JSON line (bench/load_stack.py reads it).
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    'WRK {"requests": %d, "seconds": %.2f, "rps": %.1f, "errors": %d, "non_2xx": %d, ' ..
    '"p50": %.1f, "p95": %.1f, "p99": %.1f, "max": %.1f}\n',
    summary.requests, seconds, summary.requests / seconds, errors, summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
