import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type Notification, notificationAttributes } from '@fluxa/models';
import {
  booleanFlag,
  type CommandSpec,
  integerFlag,
  type ParsedArgs,
  stringFlag,
  valueFlag,
} from '../args';
import { queueOf } from '../aws';
import { connectQueues } from '../connect';
import type { Command, CommandContext } from '../context';
import { queueDepth } from '../dlq/reader';
import { exitCodes, InterruptedError } from '../errors';
import { formatAmount } from '../format';
import { notificationsOption, queueOptions } from '../target';

const spec: CommandSpec = {
  name: 'tail',
  summary: 'print notifications as a subscriber receives them, until Ctrl-C',
  synopsis: '[--tenant T] [--count N] [options]',
  options: {
    tenant: valueFlag('T', "only this tenant's notifications"),
    count: valueFlag('N', 'stop after printing N notifications'),
    ...notificationsOption,
    region: queueOptions.region as NonNullable<(typeof queueOptions)['region']>,
    endpoint: queueOptions.endpoint as NonNullable<(typeof queueOptions)['endpoint']>,
  },
  examples: ['fluxa tail', 'fluxa tail --tenant acme --json | jq .notification.amount'],
};

/** A notification as a subscriber queue holds it, with its message attributes. */
interface Received {
  attributes: Record<string, string>;
  notification: Notification;
}

/**
 * Reads one message of a subscriber queue: with raw message delivery (the local stack's) the
 * body is the notification and its attributes are the message's; without, the body is SNS's
 * JSON envelope around both. Undefined for a message that is not a notification.
 */
export function receivedNotification(message: Message): Received | undefined {
  try {
    const body: unknown = JSON.parse(message.Body ?? '');
    const envelope = body as { Type?: unknown; Message?: unknown; MessageAttributes?: unknown };
    const wrapped = envelope.Type === 'Notification' && typeof envelope.Message === 'string';
    const notification = (wrapped ? JSON.parse(envelope.Message as string) : body) as Notification;
    if (typeof notification?.event_id !== 'string' || typeof notification.tenant_id !== 'string') {
      return undefined;
    }
    const raw = wrapped
      ? Object.entries(
          (envelope.MessageAttributes ?? {}) as Record<string, { Value?: string }>,
        ).map(([name, value]) => [name, value.Value] as const)
      : Object.entries(message.MessageAttributes ?? {}).map(
          ([name, value]) => [name, value.StringValue] as const,
        );
    const attributes = Object.fromEntries(raw.filter(([, value]) => value !== undefined));
    return { attributes: attributes as Record<string, string>, notification };
  } catch {
    return undefined;
  }
}

/** One line of a notification: tenant, event id, amount and, replayed, its replay id. */
function notificationLine({ notification }: Received): string {
  const replay = notification.replay_id === undefined ? '' : `  replay ${notification.replay_id}`;
  const amount = formatAmount(notification.amount, notification.currency);
  return `${notification.tenant_id}  ${notification.event_id}  ${amount}${replay}`;
}

/** Deletes received messages (consumed): a subscriber's acknowledgement. */
async function consume(sqs: SQSClient, queueUrl: string, messages: Message[]): Promise<void> {
  if (messages.length === 0) return;
  await sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: messages.map((message, index) => ({
        Id: String(index),
        ReceiptHandle: message.ReceiptHandle ?? '',
      })),
    }),
  );
}

async function run(context: CommandContext, { values }: ParsedArgs): Promise<number> {
  const tenant = stringFlag(values, 'tenant');
  const count = integerFlag(values, 'count', {
    min: 1,
    max: 1_000_000,
    fallback: Number.POSITIVE_INFINITY,
  });
  const json = booleanFlag(values, 'json');
  const { sqs, target } = await connectQueues(context, values);
  const { url: queueUrl, fail } = queueOf(target, 'notificationsUrl');
  const { visible } = await queueDepth(sqs, queueUrl).catch(fail);
  const others = tenant === undefined ? '' : `; other tenants' are consumed unprinted`;
  context.out.note(`following ${queueUrl} (${visible} waiting)${others}; Ctrl-C stops`);
  let printed = 0;
  let skipped = 0;
  // Messages that are not notifications stay in the queue (not ours to consume); said once each.
  const foreign = new Set<string>();
  try {
    while (printed < count) {
      const { Messages: received = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, count - printed),
          WaitTimeSeconds: 20,
          VisibilityTimeout: 30,
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: context.signal },
      );
      const consumed: Message[] = [];
      for (const message of received) {
        const read = receivedNotification(message);
        if (!read) {
          const id = message.MessageId ?? '';
          if (!foreign.has(id))
            context.out.note(`fluxa: message ${id} is not a notification: left in the queue`);
          foreign.add(id);
          continue;
        }
        consumed.push(message);
        // The attribute an SNS filter policy would match, as the subscriber's filter would.
        const of = read.attributes[notificationAttributes.tenantId] ?? read.notification.tenant_id;
        if (tenant !== undefined && of !== tenant) {
          skipped += 1;
          continue;
        }
        context.stdout.write(
          `${json ? JSON.stringify({ message_id: message.MessageId, ...read }) : notificationLine(read)}\n`,
        );
        printed += 1;
      }
      await consume(sqs, queueUrl, consumed);
    }
  } catch (error) {
    if (!context.signal.aborted) fail(error);
  } finally {
    const others = skipped > 0 ? ` (${skipped} of other tenants consumed unprinted)` : '';
    context.out.note(`${printed} notification(s) printed${others}`);
  }
  if (context.signal.aborted) throw new InterruptedError();
  return exitCodes.ok;
}

/** `fluxa tail`: a subscriber's view of the notifications. */
export const tailCommand: Command = { spec, run };
