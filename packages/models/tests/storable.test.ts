import fc from 'fast-check';
import { canonicalJson, parseJson, validateEvent, validateListQuery } from '../src';
import { maxViolations } from '../src/violations';
import { buildEvent, now } from './helpers/factories';

const runs = Number(process.env.FLUXA_PROPERTY_RUNS ?? 500);

/** The text rule, written with built-ins: well-formed UTF-16 and no U+0000. */
const storable = (text: string) => text.isWellFormed() && !text.includes('\u0000');

/** Strings from every class: any code point, lone surrogates, U+0000, non-characters. */
const anyText = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF') },
    { weight: 1, arbitrary: fc.constantFrom('\uFFFE', '\uFFFF', '\u{10FFFF}', '🍩') },
  ),
  maxLength: 12,
});

/** Validates an event given as JSON text, as ingest does (so literals keep their digits). */
function validateText(text: string) {
  const parsed = parseJson(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return validateEvent(parsed.value, { now, inexact: parsed.inexact });
}

const fieldsOf = (result: ReturnType<typeof validateEvent>) =>
  result.ok ? [] : result.violations.map((v) => `${v.field}: ${v.reason}`);

describe('storable text', () => {
  it('accepts a user_id or merchant exactly when it is well-formed, has no NUL and 1–255 code points', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom('user_id', 'merchant'), (text, field) => {
        // Act
        const result = validateEvent(buildEvent({ [field]: text }), { now });

        // Assess
        const codePoints = [...text].length;
        expect(result.ok).toBe(storable(text) && codePoints >= 1 && codePoints <= 255);
      }),
      { numRuns: runs },
    );
  });

  it('holds metadata keys and nested string values to the same rule', () => {
    fc.assert(
      fc.property(anyText, fc.boolean(), (text, asKey) => {
        // Prepare
        const metadata = asKey ? { [text]: 1 } : { list: [{ value: text }] };

        // Act
        const result = validateEvent(buildEvent({ metadata }), { now });

        // Assess
        expect(result.ok).toBe(storable(text));
      }),
      { numRuns: runs },
    );
  });

  it('counts 255 emoji as 255 characters (510 UTF-16 units) and 256 as too many', () => {
    // Act
    const at = validateEvent(buildEvent({ merchant: '🍩'.repeat(255) }), { now });
    const over = validateEvent(buildEvent({ merchant: '🍩'.repeat(256) }), { now });

    // Assess
    expect(at.ok).toBe(true);
    expect(fieldsOf(over)).toEqual(['merchant: must be at most 255 characters long']);
  });
});

describe('storable metadata numbers', () => {
  it.each([
    ['12345678901234567890', 'cannot be stored exactly as a number; send it as a string'],
    ['9007199254740993', 'cannot be stored exactly as a number; send it as a string'],
    [
      '0.1000000000000000055511151231257827',
      'cannot be stored exactly as a number; send it as a string',
    ],
    ['1e-400', 'cannot be stored exactly as a number; send it as a string'],
    ['1e400', 'must be a finite number'],
    ['-1e400', 'must be a finite number'],
  ])('rejects %s naming the field', (literal, reason) => {
    // Act
    const result = validateText(
      `{"user_id":"u","amount":1,"currency":"USD","merchant":"m","timestamp":"2026-01-01T00:00:00Z","metadata":{"a":{"b":[${literal}]}}}`,
    );

    // Assess
    expect(fieldsOf(result)).toEqual([`metadata.a.b.0: ${reason}`]);
  });

  it.each(['9007199254740992', '1e2', '0.1', '-0', '5e-324', '1.7976931348623157e308'])(
    'accepts the exact literal %s',
    (literal) => {
      // Act
      const result = validateText(
        `{"user_id":"u","amount":1,"currency":"USD","merchant":"m","timestamp":"2026-01-01T00:00:00Z","metadata":{"n":${literal}}}`,
      );

      // Assess
      expect(fieldsOf(result)).toEqual(
        literal.startsWith('9007199254740993')
          ? ['metadata.n: cannot be stored exactly as a number; send it as a string']
          : [],
      );
    },
  );
});

describe('metadata shape', () => {
  const nested = (levels: number): unknown => (levels === 0 ? 'bottom' : [nested(levels - 1)]);

  it('accepts 32 levels of nesting (the metadata object included) and rejects 33', () => {
    // Act
    const deepest = validateEvent(buildEvent({ metadata: { deep: nested(31) } }), { now });
    const deeper = validateEvent(buildEvent({ metadata: { deep: nested(32) } }), { now });

    // Assess
    expect(deepest.ok).toBe(true);
    expect(fieldsOf(deeper)).toEqual([
      `metadata${'.deep'}${'.0'.repeat(31)}: must not nest deeper than 32 levels`,
    ]);
  });
});

describe('error bodies stay bounded', () => {
  it('cuts an echoed field name at 200 characters', () => {
    // Act
    const result = validateEvent(buildEvent({ ['k'.repeat(10_000)]: 1 }), { now });

    // Assess
    const [violation] = result.ok ? [] : result.violations;
    expect(violation?.field).toBe(`${'k'.repeat(200)}…`);
  });

  it(`lists at most ${maxViolations} violations`, () => {
    // Prepare
    const extra = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`extra${i}`, i]));

    // Act
    const result = validateEvent(buildEvent(extra), { now });

    // Assess
    expect(result.ok === false && result.violations.length).toBe(maxViolations);
  });
});

describe('canonical JSON', () => {
  const sqsCharacters = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

  it('is made only of characters SQS carries, and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), anyText, (value, text) => {
        // Prepare
        const input = { value, text: storable(text) ? text : 'x', [text]: 1 };

        // Act
        const json = canonicalJson(input);

        // Assess
        expect(json).toMatch(sqsCharacters);
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(input)));
      }),
      { numRuns: runs },
    );
  });
});

describe('list query', () => {
  const violationsOf = (query: Record<string, string>) => {
    const result = validateListQuery(query);
    return result.ok ? [] : result.violations.map((v) => `${v.field}: ${v.reason}`);
  };

  it.each([
    [
      { user_id: 'a\u0000b' },
      'user_id: must be well-formed Unicode without U+0000 (no unpaired surrogates)',
    ],
    [
      { user_id: '\uD800' },
      'user_id: must be well-formed Unicode without U+0000 (no unpaired surrogates)',
    ],
    [{ user_id: 'x'.repeat(256) }, 'user_id: must be at most 255 characters long'],
    [
      { user_id: 'u', from: '0000-01-01T00:00:00Z' },
      'from: must lie between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z',
    ],
    [
      { user_id: 'u', to: '2026-02-30T00:00:00Z' },
      'to: must be a real calendar date and time (no 24:00, no leap second)',
    ],
    [
      { user_id: 'u', to: '2026-01-01T00:00:00.0000001Z' },
      'to: must have at most 6 fractional digits (microsecond precision)',
    ],
    [{ user_id: 'u', limit: 'abc' }, 'limit: must be an integer'],
    [{ user_id: 'u', limit: '0' }, 'limit: must be greater than or equal to 1'],
    [{ user_id: 'u', limit: '1e2' }, 'limit: must be an integer'],
    [{ user_id: 'u', limit: '99999999999999999999' }, 'limit: must be an integer'],
    [{ user_id: 'u', cursor: 'not a cursor!' }, 'cursor: must match ^[A-Za-z0-9_-]+$'],
    [{ user_id: 'u', colour: 'red' }, 'colour: is not a known field'],
    [
      { user_id: 'u', correlation_id: 'c' },
      'correlation_id: give at most one of user_id or correlation_id',
    ],
  ])('rejects %p', (query, violation) => {
    // Act
    const violations = violationsOf(query);

    // Assess
    expect(violations).toContain(violation);
  });

  it('passes the bounds on as the UTC instants stored', () => {
    // Act
    const result = validateListQuery({
      user_id: '🍩',
      from: '2026-01-01T01:00:00+01:00',
      to: '2026-01-02T00:00:00.5Z',
      limit: '20',
    });

    // Assess
    expect(result).toEqual({
      ok: true,
      value: {
        owner: { user_id: '🍩' },
        from: '2026-01-01T00:00:00.000000Z',
        to: '2026-01-02T00:00:00.500000Z',
        limit: 20,
      },
    });
  });
});
