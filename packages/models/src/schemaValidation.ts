import type { ApiKeyGrants } from './apiKeys';
import type { BatchRequest } from './batchSchemas';
import type { CompiledValidator } from './compiledValidator';
import type { QueueEnvelope } from './envelopeSchema';
import type { ErasureRequest } from './erasureSchemas';
import * as compiled from './generated/validators';
import type { LocalStack } from './localStackSchema';
import type { ReplayRequest } from './replaySchemas';
import type { SchemaName, SchemaTypes } from './schemaRegistry';
import type { Violation } from './violation';
import { violationsFromAjv } from './violations';

/** The outcome of checking a value against a schema: the typed value, or every violation. */
export type SchemaCheck<T> = { ok: true; value: T } | { ok: false; violations: Violation[] };

const validators: { [Name in SchemaName]: CompiledValidator<SchemaTypes[Name]> } = {
  apiKeyGrants: compiled.apiKeyGrants,
  event: compiled.event,
  batchRequest: compiled.batchRequest,
  envelope: compiled.envelope,
  storedRecord: compiled.storedRecord,
  eventStatus: compiled.eventStatus,
  eventList: compiled.eventList,
  eventListQuery: compiled.eventListQuery,
  localStack: compiled.localStack,
  notification: compiled.notification,
  persistedEvent: compiled.persistedEvent,
  errorBody: compiled.errorBody,
  accepted: compiled.accepted,
  batchResult: compiled.batchResult,
  health: compiled.health,
  readiness: compiled.readiness,
  replayRequest: compiled.replayRequest,
  replay: compiled.replay,
  replayList: compiled.replayList,
  erasureRequest: compiled.erasureRequest,
  erasure: compiled.erasure,
  erasureList: compiled.erasureList,
};

/** The precompiled validator of a named schema (its ajv errors are on `.errors`). */
function compiledValidator<Name extends SchemaName>(
  name: Name,
): CompiledValidator<SchemaTypes[Name]> {
  return validators[name];
}

function check<T>(validate: CompiledValidator<T>, input: unknown): SchemaCheck<T> {
  if (validate(input)) return { ok: true, value: input };
  return { ok: false, violations: violationsFromAjv(validate.errors, input) };
}

/**
 * Checks a value against one named schema (structure only, no semantic rules), e.g. a
 * response body in a test. Runtime paths use the dedicated checks below, which keep the
 * other validators out of a Lambda bundle.
 */
export function validateAgainst<Name extends SchemaName>(
  name: Name,
  input: unknown,
): SchemaCheck<SchemaTypes[Name]> {
  return check(compiledValidator(name), input);
}

/** Checks a decoded SQS body against the queue envelope schema. */
export function validateEnvelope(input: unknown): SchemaCheck<QueueEnvelope> {
  return check(compiled.envelope, input);
}

/** Checks that a batch body is `{"events":[…]}` with 1–500 items (items are not checked). */
export function validateBatchRequest(input: unknown): SchemaCheck<BatchRequest> {
  return check(compiled.batchRequest, input);
}

/** Checks the content of `.local/stack.json` (untrusted: a file anyone may have edited). */
export function validateLocalStack(input: unknown): SchemaCheck<LocalStack> {
  return check(compiled.localStack, input);
}

/** Checks a POST /replays body against its schema (its window is checked by validateReplayRequest). */
export function checkReplayRequestShape(input: unknown): SchemaCheck<ReplayRequest> {
  return check(compiled.replayRequest, input);
}

/** Checks a POST /erasures body. */
export function validateErasureRequest(input: unknown): SchemaCheck<ErasureRequest> {
  return check(compiled.erasureRequest, input);
}

/** Checks the authorizer's grants table (the grants object), each time it reads a new one. */
export function validateApiKeyGrants(input: unknown): SchemaCheck<ApiKeyGrants> {
  return check(compiled.apiKeyGrants, input);
}
