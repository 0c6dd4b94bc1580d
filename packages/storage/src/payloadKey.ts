/**
 * S3 key of a payload too large for the queue: `raw/<tenant_id>/YYYY-MM-DD/<event_id>.json`,
 * by tenant (a tenant's payloads can be listed, exported or erased together) and dated by
 * the ingest time (UTC) so lifecycle rules age whole days together.
 */
export function payloadKey(tenantId: string, eventId: string, receivedAt: Date): string {
  return `raw/${tenantId}/${receivedAt.toISOString().slice(0, 10)}/${eventId}.json`;
}
