import { newEventId } from '@fluxa/models';
import type { EventInput } from './generated/types';

/** An event with its `event_id`: what the client sends, and reports when it could not. */
export type IdentifiedEvent = EventInput & { event_id: string };

/**
 * The event with an `event_id`: its own, or a new UUIDv7 (time-ordered) when it has none.
 * The id is fixed before the first attempt, so every retry resends the same id and the
 * service stores the event once, however many attempts reached it. The caller's object is
 * not modified. A value that is not an object is returned as it is (the service refuses it).
 */
export function withEventId(event: EventInput): IdentifiedEvent {
  if (!isJsonObject(event) || event.event_id !== undefined) return event as IdentifiedEvent;
  return { event_id: newEventId(), ...event };
}

/** Whether a value is a JSON object (what an event must be), not an array or null. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
