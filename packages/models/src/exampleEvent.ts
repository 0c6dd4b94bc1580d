import type { EventInput } from './eventSchema';

/**
 * One valid event, the example of every place that shows or sends one: the OpenAPI document,
 * `fluxa verify` and the local end-to-end harness (which give it ids of their own). Frozen:
 * a user spreads it into a new object to change a field.
 */
export const exampleEvent: Readonly<EventInput & { event_id: string }> = Object.freeze({
  event_id: 'pay-0001',
  user_id: 'u-42',
  amount: 19.99,
  currency: 'USD',
  merchant: 'Coffee Corner',
  timestamp: '2026-11-23T10:00:00Z',
  metadata: Object.freeze({ channel: 'web' }),
});
