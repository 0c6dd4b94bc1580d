import { decimalPlaces, minorUnits, validateEvent } from '@fluxa/models';
import { sampleEvents, seededRandom } from '../src';

const options = (seed: number, count = 500) => ({
  count,
  users: 8,
  userPrefix: 'user',
  days: 30,
  now: new Date('2026-11-23T12:00:00Z'),
  random: seededRandom(seed),
});

describe('sample events', () => {
  it('are all valid events, with amounts in their currency’s minor unit', () => {
    // Act
    const events = sampleEvents(options(7));

    // Assess
    for (const event of events) {
      expect(validateEvent(event, { now: new Date('2026-11-23T12:00:00Z') })).toEqual({
        ok: true,
        event,
      });
      expect(decimalPlaces(event.amount)).toBeLessThanOrEqual(minorUnits(event.currency) ?? -1);
    }
  });

  it('spread over several users, currencies (including 0- and 3-decimal ones) and merchants', () => {
    // Act
    const events = sampleEvents(options(11, 2000));

    // Assess
    const users = new Set(events.map((event) => event.user_id));
    const currencies = new Set(events.map((event) => event.currency));
    const merchants = new Set(events.map((event) => event.merchant));
    expect(users.size).toBe(8);
    expect([...users].sort()[0]).toBe('user-001');
    expect(currencies.has('JPY') && currencies.has('KWD') && currencies.size >= 6).toBe(true);
    expect(merchants.size).toBeGreaterThanOrEqual(10);
  });

  it('are reproducible from a seed, except for the event ids', () => {
    // Act
    const first = sampleEvents(options(3, 20));
    const second = sampleEvents(options(3, 20));

    // Assess
    const strip = ({ event_id: _id, ...rest }: { event_id?: string }) => rest;
    expect(first.map(strip)).toEqual(second.map(strip));
    expect(new Set([...first, ...second].map((event) => event.event_id)).size).toBe(40);
  });
});
