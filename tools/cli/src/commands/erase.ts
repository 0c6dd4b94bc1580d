import type { Erasure } from '@fluxa/client';
import { validateErasureRequest } from '@fluxa/models';
import { violationLines } from '../api';
import {
  booleanFlag,
  type CommandSpec,
  type FlagValues,
  type ParsedArgs,
  requiredFlag,
  switchFlag,
  valueFlag,
} from '../args';
import { connectApi, timeoutOption } from '../connect';
import { type Command, type CommandContext, requireConsent } from '../context';
import { exitCodes, UsageError } from '../errors';
import { type JobKind, jobCommands, startedJob, waitOption } from '../jobs';
import { apiOptions } from '../target';

/** Erasures as jobs the CLI follows and shows. */
export const erasures: JobKind<Erasure> = {
  noun: 'erasure',
  command: 'erase',
  read: (client, id, options) => client.getErasure(id, options),
  list: (client, options) => client.erasures(options),
  view: (erasure) => ({ status: erasure.status, done: erasure.events_deleted }),
  label: 'erasing',
  unit: 'events',
  fields: (erasure) => [
    ['erasure_id', erasure.erasure_id],
    ['status', erasure.status],
    ['events_deleted', String(erasure.events_deleted)],
    ['objects_deleted', String(erasure.objects_deleted)],
    ['suppress', erasure.suppress ? 'yes: the user’s events are refused' : 'no'],
    ['user_sha256', erasure.user_sha256],
    ['requested_at', erasure.requested_at],
    ['finished_at', erasure.finished_at ?? '-'],
    ...(erasure.error === undefined ? [] : [['error', erasure.error] as [string, string]]),
  ],
  columns: [
    ['ERASURE_ID', (erasure) => erasure.erasure_id],
    ['STATUS', (erasure) => erasure.status],
    ['EVENTS', (erasure) => String(erasure.events_deleted)],
    ['OBJECTS', (erasure) => String(erasure.objects_deleted)],
    ['SUPPRESS', (erasure) => (erasure.suppress ? 'yes' : 'no')],
    ['REQUESTED_AT', (erasure) => erasure.requested_at],
  ],
};

const userOption = {
  user: valueFlag('U', 'the user_id'),
} as const;

const eraseSpec: CommandSpec = {
  name: 'erase',
  summary: "delete every stored event of a user of the key's tenant (POST /erasures)",
  synopsis: '--user U [--suppress] [--wait] [--yes] [options]',
  options: {
    ...userOption,
    suppress: switchFlag("also refuse the user's later events"),
    ...waitOption,
    yes: switchFlag('erase without asking', 'y'),
    ...apiOptions,
    ...timeoutOption,
  },
  examples: ['fluxa erase --user u-42 --suppress --wait', 'fluxa erase --user u-42 --yes --json'],
};

const unsuppressSpec: CommandSpec = {
  name: 'unsuppress',
  summary: "accept a suppressed user's events again (DELETE /suppressions/{user_id})",
  synopsis: '--user U [options]',
  options: { ...userOption, ...apiOptions, ...timeoutOption },
  examples: ['fluxa unsuppress --user u-42'],
};

async function erase(context: CommandContext, { values }: ParsedArgs): Promise<number> {
  const user = requiredFlag(values, 'user', 'erase');
  const suppress = booleanFlag(values, 'suppress');
  const checked = validateErasureRequest({ user_id: user, suppress });
  if (!checked.ok) {
    throw new UsageError(['invalid erasure', ...violationLines(checked.violations)].join('\n'));
  }
  const yes = booleanFlag(values, 'yes');
  requireConsent(context, yes);
  const { api } = await connectApi(context, values);
  const question = `erase every stored event of user ${user}${suppress ? ' and refuse their later ones' : ''}? It cannot be undone`;
  if (!yes && (await context.confirm?.(question)) !== true) {
    context.out.note('not erased: not confirmed');
    return exitCodes.failure;
  }
  const started = await api.call((client, options) =>
    client.erase({ user_id: user, suppress }, options),
  );
  const line = `erasure ${started.erasure_id} running for user ${user}${suppress ? '; their later events are refused' : ''}`;
  const job = { id: started.erasure_id, body: started, line };
  return startedJob(context, api, erasures, job, booleanFlag(values, 'wait'));
}

async function unsuppress(context: CommandContext, { values }: { values: FlagValues }) {
  const user = requiredFlag(values, 'user', 'unsuppress');
  const { api } = await connectApi(context, values);
  await api.call((client, options) => client.unsuppress(user, options));
  context.out.result({ user_id: user, suppressed: false }, () => [
    `user ${user} is no longer suppressed: their events are accepted again`,
  ]);
  return exitCodes.ok;
}

/** `fluxa erase`, `erase status`, `erase ls` and `fluxa unsuppress`. */
export const eraseCommands: Command[] = [
  { spec: eraseSpec, run: erase },
  ...jobCommands(erasures, {
    status: 'an erasure: events and objects deleted, suppression, times (GET /erasures/{id})',
    ls: "the tenant's latest erasures, newest first (GET /erasures)",
  }),
  { spec: unsuppressSpec, run: unsuppress },
];
