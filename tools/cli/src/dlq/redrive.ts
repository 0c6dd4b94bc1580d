import type { SQSClient } from '@aws-sdk/client-sqs';
import { sendMessages } from '@fluxa/queue';
import type { DlqMessage } from './message';
import { DlqReader } from './reader';

/** What to redrive. */
interface RedriveOptions {
  dlqUrl: string;
  queueUrl: string;
  /** Whether a letter is one to redrive (by its code, tenant, …). */
  select: (letter: DlqMessage) => boolean;
  /** At most this many messages (default: no limit). */
  limit?: number;
  /** Report what would move; send and delete nothing. */
  dryRun: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: { moved: number; examined: number; returned: number }) => void;
}

/** The outcome of a receive → send → delete redrive (the --json shape). */
export interface RedriveReport {
  dry_run: boolean;
  /** Messages received and looked at. */
  examined: number;
  /** Selected messages sent to the main queue and deleted from the DLQ (or, dry run, that would be). */
  moved: number;
  /** Sent but whose DLQ delete failed: a later redrive re-sends them (a harmless duplicate). */
  sent_not_deleted: number;
  /** Selected messages whose send failed: left in the DLQ, visible again. */
  send_failed: number;
  /** Messages not selected, in all and by error code: left in the DLQ, visible again. */
  skipped: number;
  left_by_code: Record<string, number>;
  /** Selected messages beyond --limit: left in the DLQ. */
  over_limit: number;
  /** Copies this run sent that failed again and came back to the DLQ: left there, not re-sent. */
  returned: number;
  messages: Array<{ message_id: string; event_id?: string; error_code: string }>;
  /** Why the redrive stopped early (the main queue took none of a batch), if it did. */
  error?: string;
}

/** SendMessageBatch caps a whole call at 256 KiB, like one message. */
const maxBatchBytes = 262_144;

function describe(message: DlqMessage): RedriveReport['messages'][number] {
  return {
    message_id: message.messageId,
    event_id: message.eventId,
    error_code: message.errorCode,
  };
}

/**
 * Sends a copy of each message to the main queue (`@fluxa/queue` batches them by count and
 * size), then deletes from the DLQ exactly the messages whose copy was taken; the ids of the
 * copies go into `sentIds`. Returns the messages moved, how many were copied but not deleted,
 * and why each copy the main queue did not take failed.
 */
async function moveBatch(
  sqs: SQSClient,
  reader: DlqReader,
  queueUrl: string,
  messages: DlqMessage[],
  sentIds: Set<string>,
) {
  const outcomes = await sendMessages(
    sqs,
    queueUrl,
    messages.map((message) => message.original),
    maxBatchBytes,
  );
  const copied: DlqMessage[] = [];
  const sendFailures: string[] = [];
  messages.forEach((message, index) => {
    const outcome = outcomes[index];
    if (outcome?.ok) {
      copied.push(message);
      sentIds.add(outcome.messageId);
    } else sendFailures.push(outcome?.reason ?? 'not sent');
  });
  const notDeleted = new Set(await reader.delete(copied.map((message) => message.messageId)));
  const moved = copied.filter((message) => !notDeleted.has(message.messageId));
  return { moved, notDeleted: notDeleted.size, sendFailures };
}

/**
 * Redrives DLQ messages by receive → send → delete. A message leaves the DLQ only
 * after the main queue accepted its copy, so an interruption at any point loses
 * nothing; at worst a message is in both queues and is processed twice, which the
 * processor's idempotency (event_id) makes harmless. Messages that do not match
 * are held while the scan passes them and made visible again as soon as it ends.
 * When the main queue takes none of a batch the redrive stops and says why in
 * `error`; what was already moved stays moved. Bounded: each message is examined
 * once, and copies that fail again and return to the DLQ during the run are
 * recognised and left there, so a permanent failure cannot loop between the queues.
 */
export async function redriveByReceive(
  sqs: SQSClient,
  options: RedriveOptions,
): Promise<RedriveReport> {
  const report: RedriveReport = {
    dry_run: options.dryRun,
    examined: 0,
    moved: 0,
    sent_not_deleted: 0,
    send_failed: 0,
    skipped: 0,
    left_by_code: {},
    over_limit: 0,
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
        if (bounced(message)) report.returned += 1;
        else if (!options.select(message)) {
          report.skipped += 1;
          report.left_by_code[message.errorCode] =
            (report.left_by_code[message.errorCode] ?? 0) + 1;
        } else if (report.moved + matching.length < limit) matching.push(message);
        else report.over_limit += 1;
      }
      if (options.dryRun) {
        report.moved += matching.length;
        report.messages.push(...matching.map(describe));
      } else if (matching.length > 0) {
        const move = await moveBatch(sqs, reader, options.queueUrl, matching, sentIds);
        report.moved += move.moved.length;
        report.sent_not_deleted += move.notDeleted;
        report.send_failed += move.sendFailures.length;
        report.messages.push(...move.moved.map(describe));
        if (move.sendFailures.length === matching.length) {
          const reasons = [...new Set(move.sendFailures)].join(', ');
          report.error = `the main queue took none of ${matching.length} message(s) (${reasons})`;
          break;
        }
      }
      const { moved, examined, returned } = report;
      options.onProgress?.({ moved, examined, returned });
    }
  } finally {
    await reader.releaseHeld();
  }
  return report;
}
