import type { TestEvent } from '@fluxa/testing';

/** `fluxa send` with the flags that describe `event`: every field of it, none made up. */
export function sendArgs(event: TestEvent): string[] {
  return [
    'send',
    '--event-id',
    event.event_id,
    '--user',
    event.user_id,
    '--amount',
    String(event.amount),
    '--currency',
    event.currency,
    '--merchant',
    event.merchant,
    '--timestamp',
    event.timestamp,
    ...(event.metadata === undefined ? [] : ['--metadata', JSON.stringify(event.metadata)]),
  ];
}
