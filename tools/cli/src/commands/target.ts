import type { CommandSpec, FlagValues } from '../args';
import type { Command, CommandContext } from '../context';
import { exitCodes } from '../errors';
import { formatFields } from '../output';
import {
  apiOptions,
  notificationsOption,
  queueOptions,
  resolveTarget,
  type Setting,
} from '../target';

const spec: CommandSpec = {
  name: 'target',
  summary: 'show what the other commands would talk to, and where each setting came from',
  synopsis: '[options]',
  options: { ...apiOptions, ...queueOptions, ...notificationsOption },
  examples: ['fluxa target', 'fluxa target --terraform-dir infra/terraform/envs/dev'],
};

function shown(setting: Setting | undefined): string {
  return setting ? `${setting.value}  (${setting.source})` : '-';
}

async function run(context: CommandContext, { values }: { values: FlagValues }): Promise<number> {
  const target = await resolveTarget(values, context);
  const settings = {
    api_url: target.apiUrl ?? null,
    api_key: target.apiKey ? { set: true, source: target.apiKey.source } : { set: false },
    queue_url: target.queueUrl ?? null,
    dlq_url: target.dlqUrl ?? null,
    notifications_url: target.notificationsUrl ?? null,
    key_tenant: target.keyTenant ?? null,
    region: target.region ?? null,
    endpoint: target.endpoint ?? null,
  };
  context.out.result(settings, () =>
    formatFields([
      ['api url', shown(target.apiUrl)],
      ['api key', target.apiKey ? `set  (${target.apiKey.source})` : '-'],
      ['queue url', shown(target.queueUrl)],
      ['dlq url', shown(target.dlqUrl)],
      ['notifications', shown(target.notificationsUrl)],
      ['key tenant', shown(target.keyTenant)],
      ['region', shown(target.region)],
      ['aws endpoint', shown(target.endpoint)],
    ]),
  );
  return exitCodes.ok;
}

/** `fluxa target`: the resolved target with the source of each setting (never the key). */
export const targetCommand: Command = { spec, run };
