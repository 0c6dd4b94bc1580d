import type { Conflict, EventKey, FailureRecord } from '@fluxa/db';
import {
  type DeadLetterCode,
  defaultTenant,
  isValidEventId,
  isValidTenantId,
  type PersistedEvent,
  type RetryCode,
  sqsSafeText,
} from '@fluxa/models';
import type { QueueMessage } from '@fluxa/queue';
import type { SQSRecord } from 'aws-lambda';

/** A record whose payload was fetched, verified and validated: the row it becomes. */
export interface DecodedRecord {
  record: SQSRecord;
  event: PersistedEvent;
}

/** A record given up for good: it goes to the DLQ with this code and reason. */
export interface DeadRecord {
  record: SQSRecord;
  code: DeadLetterCode;
  reason: string;
  /** The tenant, event id and hash it claims, when readable (for its idempotency key). */
  key?: EventKey;
  sha256?: string;
  /** For EVENT_ID_CONFLICT: the refused resend, counted on the stored event. */
  conflict?: Conflict;
}

/** A record handed back to SQS for another try, and why. */
export interface RetryRecord {
  record: SQSRecord;
  code: RetryCode;
  /** What went wrong, for the log and, on the last receive, the dead letter. */
  error?: unknown;
}

/** How many times SQS has delivered this record (1 on the first delivery). */
export function receiveCount(record: SQSRecord): number {
  const count = Number(record.attributes?.ApproximateReceiveCount);
  return Number.isInteger(count) && count > 0 ? count : 1;
}

/** The message as it arrived, kept to send to the DLQ unchanged. */
export function originalMessage(record: SQSRecord): QueueMessage {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.messageAttributes ?? {})) {
    if (value.stringValue !== undefined) attributes[name] = value.stringValue;
  }
  return { body: record.body, attributes };
}

/**
 * The key and hash an undecodable envelope claims, when they are well-formed enough to key
 * an idempotency row: a hostile envelope's ids never reach the database unchecked.
 */
export function claimedIdentity(record: SQSRecord): { key?: EventKey; sha256?: string } {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    return {};
  }
  if (typeof body !== 'object' || body === null) return {};
  const { tenant_id = defaultTenant, event_id, payload_sha256 } = body as Record<string, unknown>;
  if (typeof event_id !== 'string' || !isValidEventId(event_id)) return {};
  if (typeof tenant_id !== 'string' || !isValidTenantId(tenant_id)) return {};
  const sha256 =
    typeof payload_sha256 === 'string' && /^[0-9a-f]{64}$/.test(payload_sha256)
      ? { sha256: payload_sha256 }
      : {};
  return { key: { tenant_id, event_id }, ...sha256 };
}

/**
 * The tenant a record belongs to, for its metrics: the `tenant_id` message attribute ingest
 * sets, else what the envelope claims (a version 1 envelope: `default`); undefined when neither
 * is a valid tenant id, so nothing a message carries becomes a metric dimension unchecked.
 */
export function tenantOf(record: SQSRecord): string | undefined {
  const attribute = record.messageAttributes?.tenant_id?.stringValue;
  if (attribute !== undefined && isValidTenantId(attribute)) return attribute;
  return claimedIdentity(record).key?.tenant_id;
}

/** The idempotency marks of records given up: only those whose envelope named a valid key. */
export function failureMarks(dead: readonly DeadRecord[]): FailureRecord[] {
  return dead.flatMap((d) =>
    d.key === undefined
      ? []
      : [{ ...d.key, sha256: d.sha256 ?? null, reason: sqsSafeText(`${d.code}: ${d.reason}`) }],
  );
}

/** The refused resend a decoded record is, when its id is stored with another payload. */
export function conflictOf({ event }: DecodedRecord): Conflict {
  return {
    tenant_id: event.tenant_id,
    event_id: event.event_id,
    sha256: event.payload_sha256,
    correlationId: event.correlation_id,
    receivedAt: event.received_at,
  };
}

/** A thrown value as one line for a log or a dead letter: class and message, never a stack. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return error === undefined ? 'no detail' : String(error);
}
