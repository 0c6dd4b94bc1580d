import { canonicalizeEvent, canonicalJson, type EventInput } from '../src';

const event: EventInput = {
  user_id: 'user-42',
  amount: 10.5,
  currency: 'USD',
  merchant: 'Corner Coffee',
  timestamp: '2026-06-01T11:59:00Z',
  metadata: { b: [{ y: 1, x: 2 }], a: { d: true, c: null } },
};

describe('canonicalJson', () => {
  it('sorts keys recursively, inside arrays too, with no whitespace', () => {
    // Act
    const json = canonicalJson({ b: 1, a: [{ z: 0, y: { q: 1, p: 2 } }] });

    // Assess
    expect(json).toBe('{"a":[{"y":{"p":2,"q":1},"z":0}],"b":1}');
  });

  it('sorts integer-like keys as strings, not in JavaScript property order', () => {
    // Act
    const json = canonicalJson({ b: 1, 10: 2, 9: 3 });

    // Assess
    expect(json).toBe('{"10":2,"9":3,"b":1}');
  });

  it('omits undefined members as JSON.stringify does', () => {
    // Act
    const json = canonicalJson({ a: undefined, b: [undefined] });

    // Assess
    expect(json).toBe('{"b":[null]}');
  });

  it('refuses a non-finite number instead of altering it', () => {
    // Act
    const serialize = () => canonicalJson({ amount: Number.NaN });

    // Assess
    expect(serialize).toThrow(TypeError);
  });
});

describe('canonicalizeEvent', () => {
  it('includes the resolved event_id', () => {
    // Act
    const { event: canonical, json } = canonicalizeEvent(event, 'evt-1');

    // Assess
    expect(canonical.event_id).toBe('evt-1');
    expect(JSON.parse(json)).toEqual({ ...event, event_id: 'evt-1' });
  });

  it('gives byte-identical json for the same event in another key order', () => {
    // Prepare
    const reordered: EventInput = {
      metadata: { a: { c: null, d: true }, b: [{ x: 2, y: 1 }] },
      timestamp: event.timestamp,
      merchant: event.merchant,
      currency: event.currency,
      amount: event.amount,
      user_id: event.user_id,
    };

    // Act
    const first = canonicalizeEvent(event, 'evt-1').json;
    const second = canonicalizeEvent(reordered, 'evt-1').json;

    // Assess
    expect(second).toBe(first);
  });

  it('replaces an event_id carried by the event with the resolved one', () => {
    // Act
    const { json } = canonicalizeEvent({ ...event, event_id: 'client-id' }, 'client-id-2');

    // Assess
    expect(JSON.parse(json).event_id).toBe('client-id-2');
  });

  it('refuses an invalid event id', () => {
    // Act
    const canonicalize = () => canonicalizeEvent(event, 'bad id');

    // Assess
    expect(canonicalize).toThrow(RangeError);
  });
});
