import type { FailureCode } from '@fluxa/models';
import {
  booleanFlag,
  type CommandSpec,
  type FlagValues,
  integerFlag,
  switchFlag,
  valueFlag,
} from '../args';
import { queueOf } from '../aws';
import { connectQueues } from '../connect';
import type { Command, CommandContext } from '../context';
import { redrivenByDefault, whyNotRedriven } from '../dlq/errorCodes';
import { queueDepth } from '../dlq/reader';
import { type RedriveReport, redriveByReceive } from '../dlq/redrive';
import {
  isSelected,
  type LetterSelection,
  selectionFlags,
  selectionOptions,
} from '../dlq/selection';
import { exitCodes } from '../errors';
import { formatTable } from '../output';
import { withProgress } from '../progress';
import { queueOptions } from '../target';

const spec: CommandSpec = {
  name: 'dlq redrive',
  summary: 'send dead letters of transient failures back to the main queue',
  synopsis: '[--code X]… [--tenant T] [--event-id ID]… [--limit N] [--dry-run] [options]',
  options: {
    code: selectionOptions.code,
    tenant: selectionOptions.tenant,
    'event-id': selectionOptions['event-id'],
    limit: valueFlag('N', 'move at most N letters'),
    'dry-run': switchFlag('show what would move; send and delete nothing'),
    ...queueOptions,
  },
  examples: [
    'fluxa dlq redrive --dry-run',
    'fluxa dlq redrive',
    'fluxa dlq redrive --code PAYLOAD_MISSING     # after restoring the objects',
  ],
};

/** Why the letters of one code were left: not redriven unless named, or not selected. */
function whyLeft(code: string, selection: LetterSelection): string {
  const named = selection.codes?.has(code) ?? redrivenByDefault.has(code);
  const why = whyNotRedriven[code as FailureCode];
  if (named || why === undefined) return 'not selected by --tenant / --event-id / --code';
  return `${why}; redrive with --code ${code}`;
}

function redriveLines(report: RedriveReport, selection: LetterSelection): string[] {
  const lines = [
    report.dry_run
      ? `dry run: would move ${report.moved} letter(s) of ${report.examined} examined; nothing sent or deleted`
      : `moved ${report.moved} letter(s) to the main queue, of ${report.examined} examined`,
  ];
  if (report.messages.length > 0 && report.messages.length <= 50) {
    const rows = report.messages.map((message) => [message.event_id ?? '-', message.error_code]);
    lines.push(...formatTable(['EVENT_ID', 'ERROR_CODE'], rows).map((line) => `  ${line}`));
  }
  const left = Object.entries(report.left_by_code);
  if (left.length > 0) lines.push('left in the DLQ:');
  for (const [code, count] of left) lines.push(`  ${count} ${code}: ${whyLeft(code, selection)}`);
  if (report.over_limit > 0) lines.push(`  ${report.over_limit} beyond --limit`);
  if (report.returned > 0) {
    lines.push(
      `  ${report.returned} failed again and came back during this run (see fluxa dlq ls)`,
    );
  }
  if (report.send_failed > 0) lines.push(`  ${report.send_failed} could not be sent`);
  if (report.sent_not_deleted > 0) {
    lines.push(
      `  ${report.sent_not_deleted} sent but not deleted: a later redrive sends them again (harmless duplicates)`,
    );
  }
  if (report.error) lines.push(`stopped: ${report.error}`);
  return lines;
}

async function run(context: CommandContext, { values }: { values: FlagValues }): Promise<number> {
  const dryRun = booleanFlag(values, 'dry-run');
  const selection = selectionFlags(values);
  const codes = selection.codes ?? redrivenByDefault;
  const limit = integerFlag(values, 'limit', {
    min: 1,
    max: 10_000_000,
    fallback: Number.POSITIVE_INFINITY,
  });
  const { sqs, target } = await connectQueues(context, values);
  const dlq = queueOf(target, 'dlqUrl');
  const main = queueOf(target, 'queueUrl');
  const [dlqUrl, queueUrl] = [dlq.url, main.url];
  // A main queue that is missing or unreachable fails here, before any letter is touched.
  if (!dryRun) await queueDepth(sqs, queueUrl).catch(main.fail);
  const depth = await queueDepth(sqs, dlqUrl).catch(dlq.fail);
  const report = await withProgress(
    context,
    {
      label: dryRun ? 'scanning' : 'redriving',
      unit: 'letters',
      total: depth.visible + depth.inFlight,
    },
    (progress) =>
      redriveByReceive(sqs, {
        dlqUrl,
        queueUrl,
        dryRun,
        select: (letter) => isSelected({ ...selection, codes }, letter),
        limit,
        signal: context.signal,
        onProgress: ({ moved, examined, returned }) =>
          progress.update(examined - returned, `${moved} selected`),
      }).catch(dlq.fail),
  );
  context.out.result(report, () => redriveLines(report, selection));
  if (context.signal.aborted) return exitCodes.interrupted;
  const notMoved = report.send_failed + report.sent_not_deleted;
  return report.error || notMoved > 0 ? exitCodes.failure : exitCodes.ok;
}

/** `fluxa dlq redrive`: transient failures back to the main queue; the rest only when named. */
export const dlqRedriveCommand: Command = { spec, run };
