import { onFirstUse } from '../src';

describe('onFirstUse', () => {
  it('builds once, on the first call, for every caller', async () => {
    // Prepare
    const builds: number[] = [];
    const client = onFirstUse(async () => {
      builds.push(builds.length + 1);
      return { id: builds.length };
    });

    // Act
    const beforeFirstCall = builds.length;
    const [a, b] = await Promise.all([client(), client()]);
    const c = await client();

    // Assess
    expect(beforeFirstCall).toBe(0);
    expect(builds).toEqual([1]);
    expect(a).toBe(b);
    expect(c).toBe(a);
  });

  it('tries a failed build again on the next call instead of remembering the failure', async () => {
    // Prepare
    let attempts = 0;
    const client = onFirstUse(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('module failed to load');
      return 'built';
    });

    // Act
    const first = await client().then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    const second = await client();

    // Assess
    expect(first).toBe('module failed to load');
    expect(second).toBe('built');
    expect(attempts).toBe(2);
  });
});
