import { validateEvent } from '../src';
import { buildEvent, metadataWithKeys, now } from './helpers/factories';

function violationsOf(overrides: Record<string, unknown>) {
  const result = validateEvent(buildEvent(overrides), { now });
  return result.ok ? [] : result.violations;
}

describe('event field rules', () => {
  it.each([
    ['zero', 0, 'must be greater than 0'],
    ['negative', -5, 'must be greater than 0'],
    ['above 1e15', 1e15 + 2, 'must be less than or equal to 1000000000000000'],
    ['a string', '10.50', 'must be a number'],
  ])('rejects an amount that is %s', (_label, amount, reason) => {
    // Act
    const violations = violationsOf({ amount });

    // Assess
    expect(violations).toEqual([{ field: 'amount', code: 'INVALID_VALUE', reason }]);
  });

  it('accepts an amount of exactly 1e15', () => {
    // Act
    const violations = violationsOf({ amount: 1e15 });

    // Assess
    expect(violations).toEqual([]);
  });

  it.each([Number.POSITIVE_INFINITY, Number.NaN])('rejects a non-finite amount (%p)', (amount) => {
    // Act
    const violations = violationsOf({ amount });

    // Assess
    expect(violations).toEqual([
      { field: 'amount', code: 'INVALID_VALUE', reason: 'must be a finite number' },
    ]);
  });

  it.each(['a', 'A1', 'evt:2026.01_x-y', 'x'.repeat(128)])('accepts the event_id %p', (id) => {
    // Act
    const violations = violationsOf({ event_id: id });

    // Assess
    expect(violations).toEqual([]);
  });

  it('rejects an event_id of 129 characters', () => {
    // Act
    const violations = violationsOf({ event_id: 'x'.repeat(129) });

    // Assess
    expect(violations).toEqual([
      { field: 'event_id', code: 'INVALID_VALUE', reason: 'must be at most 128 characters long' },
    ]);
  });

  it.each(['', '-starts-with-dash', 'has space', 'slash/inside', 'ünïcode'])(
    'rejects the event_id %p',
    (id) => {
      // Act
      const violations = violationsOf({ event_id: id });

      // Assess
      expect(violations.map((v) => [v.field, v.code])).toContainEqual([
        'event_id',
        'INVALID_VALUE',
      ]);
    },
  );

  it.each(['user_id', 'merchant'])('accepts a %s of 255 characters', (field) => {
    // Act
    const violations = violationsOf({ [field]: 'm'.repeat(255) });

    // Assess
    expect(violations).toEqual([]);
  });

  it.each(['user_id', 'merchant'])('rejects a %s of 256 characters', (field) => {
    // Act
    const violations = violationsOf({ [field]: 'm'.repeat(256) });

    // Assess
    expect(violations).toEqual([
      { field, code: 'INVALID_VALUE', reason: 'must be at most 255 characters long' },
    ]);
  });

  it.each(['user_id', 'merchant'])('rejects an empty %s', (field) => {
    // Act
    const violations = violationsOf({ [field]: '' });

    // Assess
    expect(violations).toEqual([{ field, code: 'INVALID_VALUE', reason: 'must not be empty' }]);
  });

  it('rejects a lower-case currency code', () => {
    // Act
    const violations = violationsOf({ currency: 'usd' });

    // Assess
    expect(violations).toEqual([
      {
        field: 'currency',
        code: 'INVALID_VALUE',
        reason: 'must be three upper-case letters (an ISO 4217 code)',
      },
    ]);
  });

  it('accepts metadata with 10 keys', () => {
    // Act
    const violations = violationsOf({ metadata: metadataWithKeys(10) });

    // Assess
    expect(violations).toEqual([]);
  });

  it('rejects metadata with 11 keys', () => {
    // Act
    const violations = violationsOf({ metadata: metadataWithKeys(11) });

    // Assess
    expect(violations).toEqual([
      { field: 'metadata', code: 'INVALID_VALUE', reason: 'must have at most 10 keys' },
    ]);
  });

  it('accepts metadata values of every JSON type, nested', () => {
    // Prepare
    const metadata = { s: 'x', n: 1.23456789, b: false, z: null, a: [1, { deep: ['y'] }], o: {} };

    // Act
    const violations = violationsOf({ metadata });

    // Assess
    expect(violations).toEqual([]);
  });

  it.each([
    ['an array', []],
    ['a string', 'pos'],
    ['null', null],
  ])('rejects metadata that is %s', (_label, metadata) => {
    // Act
    const violations = violationsOf({ metadata });

    // Assess
    expect(violations).toEqual([
      { field: 'metadata', code: 'INVALID_VALUE', reason: 'must be an object' },
    ]);
  });
});
