import { countReplayMatches, createReplay, getReplay, listReplays } from '@fluxa/db';
import { authorize, HttpError, type HttpRequest, jsonBodyText } from '@fluxa/http';
import {
  isValidEventId,
  maxReplayEvents,
  newEventId,
  parseJson,
  validateReplayRequest,
} from '@fluxa/models';
import type { ControlDeps } from './deps';

/** A request body of /replays is small: bounds and two filters. */
const maxBodyBytes = 16 * 1024;

/** How many replays GET /replays lists, newest first. */
const listedReplays = 100;

/** An answer: status and JSON body. */
export interface Answer {
  status: number;
  body: unknown;
}

/**
 * POST /replays: checks the window (at most 31 days) and counts what it matches (at most
 * 5,000,000 events); a dry run answers the count; otherwise records a running replay the relay
 * publishes page by page — unless the tenant has one running already (409, naming it).
 */
export async function startReplay(request: HttpRequest, deps: ControlDeps): Promise<Answer> {
  const { tenantId } = authorize(request, 'replay');
  const parsed = parseJson(jsonBodyText(request, maxBodyBytes));
  if (!parsed.ok) throw new HttpError(400, 'INVALID_JSON', parsed.message);
  const checked = validateReplayRequest(parsed.value);
  if (!checked.ok) {
    throw new HttpError(400, 'VALIDATION_FAILED', 'invalid replay request', {
      details: checked.violations,
    });
  }
  const sql = await deps.database();
  const cap = deps.maxReplayEvents ?? maxReplayEvents;
  const matched = await countReplayMatches(sql, tenantId, checked.value, cap);
  if (matched > cap) {
    const reason = `matches more than ${cap} events (the most one replay publishes): narrow the window or filter`;
    throw new HttpError(400, 'VALIDATION_FAILED', 'the replay is too large', {
      details: [{ field: '', code: 'INVALID_VALUE', reason }],
    });
  }
  if (checked.value.dry_run) return { status: 200, body: { matched } };
  const started = await createReplay(sql, {
    tenantId,
    replayId: newEventId(),
    request: checked.value,
    matched,
  });
  if ('running' in started) {
    throw new HttpError(
      409,
      'REPLAY_IN_PROGRESS',
      `replay ${started.running.replay_id} of this tenant is still running; wait for it to finish`,
    );
  }
  const { replay_id, status } = started.created;
  return { status: 202, body: { replay_id, status, matched } };
}

/** GET /replays/{replay_id}: one of the tenant's replays (another tenant's is not found). */
export async function showReplay(request: HttpRequest, deps: ControlDeps): Promise<Answer> {
  const { tenantId } = authorize(request, 'replay');
  const replayId = request.pathParameters.replay_id ?? '';
  // Ids are ours (UUIDv7s, within the event-id rule): any other string, NUL or a lone
  // surrogate included, names nothing and never reaches the database.
  const replay = isValidEventId(replayId)
    ? await getReplay(await deps.database(), tenantId, replayId)
    : undefined;
  if (!replay) throw new HttpError(404, 'NOT_FOUND', 'no such replay');
  return { status: 200, body: replay };
}

/** GET /replays: the tenant's latest replays, newest first. */
export async function listTenantReplays(request: HttpRequest, deps: ControlDeps): Promise<Answer> {
  const { tenantId } = authorize(request, 'replay');
  const items = await listReplays(await deps.database(), tenantId, listedReplays);
  return { status: 200, body: { items } };
}
