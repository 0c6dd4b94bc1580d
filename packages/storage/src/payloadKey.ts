/** What names a payload object: whose event, which event, which bytes, received when. */
export interface PayloadIdentity {
  tenantId: string;
  eventId: string;
  /** Lower-case hex SHA-256 of the canonical payload bytes. */
  sha256: string;
  receivedAt: Date;
}

/**
 * S3 key of a payload too large for the queue:
 * `raw/<tenant_id>/YYYY-MM-DD/<event_id>/<payload_sha256>.json`. By tenant (a tenant's payloads
 * can be listed, exported or erased together), dated by the ingest day (UTC) so lifecycle rules
 * age whole days together, and unique to the payload's bytes: two payloads sent under one event
 * id never share a key, so neither can replace the other, and an identical resend names the
 * object already there.
 */
export function payloadKey(identity: PayloadIdentity): string {
  const day = identity.receivedAt.toISOString().slice(0, 10);
  return `raw/${identity.tenantId}/${day}/${identity.eventId}/${identity.sha256}.json`;
}
