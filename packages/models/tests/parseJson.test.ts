import { parseJson, validateEvent } from '../src';
import { now } from './helpers/factories';

function inexactFlag(amountLiteral: string): boolean {
  const parsed = parseJson(`{"amount":${amountLiteral}}`);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) {
    throw new Error('fixture did not parse');
  }
  return parsed.inexact.has(parsed.value, 'amount');
}

describe('parseJson', () => {
  it('returns the parsed value', () => {
    // Act
    const parsed = parseJson('{"a":[1,"two",null]}');

    // Assess
    expect(parsed.ok && parsed.value).toEqual({ a: [1, 'two', null] });
  });

  it.each(['10.5', '10.10', '1e2', '0.1', '100', '1000000000000000', '123456789012345', '1.5e-7'])(
    'treats the amount literal %s as exact',
    (literal) => {
      // Act
      const inexact = inexactFlag(literal);

      // Assess
      expect(inexact).toBe(false);
    },
  );

  it.each(['999999999999999.999', '0.12345678901234567890', '1e400', '1e-400', '9007199254740993'])(
    'marks the amount literal %s as inexact',
    (literal) => {
      // Act
      const inexact = inexactFlag(literal);

      // Assess
      expect(inexact).toBe(true);
    },
  );

  it('marks each batch item on its own', () => {
    // Prepare
    const text = '{"events":[{"amount":1.5},{"amount":999999999999999.999}]}';

    // Act
    const parsed = parseJson(text);

    // Assess
    const events = parsed.ok ? (parsed.value as { events: object[] }).events : [];
    expect(events.map((event) => parsed.ok && parsed.inexact.has(event, 'amount'))).toEqual([
      false,
      true,
    ]);
  });

  it('lets validateEvent reject an inexact amount that would otherwise pass', () => {
    // Prepare
    const text =
      '{"user_id":"u","amount":999999999999999.999,"currency":"USD","merchant":"m","timestamp":"2026-06-01T11:00:00Z"}';
    const parsed = parseJson(text);
    if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) throw new Error();

    // Act
    const result = validateEvent(parsed.value, { now, inexact: parsed.inexact });

    // Assess
    expect(result.ok === false && result.violations.map((v) => v.reason)).toEqual([
      'cannot be represented exactly; use at most 15 significant digits',
    ]);
  });

  it('reports a syntax error with its location and without echoing the body', () => {
    // Act
    const parsed = parseJson('{"password":"hunter2" x}');

    // Assess
    expect(parsed).toEqual({
      ok: false,
      message: 'body is not valid JSON (syntax error at line 1, column 23)',
    });
  });

  it('never echoes the body when the parser message would quote it', () => {
    // Act
    const parsed = parseJson('{"secret":}');

    // Assess
    expect(parsed.ok === false && parsed.message).toBe('body is not valid JSON');
  });

  it('reports an empty body as empty', () => {
    // Act
    const parsed = parseJson('  ');

    // Assess
    expect(parsed).toEqual({ ok: false, message: 'body is empty; expected a JSON document' });
  });
});

describe('parseJson and repeated member names', () => {
  it.each([
    ['{"amount":1,"amount":-5}', 'amount'],
    ['{"metadata":{"a":1,"b":{"x":1},"a":2}}', 'a'],
    ['{"a":1,"\\u0061":2}', 'a'],
    ['{"events":[{"k":1},{"k":2,"k":3}]}', 'k'],
  ])('refuses %s, naming the key', (text, key) => {
    // Act
    const parsed = parseJson(text);

    // Assess
    expect(parsed).toEqual({
      ok: false,
      message: `body has the key "${key}" twice in one object`,
    });
  });

  it.each([
    '{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}',
    '{"a":"{\\"a\\":1,\\"a\\":2}","b":"a,b"}',
    '{"a\\"":1,"a":2}',
  ])('accepts %s: the same name in different objects, or only inside strings', (text) => {
    // Act
    const parsed = parseJson(text);

    // Assess
    expect(parsed.ok).toBe(true);
  });
});
