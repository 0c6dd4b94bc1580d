import {
  DeleteMessageBatchCommand,
  type MessageAttributeValue,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type DlqMessage, messageBytes, originalAttributes } from './message';
import { DlqReader } from './reader';

/** What to redrive. */
export interface RedriveOptions {
  dlqUrl: string;
  queueUrl: string;
  /** Only messages with this error_code (see `maxReceivesCode` for SQS-moved ones). */
  errorCode?: string;
  /** At most this many messages. */
  limit?: number;
  /** Report what would move; send and delete nothing. */
  dryRun: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: { moved: number; examined: number; returned: number }) => void;
}

/** One message a redrive moved (or would move). */
export interface RedrivenMessage {
  message_id: string;
  event_id?: string;
  error_code: string;
}

/** The outcome of a receive → send → delete redrive. */
export interface RedriveReport {
  method: 'receive-send-delete';
  dry_run: boolean;
  /** Messages received and looked at. */
  examined: number;
  /** Matching messages sent to the main queue and deleted from the DLQ (or, dry run, that would be). */
  moved: number;
  /** Sent but whose DLQ delete failed: they stay in the DLQ and a later redrive re-sends them (a harmless duplicate). */
  sent_not_deleted: number;
  /** Matching messages whose send failed: left in the DLQ, visible again. */
  send_failed: number;
  /** Messages that did not match the filter (or were beyond --limit): left in the DLQ, visible again. */
  skipped: number;
  /** Copies this run sent that failed again and came back to the DLQ: left there, not re-sent. */
  returned: number;
  messages: RedrivenMessage[];
  /** Why the redrive stopped early (a send call failed outright), if it did. */
  error?: unknown;
}

/** SendMessageBatch caps the whole call like one message. */
const maxBatchBytes = 262_144;

function describe(message: DlqMessage): RedrivenMessage {
  return {
    message_id: message.messageId,
    ...(message.eventId ? { event_id: message.eventId } : {}),
    error_code: message.errorCode,
  };
}

interface Outgoing {
  message: DlqMessage;
  attributes: Record<string, MessageAttributeValue>;
}

/** Groups messages into SendMessageBatch calls of ≤ 10 entries and ≤ 256 KiB. */
function sendGroups(outgoing: Outgoing[]): Outgoing[][] {
  const groups: Outgoing[][] = [];
  let current: Outgoing[] = [];
  let bytes = 0;
  for (const item of outgoing) {
    const size = messageBytes(item.message.body, item.attributes);
    if (current.length === 10 || (current.length > 0 && bytes + size > maxBatchBytes)) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * Sends each message to the main queue (original body and attributes, without the
 * dead-letter reason) and deletes it from the DLQ only after its send succeeded.
 * Returns the ids that were sent and the ids whose delete then failed.
 */
async function moveMessages(
  sqs: SQSClient,
  options: RedriveOptions,
  messages: DlqMessage[],
  sentIds: Set<string>,
): Promise<{ sent: DlqMessage[]; notDeleted: Set<string>; sendError?: unknown }> {
  const sent: DlqMessage[] = [];
  let sendError: unknown;
  const outgoing = messages.map((message) => ({
    message,
    attributes: originalAttributes(message.attributes),
  }));
  for (const group of sendGroups(outgoing)) {
    try {
      const result = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: group.map((item, index) => ({
            Id: String(index),
            MessageBody: item.message.body,
            ...(Object.keys(item.attributes).length > 0
              ? { MessageAttributes: item.attributes }
              : {}),
          })),
        }),
      );
      for (const ok of result.Successful ?? []) {
        const item = group[Number(ok.Id)];
        if (item) sent.push(item.message);
        if (ok.MessageId) sentIds.add(ok.MessageId);
      }
    } catch (error) {
      sendError = error;
      break;
    }
  }
  const notDeleted = new Set<string>();
  for (let start = 0; start < sent.length; start += 10) {
    const chunk = sent.slice(start, start + 10);
    try {
      const result = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.dlqUrl,
          Entries: chunk.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.receiptHandle,
          })),
        }),
      );
      for (const failed of result.Failed ?? []) {
        const message = chunk[Number(failed.Id)];
        if (message) notDeleted.add(message.messageId);
      }
    } catch {
      for (const message of chunk) notDeleted.add(message.messageId);
    }
  }
  return { sent, notDeleted, ...(sendError === undefined ? {} : { sendError }) };
}

/**
 * Redrives DLQ messages by receive → send → delete. A message leaves the DLQ only
 * after the main queue accepted its copy, so an interruption at any point loses
 * nothing; at worst a message is in both queues and is processed twice, which the
 * processor's idempotency (event_id) makes harmless. Messages that do not match
 * are held while the scan passes them and made visible again as soon as it ends.
 * A send call that fails outright (queue missing, unreachable) stops the redrive
 * and is returned in `error`; what was already moved stays moved. Bounded: each
 * message is examined once, and copies that fail again and return to the DLQ
 * during the run are recognised and left there, so a permanent failure cannot
 * loop between the queues.
 */
export async function redriveByReceive(
  sqs: SQSClient,
  options: RedriveOptions,
): Promise<RedriveReport> {
  const report: RedriveReport = {
    method: 'receive-send-delete',
    dry_run: options.dryRun,
    examined: 0,
    moved: 0,
    sent_not_deleted: 0,
    send_failed: 0,
    skipped: 0,
    returned: 0,
    messages: [],
  };
  // Main-queue ids of the copies this run sent: a DLQ message naming one of them
  // (as its own id when SQS moved it, or as source_message_id when the processor
  // did) failed again, and re-sending it would ping-pong until interrupted.
  const sentIds = new Set<string>();
  const bounced = (message: DlqMessage) =>
    sentIds.has(message.messageId) ||
    (message.sourceMessageId !== undefined && sentIds.has(message.sourceMessageId));
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const reader = new DlqReader(sqs, options.dlqUrl);
  try {
    while (report.moved < limit && !options.signal?.aborted) {
      const batch = await reader.next(10);
      if (batch.length === 0) break;
      report.examined += batch.length;
      const matching: DlqMessage[] = [];
      for (const message of batch) {
        if (bounced(message)) {
          report.returned += 1;
          continue;
        }
        const wanted = !options.errorCode || message.errorCode === options.errorCode;
        if (wanted && report.moved + matching.length < limit) matching.push(message);
        else report.skipped += 1;
      }
      if (options.dryRun) {
        report.moved += matching.length;
        report.messages.push(...matching.map(describe));
      } else if (matching.length > 0) {
        const { sent, notDeleted, sendError } = await moveMessages(sqs, options, matching, sentIds);
        for (const message of sent) {
          if (!notDeleted.has(message.messageId)) reader.forget(message.messageId);
        }
        report.moved += sent.length - notDeleted.size;
        report.sent_not_deleted += notDeleted.size;
        report.send_failed += matching.length - sent.length;
        report.messages.push(...sent.filter((m) => !notDeleted.has(m.messageId)).map(describe));
        if (sendError !== undefined) {
          report.error = sendError;
          break;
        }
      }
      options.onProgress?.({
        moved: report.moved,
        examined: report.examined,
        returned: report.returned,
      });
    }
  } finally {
    await reader.releaseHeld();
  }
  return report;
}
