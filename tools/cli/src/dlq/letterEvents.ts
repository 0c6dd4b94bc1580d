import type { Api } from '../api';
import { InterruptedError, messageOf } from '../errors';
import type { DlqMessage } from './message';

/** Whether a letter's event is stored, as the API tells it; `stored` null when it cannot say, and why. */
export type LetterEvent =
  | { stored: true }
  | { stored: false; status: 'processing' | 'failed' | 'erased' | 'not_seen' | 'another_payload' }
  | { stored: null; unknown: string };

/** Status calls in flight at once. */
const concurrency = 8;

/** The API a listing asks, and the tenant of its key (undefined: the CLI learns it by asking). */
export interface EventAsk {
  api?: Api | undefined;
  /** Why there is no API to ask (no URL, no key). */
  noApi?: string | undefined;
  keyTenant?: string | undefined;
}

/**
 * The key's tenant when the target does not say (the local stack's key does): the tenant of the
 * events the key reads, from one `GET /events?limit=1`. Undefined when it reads none.
 */
async function tenantOfKey(api: Api): Promise<string | undefined> {
  const page = await api.call((client, options) => client.listPage({ limit: 1 }, options));
  return page.items[0]?.tenant_id;
}

/**
 * Whether this letter's event is stored: a stored row of its tenant and id with its payload's
 * hash. Otherwise how far it got: stored with another payload (a conflict), still
 * `processing`, `failed`, or never seen. Only the key's tenant can be asked: another tenant's
 * letter is `unknown`, reads being scoped to the key's tenant.
 */
async function letterEvent(api: Api, keyTenant: string, letter: DlqMessage): Promise<LetterEvent> {
  const { eventId, tenantId } = letter;
  if (eventId === undefined || tenantId === undefined) {
    return { stored: null, unknown: 'the letter is not an envelope: its event is unknown' };
  }
  if (tenantId !== keyTenant) {
    return {
      stored: null,
      unknown: `tenant ${tenantId}'s: the key reads tenant ${keyTenant} only`,
    };
  }
  try {
    const record = await api.call((client, options) => client.get(eventId, options));
    if (record) {
      return record.payload_sha256 === letter.payloadSha256
        ? { stored: true }
        : { stored: false, status: 'another_payload' };
    }
    const status = await api.call((client, options) => client.status(eventId, options));
    if (!status) return { stored: false, status: 'not_seen' };
    const { status: state } = status;
    return {
      stored: false,
      status: state === 'failed' || state === 'erased' ? state : 'processing',
    };
  } catch (error) {
    if (error instanceof InterruptedError) throw error;
    return { stored: null, unknown: messageOf(error) };
  }
}

/** What the API says of each letter's event, in order (see {@link letterEvent}). */
export async function letterEvents(ask: EventAsk, letters: DlqMessage[]): Promise<LetterEvent[]> {
  const { api } = ask;
  if (!api) return letters.map(() => ({ stored: null, unknown: ask.noApi ?? 'no API to ask' }));
  let keyTenant = ask.keyTenant;
  try {
    keyTenant ??= await tenantOfKey(api);
  } catch (error) {
    if (error instanceof InterruptedError) throw error;
    return letters.map(() => ({ stored: null, unknown: messageOf(error) }));
  }
  if (keyTenant === undefined) {
    const why = "the key's tenant has no stored events, so which letters are its own is unknown";
    return letters.map(() => ({ stored: null, unknown: why }));
  }
  const tenant = keyTenant;
  const results: LetterEvent[] = new Array(letters.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < letters.length; index = next++) {
      results[index] = await letterEvent(api, tenant, letters[index] as DlqMessage);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

/** The STORED column of a letter: yes, no (why), or unknown. */
export function storedText(event: LetterEvent): string {
  if (event.stored === true) return 'yes';
  if (event.stored === null) return 'unknown';
  return `no (${event.status.replace('_', ' ')})`;
}
