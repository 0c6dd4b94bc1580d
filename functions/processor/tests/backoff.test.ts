import { retryDelaySeconds } from '../src/steps/backoff';

const defaults = { baseSeconds: 60, maxSeconds: 1800 };
const lowest = () => 0;
const highest = () => 1;

describe('the backoff of a record handed back to SQS', () => {
  it('doubles from the base on each receive, between half and all of it', () => {
    // Act
    const bounds = [1, 2, 3, 4, 5].map((receive) => [
      retryDelaySeconds(receive, defaults, lowest),
      retryDelaySeconds(receive, defaults, highest),
    ]);

    // Assess
    expect(bounds).toEqual([
      [30, 60],
      [60, 120],
      [120, 240],
      [240, 480],
      [480, 960],
    ]);
  });

  it('stops growing at the cap', () => {
    expect(retryDelaySeconds(20, defaults, highest)).toBe(1800);
  });

  it('spends ten receives over more than an hour of outage with the defaults, even at the lowest jitter', () => {
    // Act: the receives before the tenth, which is the last
    const total = Array.from({ length: 9 }, (_, i) => retryDelaySeconds(i + 1, defaults, lowest));

    // Assess
    expect(total.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3600);
  });
});
