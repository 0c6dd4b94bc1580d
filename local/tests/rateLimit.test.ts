import { tokenBucket } from '../src/rateLimit';
import { matchRoute } from '../src/routes';

describe('tokenBucket', () => {
  it('allows the burst, then asks to wait, then refills at the steady rate', () => {
    // Prepare
    let now = 0;
    const bucket = tokenBucket(2, 3, () => now);

    // Act
    const burst = [bucket.take(), bucket.take(), bucket.take()];
    const throttled = bucket.take();
    now += 500;
    const refilled = bucket.take();

    // Assess
    expect(burst).toEqual([0, 0, 0]);
    expect(throttled).toBeGreaterThanOrEqual(1);
    expect(refilled).toBe(0);
  });
});

describe('matchRoute', () => {
  it('prefers literal segments and decodes path parameters', () => {
    expect(matchRoute('GET', '/events/abc%3A1/status')).toMatchObject({
      kind: 'found',
      route: { resource: '/events/{event_id}/status' },
      pathParameters: { event_id: 'abc:1' },
    });
    expect(matchRoute('POST', '/events/batch')).toMatchObject({
      route: { resource: '/events/batch' },
    });
    expect(matchRoute('DELETE', '/events')).toEqual({ kind: 'method-not-allowed' });
    expect(matchRoute('GET', '/other')).toEqual({ kind: 'not-found' });
  });
});
