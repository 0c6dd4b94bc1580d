import { isValidTraceparent, validateReplayRequest } from '../src';

describe('validateReplayRequest', () => {
  it('accepts a window of exactly 31 days and gives its bounds as UTC instants', () => {
    // Act
    const checked = validateReplayRequest({
      stored_after: '2026-01-01T01:00:00+01:00',
      stored_before: '2026-02-01T00:00:00Z',
      user_id: 'u-1',
    });

    // Assess
    expect(checked).toMatchObject({
      ok: true,
      value: {
        user_id: 'u-1',
        window: { after: '2026-01-01T00:00:00.000000Z', before: '2026-02-01T00:00:00.000000Z' },
      },
    });
  });

  it.each([
    ['longer than 31 days', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00.001Z', /at most 31 days/],
    ['empty', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', /later than stored_after/],
    ['backwards', '2026-01-02T00:00:00Z', '2026-01-01T00:00:00Z', /later than stored_after/],
    ['an impossible date', '2026-02-30T00:00:00Z', '2026-03-01T00:00:00Z', /./],
  ])('refuses a window that is %s, naming the field', (_what, after, before, reason) => {
    // Act
    const checked = validateReplayRequest({ stored_after: after, stored_before: before });

    // Assess
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.violations[0]?.reason).toMatch(reason);
  });

  it('refuses unknown fields and missing bounds, all at once', () => {
    // Act
    const checked = validateReplayRequest({ stored_after: '2026-01-01T00:00:00Z', tenant: 'x' });

    // Assess
    expect(checked.ok).toBe(false);
    if (!checked.ok)
      expect(checked.violations.map((v) => v.field).sort()).toEqual(['stored_before', 'tenant']);
  });
});

describe('isValidTraceparent', () => {
  it.each([
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', true],
    ['00-00000000000000000000000000000000-00f067aa0ba902b7-01', false],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01', false],
    ['00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01', false],
    ['ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', false],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra', false],
  ])('reads %s as %s', (value, valid) => {
    expect(isValidTraceparent(value)).toBe(valid);
  });
});
