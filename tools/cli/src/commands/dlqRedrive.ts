import type { SQSClient } from '@aws-sdk/client-sqs';
import { deadLetterAttributes } from '@fluxa/models';
import { booleanFlag, type CommandSpec, type FlagValues, integerFlag, secondsFlag } from '../args';
import { connectQueues } from '../connect';
import type { Command, CommandContext } from '../context';
import { errorCodeFlag, maxReceivesCode } from '../dlq/errorCodes';
import {
  followMoveTask,
  type MoveTaskReport,
  moveTaskState,
  queueArn,
  startMoveTask,
} from '../dlq/moveTask';
import { queueDepth } from '../dlq/reader';
import { type RedriveReport, redriveByReceive } from '../dlq/redrive';
import { awsFailure, sqsLocation } from '../dlq/sqsClient';
import { CliError, exitCodes } from '../errors';
import { formatTable } from '../output';
import { withProgress } from '../progress';
import { queueOptions, requireQueue, type Target } from '../target';

const spec: CommandSpec = {
  name: 'dlq redrive',
  summary: 'move dead-lettered messages back to the main queue',
  synopsis: '[--dry-run] [--error-code X] [--limit N] [--manual] [options]',
  description: [
    `Without a filter, uses SQS StartMessageMoveTask (server-side, to the main queue) and follows its progress; where the service lacks it (emulators) or with --error-code, --limit, --dry-run or --manual, it receives each message, sends its original body and attributes (without ${Object.values(deadLetterAttributes).join(', ')}) to the main queue, and deletes it from the DLQ only after that send succeeded.`,
    'Safe to interrupt at any point: a message is never lost. At worst one is in both queues and is processed twice, which is harmless because the processor is idempotent on event_id (one row, one notification). Messages that do not match are held while the scan passes them and made visible again as soon as it ends. A main queue that is missing or unreachable is an error before any message is received; if it takes none of a batch, the redrive stops there.',
    `Messages SQS itself moved after maxReceiveCount receives have no ${deadLetterAttributes.errorCode}; select them with --error-code ${maxReceivesCode}.`,
  ],
  options: {
    'dry-run': { type: 'boolean', description: 'show what would move; send and delete nothing' },
    'error-code': { type: 'string', value: 'X', description: 'only messages with this error_code' },
    limit: { type: 'string', value: 'N', description: 'move at most N messages' },
    manual: {
      type: 'boolean',
      description: 'receive → send → delete even where StartMessageMoveTask exists',
    },
    'max-wait': {
      type: 'string',
      value: 'SECONDS',
      description: 'longest to follow a move task (default 600)',
    },
    ...queueOptions,
  },
  examples: [
    'fluxa dlq redrive --dry-run',
    'fluxa dlq redrive --error-code MAX_RECEIVES_EXCEEDED --limit 100',
  ],
};

/** An SDK error refusing the caller (by error name, or HTTP 403 from `$metadata`). */
function isAccessDenied(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return error.name === 'AccessDenied' || error.name === 'AccessDeniedException' || status === 403;
}

async function tryMoveTask(
  context: CommandContext,
  sqs: SQSClient,
  target: Target,
  dlqUrl: string,
  maxWaitMs: number,
): Promise<MoveTaskReport | undefined> {
  const sourceArn = await queueArn(sqs, dlqUrl);
  const destinationArn = target.queueUrl ? await queueArn(sqs, target.queueUrl.value) : undefined;
  const handle = await startMoveTask(sqs, sourceArn, destinationArn).catch((error: unknown) => {
    if (isAccessDenied(error)) {
      throw new CliError(
        `StartMessageMoveTask was denied (${error.message}); --manual redrives with receive/send/delete permissions only`,
        'ACCESS_DENIED',
      );
    }
    throw error;
  });
  if (handle === undefined) {
    context.out.note(
      'StartMessageMoveTask is not supported by this endpoint: redriving by receive → send → delete',
    );
    return undefined;
  }
  return withProgress(context, { label: 'move task', unit: 'messages' }, (progress) =>
    followMoveTask(handle, () => moveTaskState(sqs, sourceArn, handle), {
      timeoutMs: maxWaitMs,
      signal: context.signal,
      onProgress: (moved, toMove) => progress.update(moved, toMove ? `of ~${toMove}` : ''),
    }),
  );
}

function moveTaskLines(report: MoveTaskReport): string[] {
  const lines = [
    `move task ${report.status}: ${report.moved} of ~${report.to_move} messages moved`,
  ];
  if (report.failure_reason) lines.push(`failure: ${report.failure_reason}`);
  if (report.status === 'RUNNING') {
    lines.push(`it continues server-side (task handle ${report.task_handle})`);
  }
  return lines;
}

function redriveLines(report: RedriveReport): string[] {
  const head = report.dry_run
    ? `dry run: would move ${report.moved} message(s); examined ${report.examined}, ${report.skipped} not selected; nothing sent or deleted`
    : `moved ${report.moved} message(s) to the main queue; examined ${report.examined}, ${report.skipped} not selected (left in the DLQ)`;
  const lines = [head];
  if (report.messages.length > 0 && report.messages.length <= 50) {
    const rows = report.messages.map((message) => [message.event_id ?? '-', message.error_code]);
    lines.push(...formatTable(['EVENT_ID', 'ERROR_CODE'], rows).map((line) => `  ${line}`));
  }
  if (report.returned > 0) {
    lines.push(
      `${report.returned} failed again and came back to the DLQ during this run: left there (see fluxa dlq ls)`,
    );
  }
  if (report.send_failed > 0) {
    lines.push(`${report.send_failed} could not be sent: left in the DLQ`);
  }
  if (report.sent_not_deleted > 0) {
    lines.push(
      `${report.sent_not_deleted} sent but not deleted from the DLQ: a later redrive re-sends them (harmless duplicates)`,
    );
  }
  if (report.error) lines.push(`stopped: ${report.error}`);
  return lines;
}

async function run(context: CommandContext, { values }: { values: FlagValues }): Promise<number> {
  const dryRun = booleanFlag(values, 'dry-run');
  const errorCode = errorCodeFlag(values);
  const limit =
    values.limit === undefined
      ? undefined
      : integerFlag(values, 'limit', { min: 1, max: 10_000_000, fallback: 1 });
  const maxWaitMs = secondsFlag(values, 'max-wait', 600) * 1000;
  const { sqs, target } = await connectQueues(context, values);
  const dlqUrl = requireQueue(target, 'dlqUrl').value;
  const fail = (queueUrl: string) => (error: unknown) => {
    throw awsFailure(error, sqsLocation(target, queueUrl), queueUrl);
  };

  const whole = !dryRun && !errorCode && limit === undefined && !booleanFlag(values, 'manual');
  if (whole) {
    const task = await tryMoveTask(context, sqs, target, dlqUrl, maxWaitMs).catch(fail(dlqUrl));
    if (task) {
      context.out.result(task, () => moveTaskLines(task));
      return task.status === 'COMPLETED' || task.status === 'RUNNING'
        ? exitCodes.ok
        : exitCodes.failure;
    }
  }
  const queueUrl = requireQueue(target, 'queueUrl').value;
  // A main queue that is missing or unreachable fails here, before any message is touched.
  if (!dryRun) await queueArn(sqs, queueUrl).catch(fail(queueUrl));
  const depth = await queueDepth(sqs, dlqUrl).catch(fail(dlqUrl));
  const report = await withProgress(
    context,
    {
      label: dryRun ? 'scanning' : 'redriving',
      unit: 'messages',
      total: limit ?? depth.visible + depth.inFlight,
    },
    (progress) =>
      redriveByReceive(sqs, {
        dlqUrl,
        queueUrl,
        dryRun,
        ...(errorCode ? { errorCode } : {}),
        ...(limit !== undefined ? { limit } : {}),
        signal: context.signal,
        onProgress: ({ moved, examined, returned }) =>
          progress.update(limit === undefined ? examined - returned : moved, `${moved} selected`),
      }).catch(fail(dlqUrl)),
  );
  context.out.result(report, () => redriveLines(report));
  if (context.signal.aborted) return exitCodes.interrupted;
  return report.error || report.send_failed > 0 ? exitCodes.failure : exitCodes.ok;
}

/** `fluxa dlq redrive`: move dead-lettered messages back, by move task or receive → send → delete. */
export const dlqRedriveCommand: Command = { spec, run };
