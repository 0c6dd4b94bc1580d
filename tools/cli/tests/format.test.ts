import { formatAmount } from '../src/format';

describe('amounts', () => {
  it.each([
    [1234, 'JPY', 'JPY 1,234'],
    [12.5, 'USD', 'USD 12.50'],
    [1.234, 'KWD', 'KWD 1.234'],
    [1_234_567.8, 'EUR', 'EUR 1,234,567.80'],
    [0.01, 'GBP', 'GBP 0.01'],
    [5, 'CLF', 'CLF 5.0000'],
  ])('shows %p %s with the currency’s minor units as %p', (amount, currency, shown) => {
    // Act
    const text = formatAmount(amount, currency);

    // Assess
    expect(text).toBe(shown);
  });
});
