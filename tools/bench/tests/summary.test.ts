import { summarize } from '../src/summary';

describe('summarize', () => {
  it('gives nearest-rank percentiles, quartiles and their range', () => {
    // Prepare
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);

    // Act
    const summary = summarize(values);

    // Assess
    expect(summary).toEqual({
      n: 100,
      median: 50,
      mean: 50.5,
      min: 1,
      max: 100,
      p25: 25,
      p75: 75,
      p95: 95,
      p99: 99,
      iqr: 50,
    });
  });

  it('rounds every figure to the digits asked for', () => {
    // Act
    const summary = summarize([1.23456, 2.34567], 2);

    // Assess
    expect([summary.min, summary.max, summary.mean]).toEqual([1.23, 2.35, 1.79]);
  });

  it('gives NaN, not zeros, for an empty sample', () => {
    // Act
    const summary = summarize([]);

    // Assess
    expect(summary.n).toBe(0);
    expect([summary.median, summary.p95, summary.mean, summary.min]).toEqual([NaN, NaN, NaN, NaN]);
  });
});
