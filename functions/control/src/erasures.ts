import { changeSuppression, createErasure, getErasure, listErasures, type Sql } from '@fluxa/db';
import { authorize, HttpError, type HttpRequest, jsonBodyText } from '@fluxa/http';
import { isValidEventId, newEventId, parseJson, validateErasureRequest } from '@fluxa/models';
import { publishSuppressionList } from '@fluxa/storage';
import type { ControlDeps } from './deps';
import type { Answer } from './replays';

/** A request body of /erasures is small: a user id and a flag. */
const maxBodyBytes = 16 * 1024;

/** How many erasures GET /erasures lists, newest first. */
const listedErasures = 100;

/**
 * Suppresses a user or lifts it, and publishes the tenant's list (what ingest refuses) in the
 * same transaction: a failed publish changes nothing, and changes to one tenant's list are
 * serialised so the list published is never stale.
 */
async function setSuppressed(
  sql: Sql,
  deps: ControlDeps,
  change: { tenantId: string; userId: string; suppressed: boolean },
): Promise<void> {
  await sql.begin(async (tx) => {
    const hashes = await changeSuppression(tx, change);
    await publishSuppressionList(
      await deps.s3(),
      deps.config.payloadBucket,
      change.tenantId,
      hashes,
    );
  });
}

/**
 * POST /erasures: records an erasure of the user's stored events (the lifecycle run deletes
 * them, with their payloads, within minutes) and, with `suppress`, refuses the user's later
 * events from now on. Asking again while one runs answers the running one.
 */
export async function startErasure(request: HttpRequest, deps: ControlDeps): Promise<Answer> {
  const { tenantId } = authorize(request, 'erase');
  const parsed = parseJson(jsonBodyText(request, maxBodyBytes));
  if (!parsed.ok) throw new HttpError(400, 'INVALID_JSON', parsed.message);
  const checked = validateErasureRequest(parsed.value);
  if (!checked.ok) {
    throw new HttpError(400, 'VALIDATION_FAILED', 'invalid erasure request', {
      details: checked.violations,
    });
  }
  const sql = await deps.database();
  if (checked.value.suppress) {
    await setSuppressed(sql, deps, { tenantId, userId: checked.value.user_id, suppressed: true });
  }
  const erasure = await createErasure(sql, {
    tenantId,
    erasureId: newEventId(),
    request: checked.value,
  });
  return { status: 202, body: { erasure_id: erasure.erasure_id, status: 'running' } };
}

/** GET /erasures/{erasure_id}: one of the tenant's erasures (another tenant's is not found). */
export async function showErasure(request: HttpRequest, deps: ControlDeps): Promise<Answer> {
  const { tenantId } = authorize(request, 'erase');
  const erasureId = request.pathParameters.erasure_id ?? '';
  // Ids are ours (UUIDv7s, within the event-id rule): any other string, NUL or a lone
  // surrogate included, names nothing and never reaches the database.
  const erasure = isValidEventId(erasureId)
    ? await getErasure(await deps.database(), tenantId, erasureId)
    : undefined;
  if (!erasure) throw new HttpError(404, 'NOT_FOUND', 'no such erasure');
  return { status: 200, body: erasure };
}

/** GET /erasures: the tenant's latest erasures, newest first. */
export async function listTenantErasures(request: HttpRequest, deps: ControlDeps): Promise<Answer> {
  const { tenantId } = authorize(request, 'erase');
  const items = await listErasures(await deps.database(), tenantId, listedErasures);
  return { status: 200, body: { items } };
}

/** DELETE /suppressions/{user_id}: the user's events are accepted again. */
export async function liftSuppression(request: HttpRequest, deps: ControlDeps): Promise<Answer> {
  const { tenantId } = authorize(request, 'erase');
  const userId = request.pathParameters.user_id ?? '';
  const checked = validateErasureRequest({ user_id: userId });
  if (!checked.ok) {
    throw new HttpError(400, 'VALIDATION_FAILED', 'invalid user id', {
      details: checked.violations,
    });
  }
  await setSuppressed(await deps.database(), deps, { tenantId, userId, suppressed: false });
  return { status: 200, body: { user_id: userId, suppressed: false } };
}
