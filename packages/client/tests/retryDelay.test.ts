import fc from 'fast-check';
import { ApiError, NetworkError } from '../src/index';
import { retryDelayMs } from '../src/retry';
import { retryAfterMs } from '../src/transport';

const policy = { baseDelayMs: 100, maxDelayMs: 5_000 };

const throttled = (retryAfter?: number) =>
  new ApiError({
    code: 'THROTTLED',
    message: 'too many requests',
    status: 429,
    retryable: true,
    ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
  });

describe('retryDelayMs', () => {
  it('draws each pause uniformly below a ceiling that doubles per attempt up to maxDelayMs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true }),
        (attempt, draw) => {
          // Act
          const delay = retryDelayMs(
            policy,
            attempt,
            new NetworkError({ code: 'TIMEOUT', message: 'slow' }),
            () => draw,
          );

          // Assess
          const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
          expect(delay).toBe(Math.floor(draw * ceiling));
        },
      ),
    );
  });

  it('never pauses less than the Retry-After the service asked for, even beyond maxDelayMs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 120_000 }),
        (attempt, asked) => {
          // Act
          const delay = retryDelayMs(policy, attempt, throttled(asked), () => 0.999);

          // Assess
          expect(delay).toBeGreaterThanOrEqual(asked);
        },
      ),
    );
  });
});

describe('retryAfterMs', () => {
  it('reads delay-seconds', () => {
    expect(retryAfterMs('3')).toBe(3_000);
  });

  it('reads an HTTP date as the time left until it', () => {
    // Prepare
    const now = Date.parse('2026-11-23T10:00:00Z');

    // Act
    const delay = retryAfterMs('Mon, 23 Nov 2026 10:00:05 GMT', now);

    // Assess
    expect(delay).toBe(5_000);
  });

  it('ignores an absent or unreadable header', () => {
    expect([retryAfterMs(null), retryAfterMs('soon'), retryAfterMs('-1')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});
