import { isValidEventId, newEventId } from '../src';

const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newEventId', () => {
  it('returns a UUID with version 7 and the RFC 9562 variant', () => {
    // Act
    const id = newEventId();

    // Assess
    expect(id).toMatch(uuidV7);
  });

  it('encodes the current Unix time in milliseconds in the first 48 bits', () => {
    // Prepare
    const before = Date.now();

    // Act
    const id = newEventId();

    // Assess
    const millis = Number.parseInt(id.replace('-', '').slice(0, 12), 16);
    expect(millis).toBeGreaterThanOrEqual(before);
    expect(millis).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('returns strictly increasing ids, even many within one millisecond', () => {
    // Act
    const ids = Array.from({ length: 10_000 }, () => newEventId());

    // Assess
    expect(ids.every((id, index) => index === 0 || id > (ids[index - 1] ?? ''))).toBe(true);
  });

  it('returns ids that are valid event ids', () => {
    // Act
    const id = newEventId();

    // Assess
    expect(isValidEventId(id)).toBe(true);
  });
});

describe('isValidEventId', () => {
  it.each(['a', '0', 'evt:2026.01_x-y', 'x'.repeat(128)])('accepts %p', (id) => {
    // Act
    const valid = isValidEventId(id);

    // Assess
    expect(valid).toBe(true);
  });

  it.each(['', 'x'.repeat(129), '.leading-dot', 'has space', '../etc/passwd', "1' OR '1'='1", 'é'])(
    'rejects %p',
    (id) => {
      // Act
      const valid = isValidEventId(id);

      // Assess
      expect(valid).toBe(false);
    },
  );
});
