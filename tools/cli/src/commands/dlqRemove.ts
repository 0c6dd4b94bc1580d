import type { S3Client } from '@aws-sdk/client-s3';
import {
  booleanFlag,
  type CommandSpec,
  type FlagValues,
  requiredFlag,
  stringFlag,
  switchFlag,
  valueFlag,
} from '../args';
import { createS3Client, queueOf } from '../aws';
import { connectQueues } from '../connect';
import { type Command, type CommandContext, requireConsent } from '../context';
import { userOfLetter } from '../dlq/letterUser';
import { type DlqMessage, letterJson, letterTable } from '../dlq/message';
import { confirmHoldSeconds, removeLetters, scanLetters, type Verdict } from '../dlq/scan';
import {
  isSelected,
  type LetterSelection,
  namesLetters,
  selectionFlags,
  selectionOptions,
} from '../dlq/selection';
import { exitCodes, UsageError } from '../errors';
import { withProgress } from '../progress';
import { queueOptions, type Target } from '../target';

const confirmOptions = {
  'dry-run': switchFlag('show what it would remove; remove nothing'),
  yes: switchFlag('remove without asking', 'y'),
} as const;

const rmSpec: CommandSpec = {
  name: 'dlq rm',
  summary: 'remove dead letters by message id, event id or code, after showing them',
  synopsis: '[--message-id ID]… [--event-id ID]… [--code X]… [--tenant T] [--dry-run] [--yes]',
  options: {
    'message-id': selectionOptions['message-id'],
    'event-id': selectionOptions['event-id'],
    code: selectionOptions.code,
    tenant: selectionOptions.tenant,
    ...confirmOptions,
    ...queueOptions,
  },
  examples: [
    'fluxa dlq rm --code EVENT_ID_CONFLICT --dry-run',
    'fluxa dlq rm --event-id pay-0107 --yes',
  ],
};

const purgeSpec: CommandSpec = {
  name: 'dlq purge',
  summary: "remove every dead letter of one user (an erasure's part in the DLQ)",
  synopsis: '--user U [--tenant T] [--dry-run] [--yes] [options]',
  options: {
    user: valueFlag('U', 'the user_id whose letters are removed'),
    tenant: valueFlag('T', "the user's tenant (default: the local stack's)"),
    ...confirmOptions,
    ...queueOptions,
  },
  examples: [
    'fluxa dlq purge --user u-42 --tenant acme --dry-run',
    'fluxa dlq purge --user u-42 --tenant acme --yes',
  ],
};

/** Names given with --message-id / --event-id that no selected letter carries. */
function notFound(selection: LetterSelection, letters: DlqMessage[]): string[] {
  const missing = (
    names: ReadonlySet<string> | undefined,
    of: (letter: DlqMessage) => string | undefined,
  ) => [...(names ?? [])].filter((name) => !letters.some((letter) => of(letter) === name));
  return [
    ...missing(selection.messageIds, (letter) => letter.messageId).map((id) => `message ${id}`),
    ...missing(selection.eventIds, (letter) => letter.eventId).map((id) => `event ${id}`),
  ];
}

/**
 * Selects, shows, confirms and removes: the flow `dlq rm` and `dlq purge` share. Exit 1 when
 * something named was not found or could not be removed, or a letter could not be judged.
 */
async function removeSelected(
  context: CommandContext,
  values: FlagValues,
  select: (target: Target) => (letter: DlqMessage) => Verdict | Promise<Verdict>,
  selection: LetterSelection,
): Promise<number> {
  const dryRun = booleanFlag(values, 'dry-run');
  const yes = booleanFlag(values, 'yes');
  if (!dryRun) requireConsent(context, yes);
  const { sqs, target } = await connectQueues(context, values);
  const { url: dlqUrl, fail } = queueOf(target, 'dlqUrl');
  const chooser = select(target);
  const found = await withProgress(context, { label: 'scanning', unit: 'letters' }, (progress) =>
    scanLetters(sqs, dlqUrl, chooser, {
      hold: confirmHoldSeconds,
      signal: context.signal,
      onProgress: (examined, selected) => progress.update(examined, `${selected} selected`),
    }),
  ).catch(fail);
  try {
    if (context.signal.aborted) return exitCodes.interrupted;
    const { letters } = found;
    const ask = letters.length > 0 && !dryRun && !yes;
    if (ask) context.out.note(letterTable(letters, context.stdout).join('\n'));
    const confirmed =
      letters.length > 0 &&
      !dryRun &&
      (yes || (await context.confirm?.(`remove these ${letters.length} dead letter(s)?`)) === true);
    if (context.signal.aborted) return exitCodes.interrupted;
    const failed = confirmed ? await removeLetters(found).catch(fail) : [];
    const removed = confirmed ? letters.length - failed.length : 0;
    const absent = notFound(selection, letters);
    const result = {
      dry_run: dryRun,
      examined: found.examined,
      selected: letters.map((letter) => letterJson(letter)),
      removed,
      not_removed: failed,
      not_found: absent,
      undecided: found.undecided.map(({ letter, why }) => ({ ...letterJson(letter), why })),
    };
    context.out.result(result, () => [
      ...(ask ? [] : letterTable(letters, context.stdout)),
      dryRun
        ? `dry run: would remove ${letters.length} of ${found.examined} dead letter(s) examined; nothing removed`
        : `removed ${removed} of ${found.examined} dead letter(s) examined${ask && !confirmed ? ' (not confirmed)' : ''}`,
      ...failed.map((id) => `could not remove ${id}: it stays in the DLQ`),
      ...absent.map((name) => `not found in the DLQ: ${name}`),
      ...found.undecided.map(({ letter, why }) => `left ${letter.messageId}: ${why}`),
    ]);
    const incomplete = failed.length + absent.length + found.undecided.length > 0;
    return incomplete || (ask && !confirmed) ? exitCodes.failure : exitCodes.ok;
  } finally {
    await found.reader.releaseHeld();
  }
}

async function rm(context: CommandContext, { values }: { values: FlagValues }): Promise<number> {
  const selection = selectionFlags(values);
  if (!namesLetters(selection)) {
    throw new UsageError(
      'name the letters: --message-id, --event-id or --code (see fluxa dlq rm --help)',
    );
  }
  return removeSelected(
    context,
    values,
    () => (letter) => isSelected(selection, letter),
    selection,
  );
}

async function purge(context: CommandContext, { values }: { values: FlagValues }): Promise<number> {
  const user = requiredFlag(values, 'user', 'dlq purge');
  return removeSelected(
    context,
    values,
    (target) => {
      const tenant = stringFlag(values, 'tenant') ?? target.keyTenant?.value;
      if (tenant === undefined) {
        throw new UsageError('--tenant is required: a user id is unique within its tenant only');
      }
      let s3: S3Client | undefined;
      const client = () => (s3 ??= createS3Client(target, context.env));
      return async (letter) => {
        if (letter.tenantId !== undefined && letter.tenantId !== tenant) return false;
        const owner = await userOfLetter(client, letter);
        if ('undecided' in owner) return owner;
        return letter.tenantId === tenant && owner.userId === user;
      };
    },
    {},
  );
}

/** `fluxa dlq rm`: remove exactly the letters named, after showing them. */
export const dlqRemoveCommand: Command = { spec: rmSpec, run: rm };
/** `fluxa dlq purge --user U`: remove one user's dead letters (an erasure's part in the DLQ). */
export const dlqPurgeCommand: Command = { spec: purgeSpec, run: purge };
