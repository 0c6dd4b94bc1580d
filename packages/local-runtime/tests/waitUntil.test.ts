import { WaitTimeoutError, waitUntil } from '../src';

describe('waitUntil', () => {
  it('returns the first truthy value the check gives', async () => {
    // Prepare
    const answers = [0, '', 'ready'];
    let calls = 0;

    // Act
    const value = await waitUntil(() => answers[calls++], {
      timeoutMs: 5_000,
      intervalMs: 1,
      what: 'x',
    });

    // Assess
    expect(value).toBe('ready');
    expect(calls).toBe(3);
  });

  it('throws a WaitTimeoutError naming what it waited for when the check never holds', async () => {
    // Act
    const waiting = waitUntil(() => false, { timeoutMs: 20, intervalMs: 1, what: 'the moon' });

    // Assess
    await expect(waiting).rejects.toBeInstanceOf(WaitTimeoutError);
    await expect(waiting).rejects.toThrow('the moon: not within 20 ms');
  });

  it('stops early with the signal’s reason when the signal aborts', async () => {
    // Prepare
    const controller = new AbortController();
    let calls = 0;
    const check = () => {
      calls += 1;
      if (calls === 2) controller.abort(new Error('stopped by the caller'));
      return false;
    };

    // Act
    const waiting = waitUntil(check, {
      timeoutMs: 60_000,
      intervalMs: 1,
      what: 'x',
      signal: controller.signal,
    });

    // Assess
    await expect(waiting).rejects.toThrow('stopped by the caller');
    expect(calls).toBe(2);
  });

  it('passes a check’s own error through', async () => {
    // Act
    const waiting = waitUntil(
      () => {
        throw new RangeError('broken check');
      },
      { timeoutMs: 1_000, what: 'x' },
    );

    // Assess
    await expect(waiting).rejects.toBeInstanceOf(RangeError);
  });
});
