import { currencies, minorUnits } from '../src';

describe('currencies', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['JPY', 0],
    ['KWD', 3],
    ['CLF', 4],
    ['ZWG', 2],
    ['SLE', 2],
    ['VES', 2],
    ['XCG', 2],
  ])('knows %s has %p minor units', (code, expected) => {
    // Act
    const units = minorUnits(code);

    // Assess
    expect(units).toBe(expected);
  });

  it.each(['HRK', 'CUC', 'SLL', 'ZWL', 'ANG', 'BGN', 'XAU', 'XDR', 'XTS', 'XXX', 'usd'])(
    'does not list %s',
    (code) => {
      // Act
      const units = minorUnits(code);

      // Assess
      expect(units).toBeUndefined();
    },
  );

  it('lists only three-letter upper-case codes with 0 to 4 minor units', () => {
    // Act
    const entries = [...currencies];

    // Assess
    expect(entries.length).toBeGreaterThan(150);
    expect(
      entries.every(([code, units]) => /^[A-Z]{3}$/.test(code) && units >= 0 && units <= 4),
    ).toBe(true);
  });
});
