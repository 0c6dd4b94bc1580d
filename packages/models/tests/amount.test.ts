import { decimalPlaces } from '../src';
import { isExactLiteral } from '../src/amount';

describe('decimalPlaces', () => {
  it.each([
    [10, 0],
    [10.1, 1],
    [10.12, 2],
    [0.001, 3],
    [1e-7, 7],
    [1.5e-7, 8],
    [1.5e21, 0],
    [1e15, 0],
    [-2.25, 2],
  ])('counts the decimal places of %p as %p', (value, expected) => {
    // Act
    const places = decimalPlaces(value);

    // Assess
    expect(places).toBe(expected);
  });
});

describe('isExactLiteral', () => {
  it.each([
    ['10.10', 10.1],
    ['1E2', 100],
    ['-0', -0],
    ['0.0', 0],
    ['1.50e+1', 15],
  ])('treats %s as exactly %p', (literal, value) => {
    // Act
    const exact = isExactLiteral(literal, value);

    // Assess
    expect(exact).toBe(true);
  });

  it('rejects a literal whose digits the double cannot hold', () => {
    // Act
    const exact = isExactLiteral('0.30000000000000001', 0.3);

    // Assess
    expect(exact).toBe(false);
  });
});
