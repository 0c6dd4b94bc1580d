import { distribution, formatDistribution, percentile } from '../src';

describe('percentiles', () => {
  it('uses the nearest rank', () => {
    // Prepare
    const sorted = Array.from({ length: 100 }, (_, index) => index + 1);

    // Act
    const figures = [50, 95, 99, 100].map((p) => percentile(sorted, p));

    // Assess
    expect(figures).toEqual([50, 95, 99, 100]);
  });

  it('summarises an unsorted series', () => {
    // Act
    const dist = distribution([30, 10, 20, 40]);

    // Assess
    expect(dist).toEqual({ count: 4, min: 10, mean: 25, p50: 20, p95: 40, p99: 40, max: 40 });
  });

  it('gives zeros for no measurements instead of NaN', () => {
    // Act
    const dist = distribution([]);

    // Assess
    expect(dist).toEqual({ count: 0, min: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 });
  });

  it('formats milliseconds for people', () => {
    // Act
    const text = formatDistribution(distribution([1.4, 2.6, 100]), 'ms');

    // Assess
    expect(text).toBe('p50 3 ms  p95 100 ms  p99 100 ms  max 100 ms');
  });
});
