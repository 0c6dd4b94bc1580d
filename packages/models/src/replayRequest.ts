import { maxReplayDays, type ReplayRequest } from './replaySchemas';
import { checkReplayRequestShape, type SchemaCheck } from './schemaValidation';
import { checkTimestamp } from './timestamp';

/** A replay request whose bounds were checked: the window as UTC instants. */
export interface CheckedReplayRequest extends ReplayRequest {
  /** `stored_after` and `stored_before` as UTC instants (microseconds). */
  window: { after: string; before: string };
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Checks a POST /replays body: its schema (RFC 3339 bounds, known fields), then that the window
 * is not empty and spans at most {@link maxReplayDays} days. Every violation at once.
 */
export function validateReplayRequest(input: unknown): SchemaCheck<CheckedReplayRequest> {
  const checked = checkReplayRequestShape(input);
  if (!checked.ok) return checked;
  const after = checkTimestamp(checked.value.stored_after);
  const before = checkTimestamp(checked.value.stored_before);
  if (!after.ok || !before.ok) {
    const field = after.ok ? 'stored_before' : 'stored_after';
    const reason = after.ok ? (before.ok ? '' : before.reason) : after.reason;
    return { ok: false, violations: [{ field, code: 'INVALID_VALUE', reason }] };
  }
  // UTC instants with microseconds sort as text.
  if (before.instant.utc <= after.instant.utc) {
    const reason = 'must be later than stored_after';
    return { ok: false, violations: [{ field: 'stored_before', code: 'INVALID_VALUE', reason }] };
  }
  if (before.instant.epochMillis - after.instant.epochMillis > maxReplayDays * dayMs) {
    const reason = `must be at most ${maxReplayDays} days after stored_after (one replay covers at most ${maxReplayDays} days)`;
    return { ok: false, violations: [{ field: 'stored_before', code: 'INVALID_VALUE', reason }] };
  }
  return {
    ok: true,
    value: { ...checked.value, window: { after: after.instant.utc, before: before.instant.utc } },
  };
}
