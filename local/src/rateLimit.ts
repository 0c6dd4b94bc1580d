/**
 * A token bucket, like API Gateway's stage throttling: `ratePerSecond` steady,
 * `burst` at once. `take()` returns 0 when allowed, else the seconds to wait.
 */
export function tokenBucket(ratePerSecond: number, burst: number, now: () => number = Date.now) {
  let tokens = burst;
  let last = now();
  return {
    take(): number {
      const current = now();
      tokens = Math.min(burst, tokens + ((current - last) / 1000) * ratePerSecond);
      last = current;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - tokens) / ratePerSecond));
    },
  };
}
