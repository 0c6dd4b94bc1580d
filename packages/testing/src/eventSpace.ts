import fc from 'fast-check';

/**
 * The event space a client can send, valid and hostile, for property tests. Each generated
 * case carries its own verdict and, when valid, what the stored record must read back as.
 * The verdicts come from how each value was built (an impossible date, a lone surrogate, a
 * literal with more digits than a double holds) — never from the service's own validators,
 * so a test built on them checks those validators against an independent expectation.
 */

/** A JSON value written as literal text: numbers keep the digits a client typed. */
type Literal =
  | { kind: 'number'; text: string; value: number; exact: boolean }
  | { kind: 'string'; value: string }
  | { kind: 'plain'; value: boolean | null }
  | { kind: 'array'; items: Literal[] }
  | { kind: 'object'; members: [string, Literal][] };

/** Where a fresh event id goes in {@link EventCase.body}: the first member, outside any string. */
const idSlot = '%EVENT_ID%';

/** A generated event request. */
export interface EventCase {
  /**
   * The request body (UTF-8 of this text). When the case uses a valid id, the id's place holds
   * a slot that {@link withEventId} fills at send time, so a shrunk re-run never collides.
   */
  body: string;
  /** Whether every rule accepts it. */
  valid: boolean;
  /** The hostile classes this case contains, for a readable counterexample. */
  flaws: string[];
  /** When valid: the stored record's fields as GET /events/{id} must return them. */
  expected?: ExpectedRecord;
}

/** The client-visible fields of a stored record. */
export interface ExpectedRecord {
  /** Absent when the case lets the service generate the id. */
  event_id?: string;
  user_id: string;
  amount: number;
  currency: string;
  merchant: string;
  /** The instant in UTC with six fractional digits. */
  timestamp: string;
  metadata: unknown;
}

/** A generated part of an event and what it breaks, if anything. */
interface Part<T> {
  value: T;
  flaws: string[];
}

const ok = <T>(value: T): Part<T> => ({ value, flaws: [] });
const bad = <T>(value: T, flaw: string): Part<T> => ({ value, flaws: [flaw] });

// ---------------------------------------------------------------------------------- strings

const codePoint = (from: number, to: number) =>
  fc.integer({ min: from, max: to }).map((cp) => String.fromCodePoint(cp));

/** One character of well-formed, storable text: ASCII, the rest of the BMP, astral planes, non-characters. */
const storableChar = fc.oneof(
  { weight: 4, arbitrary: codePoint(0x20, 0x7e) },
  { weight: 2, arbitrary: codePoint(0x80, 0xd7ff) },
  { weight: 1, arbitrary: codePoint(0xe000, 0xfffd) },
  { weight: 2, arbitrary: codePoint(0x10000, 0x10ffff) },
  { weight: 1, arbitrary: fc.constantFrom('\uFFFE', '\uFFFF', '\uFDD0', '\u{1FFFE}', '\t', '\n') },
  { weight: 1, arbitrary: codePoint(0x01, 0x1f) },
);

const storableText = (minLength: number, maxLength: number) =>
  fc.array(storableChar, { minLength, maxLength }).map((chars) => chars.join(''));

/** A string that breaks the text rule, with the way it breaks it. */
const unstorableText = fc.oneof(
  storableText(0, 5).map((s) => bad(`${s}\u0000${s}`, 'NUL in a string')),
  storableText(0, 5).map((s) => bad(`${s}\uD83D${s}`, 'lone high surrogate')),
  storableText(0, 5).map((s) => bad(`\uDE00${s}`, 'lone low surrogate')),
  storableText(1, 3).map((s) => bad(`${s}\uDE00\uD83D`, 'reversed surrogate pair')),
);

/** A generator of one part of an event: values that break no rule, and values that break one. */
interface PartSpace<T> {
  valid: fc.Arbitrary<Part<T>>;
  hostile: fc.Arbitrary<Part<T>>;
}

/** A 1–`max` code-point text field (user_id, merchant). */
function textField(max: number): PartSpace<string> {
  return {
    valid: fc.oneof(
      { weight: 8, arbitrary: storableText(1, 24).map(ok) },
      // At the limit in code points, twice that in UTF-16 units: lengths count code points.
      { weight: 1, arbitrary: fc.constant(ok('🍩'.repeat(max))) },
    ),
    hostile: fc.oneof(
      fc.constant(bad('x'.repeat(max + 1), 'one character too long')),
      fc.constant(bad('', 'empty string')),
      unstorableText,
      unstorableText,
      fc.constant(bad(42 as unknown as string, 'number for a string')),
    ),
  };
}

// ---------------------------------------------------------------------------------- amounts

const currencies: Record<string, number> = { USD: 2, EUR: 2, JPY: 0, KWD: 3, CLF: 4 };

/** A positive decimal literal with `decimals` places and at most 15 significant digits (exact). */
function exactAmount(decimals: number): fc.Arbitrary<string> {
  const maxWhole = 10 ** Math.min(15, 15 - decimals) - 1;
  return fc
    .tuple(fc.integer({ min: 0, max: maxWhole }), fc.integer({ min: 0, max: 10 ** decimals - 1 }))
    .filter(([whole, fraction]) => whole > 0 || fraction > 0)
    .map(([whole, fraction]) =>
      decimals === 0 ? String(whole) : `${whole}.${String(fraction).padStart(decimals, '0')}`,
    );
}

const amountLiteral = (text: string, exact = true): Literal => ({
  kind: 'number',
  text,
  value: Number(text),
  exact,
});

type Money = { currency: unknown; amount: Literal };

/** A currency, and an amount that fits it or breaks one rule. */
const money: PartSpace<Money> = {
  valid: fc
    .constantFrom(...Object.keys(currencies))
    .chain((currency) =>
      exactAmount(currencies[currency] as number).map((t) =>
        ok<Money>({ currency, amount: amountLiteral(t) }),
      ),
    ),
  hostile: fc.constantFrom(...Object.keys(currencies)).chain((currency) => {
    const places = currencies[currency] as number;
    const withAmount = (amount: Literal): Money => ({ currency, amount });
    return fc.oneof(
      fc
        .integer({ min: 1, max: 9 })
        .map((d) =>
          bad(withAmount(amountLiteral(`1.${'0'.repeat(places)}${d}`)), 'too many decimals'),
        ),
      fc.constant(bad(withAmount(amountLiteral('0')), 'zero amount')),
      fc.constant(bad(withAmount(amountLiteral('-5')), 'negative amount')),
      fc.constant(bad(withAmount(amountLiteral('1000000000000001')), 'amount over 1e15')),
      // 19 significant digits, the last non-zero: no double's shortest form has that many. It
      // parses to 1, which every other amount rule accepts: only exactness catches it.
      fc.constant(bad(withAmount(amountLiteral(`1.${'0'.repeat(17)}1`, false)), 'inexact amount')),
      fc.constant(bad(withAmount(amountLiteral('1e400', false)), 'infinite amount')),
      fc
        .constantFrom('usd', 'XXX', 'HRK', 'US')
        .map((code) => bad<Money>({ currency: code, amount: amountLiteral('10') }, 'bad currency')),
    );
  }),
};

// ------------------------------------------------------------------------------- timestamps

const yearOneMs = (() => {
  const date = new Date(0);
  date.setUTCFullYear(1, 0, 1);
  return date.getTime();
})();

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** `YYYY-MM-DDTHH:MM:SS` of a millisecond instant shifted by `offsetMinutes` (years 0–9999). */
function localDateTime(epochMs: number, offsetMinutes: number): string | undefined {
  const local = new Date(epochMs + offsetMinutes * 60_000);
  const year = local.getUTCFullYear();
  if (year < 0 || year > 9999) return undefined;
  return `${pad(year, 4)}-${pad(local.getUTCMonth() + 1, 2)}-${pad(local.getUTCDate(), 2)}T${pad(
    local.getUTCHours(),
    2,
  )}:${pad(local.getUTCMinutes(), 2)}:${pad(local.getUTCSeconds(), 2)}`;
}

function offsetText(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

/** The UTC rendering the service returns: six fractional digits, `Z`. */
function utcText(epochMs: number, micros: number): string {
  const date = new Date(epochMs);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}T${pad(
    date.getUTCHours(),
    2,
  )}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}.${pad(date.getUTCMilliseconds(), 3)}${pad(micros, 3)}Z`;
}

/** A valid timestamp: any instant from year 1 to now, any offset, 0–9 fractional digits. */
const validTimestamp: fc.Arbitrary<Part<{ text: string; utc: string }>> = fc
  .record({
    seconds: fc.integer({ min: yearOneMs / 1000, max: Math.floor(Date.now() / 1000) - 1 }),
    micros: fc.integer({ min: 0, max: 999_999 }),
    offset: fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
    digits: fc.integer({ min: 0, max: 9 }),
    utcSuffix: fc.constantFrom('Z', 'z', '+00:00', '-00:00'),
  })
  .map(({ seconds, micros, offset, digits, utcSuffix }) => {
    // Fewer than six digits written: the microseconds they cannot show are zero.
    const unit = 10 ** Math.max(0, 6 - digits);
    const kept = Math.floor(micros / unit) * unit;
    const fraction = `${pad(kept, 6)}000`.slice(0, digits);
    const usedOffset = localDateTime(seconds * 1000, offset) === undefined ? 0 : offset;
    const zone = usedOffset === 0 ? utcSuffix : offsetText(usedOffset);
    const text = `${localDateTime(seconds * 1000, usedOffset)}${digits > 0 ? `.${fraction}` : ''}${zone}`;
    const utc = utcText(seconds * 1000 + Math.floor(kept / 1000), kept % 1000);
    return ok({ text, utc });
  });

/** A timestamp that breaks one rule, and which. */
const invalidTimestamp: fc.Arbitrary<Part<{ text: string; utc: string }>> = fc.oneof(
  fc
    .constantFrom('2026-02-30', '2025-02-29', '2026-04-31', '2100-02-29')
    .map((d) => bad({ text: `${d}T10:00:00Z`, utc: '' }, 'impossible date')),
  fc
    .constantFrom('24:00:00', '23:59:60', '12:60:00')
    .map((t) => bad({ text: `2026-01-01T${t}Z`, utc: '' }, 'impossible time')),
  fc
    .constantFrom('0000-06-01T00:00:00Z', '0001-01-01T00:30:00+01:00', '9999-12-31T23:30:00-01:00')
    .map((text) => bad({ text, utc: '' }, 'instant out of range')),
  fc
    .integer({ min: 1, max: 9 })
    .map((d) =>
      bad({ text: `2026-01-01T10:00:00.123456${d}Z`, utc: '' }, 'sub-microsecond precision'),
    ),
  fc.constant(
    bad({ text: `2025-12-31T23:59:59.${'0'.repeat(199)}1Z`, utc: '' }, '200 fractional digits'),
  ),
  fc
    .constantFrom(
      '2026-01-01T10:00:00',
      '2026-01-01 10:00:00Z',
      '2026-01-01T10:00:00+0100',
      'yesterday',
    )
    .map((text) => bad({ text, utc: '' }, 'not RFC 3339')),
  fc.constant(
    bad({ text: new Date(Date.now() + 3_600_000).toISOString(), utc: '' }, 'an hour in the future'),
  ),
);

/** A timestamp case for property tests: its text, whether it is valid, and its UTC instant. */
export const timestampCase: fc.Arbitrary<{
  text: string;
  valid: boolean;
  utc: string;
  flaws: string[];
}> = fc
  .oneof(validTimestamp, invalidTimestamp)
  .map(({ value, flaws }) => ({ ...value, valid: flaws.length === 0, flaws }));

const timestamp: PartSpace<{ text: string; utc: string }> = {
  valid: validTimestamp,
  hostile: invalidTimestamp,
};

/** An exact number literal (what JSON.stringify writes for a finite double is always exact). */
const exactNumber = fc
  .double({ noNaN: true, noDefaultInfinity: true })
  .map((n): Literal => ({ kind: 'number', text: JSON.stringify(n), value: n, exact: true }));

const hostileNumber = fc.constantFrom(
  { text: '12345678901234567890', flaw: 'integer beyond 2^53' },
  { text: '1e400', flaw: 'overflows to Infinity' },
  { text: '-1e400', flaw: 'overflows to -Infinity' },
  { text: '1e-400', flaw: 'underflows to 0' },
  { text: '0.1000000000000000055511151231257827', flaw: 'more digits than a double holds' },
);

/** A metadata value tree of bounded depth that breaks no rule. */
function metadataValue(depth: number): fc.Arbitrary<Literal> {
  const leaf = fc.oneof(
    storableText(0, 12).map((value): Literal => ({ kind: 'string', value })),
    exactNumber,
    fc
      .constantFrom<boolean | null>(true, false, null)
      .map((value): Literal => ({ kind: 'plain', value })),
  );
  if (depth <= 1) return leaf;
  const child = metadataValue(depth - 1);
  return fc.oneof(
    { weight: 6, arbitrary: leaf },
    {
      weight: 2,
      arbitrary: fc
        .array(child, { maxLength: 4 })
        .map((items): Literal => ({ kind: 'array', items })),
    },
    { weight: 2, arbitrary: objectOf(child, 0, 4) },
  );
}

/** A storable object key, `__proto__` among them. */
const metadataKey = fc.oneof(
  { weight: 8, arbitrary: storableText(1, 10) },
  { weight: 1, arbitrary: fc.constant('__proto__') },
);

/** An object literal of `min`–`max` members with storable keys. */
function objectOf(child: fc.Arbitrary<Literal>, min: number, max: number): fc.Arbitrary<Literal> {
  return fc
    .uniqueArray(fc.tuple(metadataKey, child), {
      minLength: min,
      maxLength: max,
      selector: ([k]) => k,
    })
    .map((members): Literal => ({ kind: 'object', members }));
}

/** A value that breaks one metadata rule, possibly nested inside arrays. */
const badMetadataValue: fc.Arbitrary<Part<Literal>> = fc
  .tuple(
    fc.oneof(
      unstorableText.map((p) => ({
        value: { kind: 'string', value: p.value } as Literal,
        flaws: p.flaws,
      })),
      hostileNumber.map((h) =>
        bad<Literal>({ kind: 'number', text: h.text, value: Number(h.text), exact: false }, h.flaw),
      ),
    ),
    fc.integer({ min: 0, max: 2 }),
  )
  .map(([leaf, wraps]) => ({ ...leaf, value: wrapInArrays(leaf.value, wraps) }));

function wrapInArrays(value: Literal, times: number): Literal {
  let wrapped = value;
  for (let i = 0; i < times; i += 1) wrapped = { kind: 'array', items: [wrapped] };
  return wrapped;
}

/** A storable metadata object with one member that breaks a rule (its key or its value). */
const metadataWithOneBadMember: fc.Arbitrary<Part<Literal | undefined>> = fc
  .tuple(
    objectOf(metadataValue(3), 0, 9),
    fc.oneof(
      fc.tuple(metadataKey.map(ok), badMetadataValue),
      fc.tuple(
        unstorableText.map((p) => ({ value: p.value, flaws: p.flaws.map((f) => `${f} in a key`) })),
        metadataValue(2).map(ok),
      ),
    ),
  )
  .map(([object, [key, value]]) => {
    const members = object.kind === 'object' ? object.members.filter(([k]) => k !== key.value) : [];
    return {
      value: { kind: 'object', members: [...members, [key.value, value.value]] } as Literal,
      flaws: [...key.flaws, ...value.flaws],
    };
  });

/** `levels` nested arrays around a value: metadata.deep = [[[…]]]. */
function nested(levels: number): Literal {
  let value: Literal = { kind: 'string', value: 'bottom' };
  for (let i = 0; i < levels; i += 1) value = { kind: 'array', items: [value] };
  return value;
}

const metadata: PartSpace<Literal | undefined> = {
  valid: fc.oneof(
    { weight: 2, arbitrary: fc.constant(ok<Literal | undefined>(undefined)) },
    { weight: 6, arbitrary: objectOf(metadataValue(3), 0, 10).map(ok<Literal | undefined>) },
    // The metadata object is level 1: 31 nested arrays inside it is the deepest allowed.
    {
      weight: 1,
      arbitrary: fc.constant(
        ok<Literal | undefined>({ kind: 'object', members: [['deep', nested(31)]] }),
      ),
    },
  ),
  hostile: fc.oneof(
    { weight: 4, arbitrary: metadataWithOneBadMember },
    {
      weight: 1,
      arbitrary: objectOf(metadataValue(1), 11, 12).map((value) =>
        bad<Literal | undefined>(value, 'eleven keys'),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constant(
        bad<Literal | undefined>(
          { kind: 'object', members: [['deep', nested(32)]] },
          'nested 33 levels',
        ),
      ),
    },
  ),
};

// ------------------------------------------------------------------------------------ events

/** Serialises a literal tree as JSON text, numbers as their literal digits. */
function literalJson(literal: Literal): string {
  switch (literal.kind) {
    case 'number':
      return literal.text;
    case 'string':
      return JSON.stringify(literal.value);
    case 'plain':
      return JSON.stringify(literal.value);
    case 'array':
      return `[${literal.items.map(literalJson).join(',')}]`;
    case 'object':
      return `{${literal.members.map(([k, v]) => `${JSON.stringify(k)}:${literalJson(v)}`).join(',')}}`;
  }
}

/** The value a literal reads back as after a JSON round trip (-0 reads back as 0). */
function readBack(literal: Literal): unknown {
  switch (literal.kind) {
    case 'number':
      return literal.value === 0 ? 0 : literal.value;
    case 'string':
    case 'plain':
      return literal.value;
    case 'array':
      return literal.items.map(readBack);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of literal.members)
        Object.defineProperty(out, k, {
          value: readBack(v),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return out;
    }
  }
}

/** An event id: a valid one (filled in at send time), absent, or breaking the id rule. */
const eventId: PartSpace<string | undefined> = {
  valid: fc.oneof(
    { weight: 8, arbitrary: fc.constant(ok<string | undefined>(idSlot)) },
    { weight: 1, arbitrary: fc.constant(ok<string | undefined>(undefined)) },
  ),
  hostile: fc
    .constantFrom('has space', '-leading-dash', 'x'.repeat(129), 'émoji-🍩', 'nul\u0000id')
    .map((id) => bad<string | undefined>(id, 'invalid event_id')),
};

const extraField: PartSpace<string | undefined> = {
  valid: fc.constant(ok<string | undefined>(undefined)),
  hostile: fc
    .constantFrom('colour', 'Amount', 'event_id ')
    .map((k) => bad<string | undefined>(k, 'unknown field')),
};

const parts = {
  id: eventId,
  user: textField(255),
  merchant: textField(255),
  money,
  timestamp,
  metadata,
  extra: extraField,
};

type PartName = keyof typeof parts;
type PartValues = {
  [Name in PartName]: (typeof parts)[Name] extends PartSpace<infer T> ? Part<T> : never;
};

/** Every part valid except those named, which are hostile. */
function withHostile(names: PartName[]): fc.Arbitrary<PartValues> {
  const pick = <Name extends PartName>(name: Name) =>
    (names.includes(name) ? parts[name].hostile : parts[name].valid) as fc.Arbitrary<
      PartValues[Name]
    >;
  return fc.record({
    id: pick('id'),
    user: pick('user'),
    merchant: pick('merchant'),
    money: pick('money'),
    timestamp: pick('timestamp'),
    metadata: pick('metadata'),
    extra: pick('extra'),
  });
}

function toCase({
  id,
  user,
  merchant,
  money: m,
  timestamp: ts,
  metadata: meta,
  extra,
}: PartValues): EventCase {
  const members: string[] = [];
  if (id.value === idSlot) members.push(`"event_id":${idSlot}`);
  else if (id.value !== undefined) members.push(`"event_id":${JSON.stringify(id.value)}`);
  members.push(`"user_id":${JSON.stringify(user.value)}`);
  members.push(`"amount":${literalJson(m.value.amount)}`);
  members.push(`"currency":${JSON.stringify(m.value.currency)}`);
  members.push(`"merchant":${JSON.stringify(merchant.value)}`);
  members.push(`"timestamp":${JSON.stringify(ts.value.text)}`);
  if (meta.value !== undefined) members.push(`"metadata":${literalJson(meta.value)}`);
  if (extra.value !== undefined) members.push(`${JSON.stringify(extra.value)}:1`);
  const flaws = [id, user, merchant, m, ts, meta, extra].flatMap((part) => part.flaws);
  const valid = flaws.length === 0;
  const expected: ExpectedRecord | undefined = valid
    ? {
        ...(id.value === idSlot ? { event_id: idSlot } : {}),
        user_id: user.value,
        amount: m.value.amount.kind === 'number' ? m.value.amount.value : Number.NaN,
        currency: String(m.value.currency),
        merchant: merchant.value,
        timestamp: ts.value.utc,
        metadata: meta.value === undefined ? null : readBack(meta.value),
      }
    : undefined;
  return { body: `{${members.join(',')}}`, valid, flaws, ...(expected ? { expected } : {}) };
}

const partNames = Object.keys(parts) as PartName[];

/**
 * One generated event request with its verdict and expected record: half of them break no
 * rule, a third break exactly one (any part), the rest break several.
 */
export const eventCase: fc.Arbitrary<EventCase> = fc
  .oneof(
    { weight: 3, arbitrary: fc.constant<PartName[]>([]) },
    { weight: 2, arbitrary: fc.constantFrom(...partNames).map((name) => [name]) },
    { weight: 1, arbitrary: fc.subarray(partNames, { minLength: 2 }) },
  )
  .chain(withHostile)
  .map(toCase);

let sequence = 0;

/** A fresh valid event id, unique in this process. */
export function freshEventId(prefix = 'prop'): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${sequence}`;
}

/** The case's body and expectation with a fresh event id in its slot (if it has one). */
export function withEventId(eventCase: EventCase, id = freshEventId()): EventCase {
  if (!eventCase.body.includes(idSlot)) return eventCase;
  return {
    ...eventCase,
    body: eventCase.body.replace(idSlot, JSON.stringify(id)),
    ...(eventCase.expected ? { expected: { ...eventCase.expected, event_id: id } } : {}),
  };
}
