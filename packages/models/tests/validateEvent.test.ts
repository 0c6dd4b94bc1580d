import { validateEvent } from '../src';
import { buildEvent, now, without } from './helpers/factories';

describe('validateEvent', () => {
  it('accepts a valid event and returns it', () => {
    // Prepare
    const input = buildEvent();

    // Act
    const result = validateEvent(input, { now });

    // Assess
    expect(result).toEqual({ ok: true, event: input });
  });

  it('accepts an event without the optional event_id and metadata', () => {
    // Prepare
    const input = without(without(buildEvent(), 'event_id'), 'metadata');

    // Act
    const result = validateEvent(input, { now });

    // Assess
    expect(result.ok).toBe(true);
  });

  it.each(['user_id', 'amount', 'currency', 'merchant', 'timestamp'])(
    'reports a missing %s as MISSING_FIELD on that field',
    (field) => {
      // Prepare
      const input = without(buildEvent(), field);

      // Act
      const result = validateEvent(input, { now });

      // Assess
      expect(result).toEqual({
        ok: false,
        violations: [{ field, code: 'MISSING_FIELD', reason: 'is required' }],
      });
    },
  );

  it('reports an unknown field as UNKNOWN_FIELD on that field', () => {
    // Prepare
    const input = buildEvent({ tip: 1 });

    // Act
    const result = validateEvent(input, { now });

    // Assess
    expect(result).toEqual({
      ok: false,
      violations: [{ field: 'tip', code: 'UNKNOWN_FIELD', reason: 'is not a known field' }],
    });
  });

  it('lists every violation at once, sorted by field', () => {
    // Prepare
    const input = without(buildEvent({ amount: 0, currency: 'usd', extra: true }), 'user_id');

    // Act
    const result = validateEvent(input, { now });

    // Assess
    expect(result).toEqual({
      ok: false,
      violations: [
        { field: 'amount', code: 'INVALID_VALUE', reason: 'must be greater than 0' },
        {
          field: 'currency',
          code: 'INVALID_VALUE',
          reason: 'must be three upper-case letters (an ISO 4217 code)',
        },
        { field: 'extra', code: 'UNKNOWN_FIELD', reason: 'is not a known field' },
        { field: 'user_id', code: 'MISSING_FIELD', reason: 'is required' },
      ],
    });
  });

  it('lists schema and semantic violations together', () => {
    // Prepare
    const input = buildEvent({ currency: 'XYZ', merchant: '', timestamp: '2026-06-01T13:00:00Z' });

    // Act
    const result = validateEvent(input, { now });

    // Assess
    expect(result.ok === false && result.violations.map((v) => v.field)).toEqual([
      'currency',
      'merchant',
      'timestamp',
    ]);
  });

  it.each([
    ['an array', []],
    ['null', null],
    ['a string', 'event'],
    ['a number', 42],
  ])('rejects %s as a whole with one violation on the body', (_label, input) => {
    // Act
    const result = validateEvent(input, { now });

    // Assess
    expect(result).toEqual({
      ok: false,
      violations: [{ field: '', code: 'INVALID_VALUE', reason: 'must be a JSON object' }],
    });
  });
});
