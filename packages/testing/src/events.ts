import { authorizerContext, type EventInput, type PersistedEvent, type Scope } from '@fluxa/models';
import { freshEventId } from './eventSpace';

/** A valid event with its id. */
export type TestEvent = EventInput & { event_id: string };

/**
 * A valid event as a client sends it — a fresh id, a timestamp a minute ago, USD — with any
 * field replaced. The one valid-event factory of the tests.
 */
export function aValidEvent(overrides: Partial<EventInput> = {}): TestEvent {
  return {
    event_id: freshEventId('evt'),
    user_id: 'user-1',
    amount: 12.34,
    currency: 'USD',
    merchant: 'Coffee Corner',
    timestamp: new Date(Date.now() - 60_000).toISOString(),
    metadata: { channel: 'web' },
    ...overrides,
  } as TestEvent;
}

/** A persisted row (what the processor inserts) for tests that seed the database directly. */
export function aPersistedEvent(overrides: Partial<PersistedEvent> = {}): PersistedEvent {
  const id = freshEventId('row');
  return {
    tenant_id: 'default',
    event_id: id,
    correlation_id: 'corr-1',
    user_id: 'user-1',
    amount: 10.5,
    currency: 'USD',
    merchant: 'Shop',
    timestamp: '2026-01-01T00:00:00.000000Z',
    metadata: null,
    payload_mode: 'INLINE',
    payload_sha256: 'a'.repeat(64),
    received_at: '2026-01-01T00:00:00.000000Z',
    ...overrides,
  };
}

/**
 * The authorizer context API Gateway would hand a function for a key of this tenant with
 * these scopes (what `apiGatewayEvent({ authorizer })` takes).
 */
export function asCaller(
  tenantId = 'default',
  scopes: Scope[] = ['write', 'read'],
): Record<string, string> {
  return authorizerContext({ client: `test-${tenantId}`, tenant_id: tenantId, scopes });
}
