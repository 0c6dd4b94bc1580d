import { deadLetterAttributes } from '@fluxa/models';
import { type CommandSpec, type FlagValues, integerFlag } from '../args';
import { connectQueues } from '../connect';
import type { Command, CommandContext } from '../context';
import { errorCodeFlag, maxReceivesCode } from '../dlq/errorCodes';
import { listDlq } from '../dlq/list';
import { ageMs } from '../dlq/message';
import { holdSeconds } from '../dlq/reader';
import { awsFailure, sqsLocation } from '../dlq/sqsClient';
import { exitCodes } from '../errors';
import { formatDuration } from '../format';
import { fitToTerminal, formatTable } from '../output';
import { queueOptions, requireQueue } from '../target';

const names = deadLetterAttributes;

const spec: CommandSpec = {
  name: 'dlq ls',
  summary: 'list dead-lettered messages: error code, receives, reason, age, event id',
  synopsis: '[--limit N] [--error-code X] [options]',
  description: [
    `Peeks without consuming: each message is received with a ${holdSeconds} s visibility timeout (so the listing moves past it) and made visible again as soon as the listing is done. Reason, age and receives (how many times the main queue delivered the message) come from the processor's ${names.errorMessage}, ${names.failedAt} and ${names.receiveCount} attributes; messages that SQS moved after maxReceiveCount failed receives carry none and are shown as ${maxReceivesCode}, aged from when they were first sent.`,
  ],
  options: {
    limit: { type: 'string', value: 'N', description: 'messages to show (default 20, max 1000)' },
    'error-code': { type: 'string', value: 'X', description: 'only messages with this error_code' },
    ...queueOptions,
  },
  examples: ['fluxa dlq ls', 'fluxa dlq ls --error-code HASH_MISMATCH --json'],
};

async function run(context: CommandContext, { values }: { values: FlagValues }): Promise<number> {
  const limit = integerFlag(values, 'limit', { min: 1, max: 1000, fallback: 20 });
  const errorCode = errorCodeFlag(values);
  const { sqs, target } = await connectQueues(context, values);
  const dlqUrl = requireQueue(target, 'dlqUrl').value;
  const listing = await listDlq(sqs, dlqUrl, {
    limit,
    ...(errorCode ? { errorCode } : {}),
    signal: context.signal,
  }).catch((error: unknown) => {
    throw awsFailure(error, sqsLocation(target, dlqUrl), dlqUrl);
  });
  const now = Date.now();
  const messages = listing.messages.map((message) => {
    const age = ageMs(message, now);
    return {
      message_id: message.messageId,
      event_id: message.eventId ?? null,
      correlation_id: message.correlationId ?? null,
      error_code: message.errorCode,
      error_message: message.errorMessage,
      failed_at: message.failedAt ?? null,
      age_seconds: age === undefined ? null : Math.round(age / 1000),
      source_message_id: message.sourceMessageId ?? null,
      receive_count: message.receiveCount ?? null,
      body: message.original.body,
    };
  });
  const result = {
    dlq_url: dlqUrl,
    visible: listing.visible,
    in_flight: listing.inFlight,
    messages,
  };
  context.out.result(result, () => {
    const total = `~${listing.visible} visible, ~${listing.inFlight} in flight`;
    if (messages.length === 0) return [`DLQ empty (${total}): ${dlqUrl}`];
    const rows = listing.messages.map((message) => {
      const age = ageMs(message, now);
      return [
        age === undefined ? '?' : formatDuration(age),
        message.errorCode,
        message.receiveCount === undefined ? '-' : String(message.receiveCount),
        message.eventId ?? '-',
        message.errorMessage || '-',
      ];
    });
    return [
      ...fitToTerminal(
        formatTable(['AGE', 'ERROR_CODE', 'RECEIVES', 'EVENT_ID', 'REASON'], rows),
        context.stdout,
      ),
      `${messages.length} shown (${total})`,
    ];
  });
  return exitCodes.ok;
}

/** `fluxa dlq ls`: peek at the dead-letter queue. */
export const dlqListCommand: Command = { spec, run };
