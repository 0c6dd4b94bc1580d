import { PermanentError, type Violation } from '@fluxa/models';

/** The payload's SHA-256 is not the one the envelope carries: tampered or corrupted. */
export class HashMismatchError extends PermanentError {
  constructor(expected: string, actual: string) {
    super('HASH_MISMATCH', `payload sha256 ${actual} does not match envelope ${expected}`);
    this.name = 'HashMismatchError';
  }
}

/** The payload is not a valid event (or not the event the envelope names). */
export class InvalidPayloadError extends PermanentError {
  constructor(
    reason: string,
    readonly violations: Violation[] = [],
  ) {
    super('INVALID_PAYLOAD', reason);
    this.name = 'InvalidPayloadError';
  }
}

/** The event_id is stored with a different payload: the first one wins. */
export class EventIdConflictError extends PermanentError {
  constructor(eventId: string) {
    super('EVENT_ID_CONFLICT', `event_id ${eventId} is already stored with a different payload`);
    this.name = 'EventIdConflictError';
  }
}
