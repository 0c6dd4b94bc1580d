import type { S3Client } from '@aws-sdk/client-s3';
import { PermanentError } from '@fluxa/models';
import type { SQSBatchItemFailure, SQSRecord } from 'aws-lambda';
import { type DecodedRecord, decodeRecord } from './decodeRecord';
import type { ProcessorDeps } from './processBatch';

/** A record the processor gives up on, and what it could read of its identity. */
export interface DeadRecord {
  record: SQSRecord;
  error: PermanentError;
  eventId?: string;
  sha256?: string;
}

/**
 * What one batch has learnt so far: the decoded records (one primary per
 * event id, later copies aside), the permanent failures, the event ids now
 * stored with their payload, and the records to report for retry.
 */
export class BatchState {
  readonly primaries = new Map<string, DecodedRecord>();
  readonly copies: DecodedRecord[] = [];
  dead: DeadRecord[] = [];
  /** Event ids stored (by this batch or before) with the payload this batch carries. */
  readonly stored = new Set<string>();
  private readonly transient = new Set<string>();

  constructor(
    readonly records: SQSRecord[],
    readonly deps: ProcessorDeps,
  ) {}

  /** Decodes every record concurrently; sorts them into primaries, copies, dead and retried. */
  async decode(s3: S3Client): Promise<void> {
    const decoded: DecodedRecord[] = [];
    await Promise.all(
      this.records.map(async (record) => {
        try {
          decoded.push(await decodeRecord(record, s3));
        } catch (error) {
          if (error instanceof PermanentError)
            this.dead.push({ record, error, ...identify(record) });
          else this.retry([record.messageId], 'PAYLOAD_READ', error);
        }
      }),
    );
    for (const item of decoded) {
      if (this.primaries.has(item.event.event_id)) this.copies.push(item);
      else this.primaries.set(item.event.event_id, item);
    }
  }

  /** Reports these records in batchItemFailures: SQS redelivers them after the visibility timeout. */
  retry(messageIds: string[], reason: string, error?: unknown): void {
    if (messageIds.length === 0) return;
    for (const id of messageIds) this.transient.add(id);
    this.deps.metrics.count('processed_failure', messageIds.length, reason);
    if (error)
      this.deps.logger.warn(
        { err: error, reason, records: messageIds.length },
        'records will be retried',
      );
  }

  isRetried(messageId: string): boolean {
    return this.transient.has(messageId);
  }

  allMessageIds(): string[] {
    return this.records.map((r) => r.messageId);
  }

  /** The SQS record a decoded record came from. */
  recordOf(item: DecodedRecord): SQSRecord {
    return this.records.find((r) => r.messageId === item.messageId) as SQSRecord;
  }

  /** Copies of an event in the batch are done when their primary is, with the same payload; else retried. */
  settleCopies(): void {
    for (const copy of this.copies) {
      const primary = this.primaries.get(copy.event.event_id);
      const samePayload = primary?.event.payload_sha256 === copy.event.payload_sha256;
      const primaryDone =
        primary && this.stored.has(primary.event.event_id) && !this.isRetried(primary.messageId);
      if (samePayload && primaryDone) this.deps.metrics.count('processed_duplicate');
      else this.retry([copy.messageId], 'IN_BATCH_DUPLICATE');
    }
  }

  /** The partial batch response, in record order. */
  failures(): SQSBatchItemFailure[] {
    return this.records
      .filter((r) => this.transient.has(r.messageId))
      .map((r) => ({ itemIdentifier: r.messageId }));
  }
}

/** The event id and hash an envelope claims, when it is readable enough to say. */
function identify(record: SQSRecord): { eventId?: string; sha256?: string } {
  try {
    const body: unknown = JSON.parse(record.body);
    if (typeof body !== 'object' || body === null) return {};
    const { event_id, payload_sha256 } = body as Record<string, unknown>;
    return {
      ...(typeof event_id === 'string' && event_id.length <= 128 ? { eventId: event_id } : {}),
      ...(typeof payload_sha256 === 'string' ? { sha256: payload_sha256 } : {}),
    };
  } catch {
    return {};
  }
}
