import { validateEvent } from '../src';
import { buildEvent, now, timestampAfterNow } from './helpers/factories';

function violationsOf(overrides: Record<string, unknown>, inexactAmount = false) {
  const event = buildEvent(overrides);
  const inexact = {
    has: (holder: object, key: string) => inexactAmount && holder === event && key === 'amount',
  };
  const result = validateEvent(event, { now, inexact });
  return result.ok ? [] : result.violations;
}

describe('event rules beyond JSON Schema', () => {
  it.each([
    ['USD', 10.12],
    ['USD', 10],
    ['JPY', 100],
    ['KWD', 1.234],
    ['CLF', 1.2345],
    ['EUR', 1e-2],
  ])('accepts %s %p', (currency, amount) => {
    // Act
    const violations = violationsOf({ currency, amount });

    // Assess
    expect(violations).toEqual([]);
  });

  it.each([
    ['USD', 10.123, 'must have at most 2 decimal places for USD'],
    ['KWD', 1.2345, 'must have at most 3 decimal places for KWD'],
    ['JPY', 100.5, 'must be a whole number for JPY'],
    ['EUR', 1e-7, 'must have at most 2 decimal places for EUR'],
  ])('rejects %s %p', (currency, amount, reason) => {
    // Act
    const violations = violationsOf({ currency, amount });

    // Assess
    expect(violations).toEqual([{ field: 'amount', code: 'INVALID_VALUE', reason }]);
  });

  it.each(['XYZ', 'HRK', 'BGN', 'XAU', 'XXX'])(
    'rejects the inactive or unknown code %s',
    (code) => {
      // Act
      const violations = violationsOf({ currency: code });

      // Assess
      expect(violations).toEqual([
        {
          field: 'currency',
          code: 'INVALID_VALUE',
          reason: 'must be an active ISO 4217 currency code',
        },
      ]);
    },
  );

  it('does not judge the decimals of an amount whose currency is unknown', () => {
    // Act
    const violations = violationsOf({ currency: 'XYZ', amount: 1.23456 });

    // Assess
    expect(violations.map((v) => v.field)).toEqual(['currency']);
  });

  it('rejects an amount flagged as inexact instead of judging its decimals', () => {
    // Act
    const violations = violationsOf({ amount: 1e15 }, true);

    // Assess
    expect(violations).toEqual([
      {
        field: 'amount',
        code: 'INVALID_VALUE',
        reason: 'cannot be represented exactly; use at most 15 significant digits',
      },
    ]);
  });

  const syntax = 'must be an RFC 3339 date-time with a time-zone offset';
  const calendar = 'must be a real calendar date and time (no 24:00, no leap second)';
  const precision = 'must have at most 6 fractional digits (microsecond precision)';
  const range = 'must lie between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z';
  it.each([
    ['2026-01-01T00:00:00', syntax],
    ['2026-01-01 00:00:00Z', syntax],
    ['2026-01-01T00:00:00+0100', syntax],
    ['2026-01-01', syntax],
    ['yesterday', syntax],
    ['２０２６-01-01T00:00:00Z', syntax],
    ['2026-02-30T00:00:00Z', calendar],
    ['2025-02-29T00:00:00Z', calendar],
    ['2026-01-01T25:00:00Z', calendar],
    ['2026-01-01T24:00:00Z', calendar],
    ['2016-12-31T23:59:60Z', calendar],
    ['2026-01-01T00:00:00+24:00', calendar],
    ['2025-12-31T23:59:59.9999999Z', precision],
    [`2026-01-01T00:00:00.${'0'.repeat(199)}1Z`, precision],
    ['0000-01-01T00:00:00Z', range],
    ['0001-01-01T00:30:00+01:00', range],
    ['9999-12-31T23:00:00-02:00', range],
  ])('rejects the timestamp %p', (timestamp, reason) => {
    // Act
    const violations = violationsOf({ timestamp });

    // Assess
    expect(violations).toEqual([{ field: 'timestamp', code: 'INVALID_VALUE', reason }]);
  });

  it.each([
    '2026-01-01T00:00:00Z',
    '2026-01-01T05:30:00.123456+05:30',
    '2026-01-01t00:00:00z',
    '2024-02-29T00:00:00Z',
    '0001-01-01T00:00:00Z',
    '0001-01-01T00:30:00+00:30',
    `2026-01-01T00:00:00.123456${'0'.repeat(194)}Z`,
  ])('accepts the timestamp %p', (timestamp) => {
    // Act
    const violations = violationsOf({ timestamp });

    // Assess
    expect(violations).toEqual([]);
  });

  it('accepts a timestamp 4 minutes 59 seconds in the future', () => {
    // Act
    const violations = violationsOf({ timestamp: timestampAfterNow(299_000) });

    // Assess
    expect(violations).toEqual([]);
  });

  it('rejects a timestamp 5 minutes 1 second in the future', () => {
    // Act
    const violations = violationsOf({ timestamp: timestampAfterNow(301_000) });

    // Assess
    expect(violations).toEqual([
      {
        field: 'timestamp',
        code: 'INVALID_VALUE',
        reason: 'must not be more than 5 minutes in the future',
      },
    ]);
  });

  it('compares the future limit in absolute time across offsets', () => {
    // Act
    const violations = violationsOf({ timestamp: '2026-06-01T14:04:00+02:00' });

    // Assess
    expect(violations).toEqual([]);
  });
});
