/**
 * S3 key of a payload too large for the queue: `raw/YYYY-MM-DD/<event_id>.json`,
 * dated by the ingest time (UTC) so lifecycle rules age whole days together.
 */
export function payloadKey(eventId: string, receivedAt: Date): string {
  return `raw/${receivedAt.toISOString().slice(0, 10)}/${eventId}.json`;
}
