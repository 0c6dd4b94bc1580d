import { validateBatchRequest } from '../src';

describe('validateBatchRequest', () => {
  it('accepts 500 events without validating the items', () => {
    // Prepare
    const body = { events: Array.from({ length: 500 }, (_, index) => ({ anything: index })) };

    // Act
    const result = validateBatchRequest(body);

    // Assess
    expect(result.ok).toBe(true);
  });

  it('rejects an empty batch', () => {
    // Act
    const result = validateBatchRequest({ events: [] });

    // Assess
    expect(result).toEqual({
      ok: false,
      violations: [
        { field: 'events', code: 'INVALID_VALUE', reason: 'must contain at least 1 item' },
      ],
    });
  });

  it('rejects a batch of 501 events', () => {
    // Act
    const result = validateBatchRequest({ events: Array.from({ length: 501 }, () => ({})) });

    // Assess
    expect(result).toEqual({
      ok: false,
      violations: [
        { field: 'events', code: 'INVALID_VALUE', reason: 'must contain at most 500 items' },
      ],
    });
  });

  it.each([
    ['an array', [{}], ''],
    ['an object without events', { items: [] }, 'events'],
    ['events that are not an array', { events: {} }, 'events'],
  ])('rejects a body that is %s', (_label, body, field) => {
    // Act
    const result = validateBatchRequest(body);

    // Assess
    expect(result.ok === false && result.violations.map((v) => v.field)).toContain(field);
  });
});
