import { type EventInput, minorUnits, newEventId } from '@fluxa/models';

/**
 * Currencies the samples use, with a rough units-per-USD factor so amounts look
 * plausible; the decimals come from the ISO 4217 table in `@fluxa/models`
 * (JPY 0, KWD and BHD 3, the rest 2).
 */
const currencyFactors: Array<[code: string, perUsd: number, weight: number]> = [
  ['USD', 1, 30],
  ['EUR', 0.92, 25],
  ['GBP', 0.79, 12],
  ['JPY', 150, 8],
  ['CHF', 0.88, 5],
  ['SEK', 10.5, 4],
  ['INR', 83, 5],
  ['BRL', 5, 4],
  ['CAD', 1.36, 4],
  ['KWD', 0.31, 2],
  ['BHD', 0.38, 1],
];

const merchants: Array<[name: string, category: string, typicalUsd: number]> = [
  ['Coffee Corner', 'food', 6],
  ['Bakery Lumière', 'food', 9],
  ['Sushi Ya', 'restaurants', 38],
  ['Grocery Hub', 'groceries', 64],
  ['Metro Transit', 'transport', 3],
  ['Taxi Now', 'transport', 22],
  ['Fuel Station 24', 'fuel', 55],
  ['Book Shop', 'books', 24],
  ['Electro World', 'electronics', 240],
  ['Pharmacy Plus', 'health', 18],
  ['Cinema City', 'entertainment', 15],
  ['Streaming Plus', 'subscriptions', 12],
  ['Hotel Central', 'travel', 180],
  ['Sky Airlines', 'travel', 420],
  ['Bike Rental', 'leisure', 14],
  ['Garden Centre', 'home', 46],
];

const channels = ['web', 'mobile', 'pos', 'pos', 'mobile'];

/** Options of {@link sampleEvents}. */
export interface SampleOptions {
  count: number;
  /** Distinct users the events are spread over. */
  users: number;
  /** User ids are `<userPrefix>-001`, `<userPrefix>-002`, … */
  userPrefix: string;
  /** Timestamps fall within this many days before `now`. */
  days: number;
  now: Date;
  random: () => number;
}

function pick<T>(items: T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

function weighted<T extends [string, number, number]>(items: T[], random: () => number): T {
  const total = items.reduce((sum, item) => sum + item[2], 0);
  let roll = random() * total;
  for (const item of items) {
    roll -= item[2];
    if (roll < 0) return item;
  }
  return items[items.length - 1] as T;
}

/** The id of user number `index` (0-based): `user-001`. */
export function sampleUserId(prefix: string, index: number, users: number): string {
  return `${prefix}-${String(index + 1).padStart(Math.max(3, String(users).length), '0')}`;
}

/** An amount around `typicalUsd` in `currency`, with exactly the currency's minor unit. */
function sampleAmount(typicalUsd: number, perUsd: number, currency: string, random: () => number) {
  const decimals = minorUnits(currency) ?? 2;
  const spread = 0.3 + random() * 1.4;
  const scale = 10 ** decimals;
  const amount = Math.round(typicalUsd * perUsd * spread * scale) / scale;
  return Math.max(amount, 1 / scale);
}

/**
 * Realistic sample events: users with a home currency (some spend abroad), merchants
 * with typical amounts per category, timestamps spread over recent days, metadata with
 * channel and category. Event ids are fresh UUIDv7s, so re-running never collides.
 */
export function sampleEvents(options: SampleOptions): EventInput[] {
  const { random } = options;
  const homeCurrencies = Array.from({ length: options.users }, () =>
    weighted(currencyFactors, random),
  );
  const spanMs = options.days * 24 * 3600 * 1000;
  return Array.from({ length: options.count }, () => {
    const userIndex = Math.floor(random() * options.users);
    const home = homeCurrencies[userIndex] as (typeof currencyFactors)[number];
    const [currency, perUsd] = random() < 0.85 ? home : weighted(currencyFactors, random);
    const [merchant, category, typicalUsd] = pick(merchants, random);
    const timestamp = new Date(options.now.getTime() - Math.floor(random() * spanMs));
    return {
      event_id: newEventId(),
      user_id: sampleUserId(options.userPrefix, userIndex, options.users),
      amount: sampleAmount(typicalUsd, perUsd, currency, random),
      currency,
      merchant,
      timestamp: timestamp.toISOString(),
      metadata: { channel: pick(channels, random), category },
    };
  });
}
