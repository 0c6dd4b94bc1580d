import { decimalPlaces } from './amount';
import type { CompiledValidator } from './compiledValidator';
import { minorUnits } from './currencies';
import type { EventInput } from './eventSchema';
import * as compiled from './generated/validators';
import { metadataViolations } from './metadata';
import { type InexactNumbers, noInexactNumbers } from './parseJson';
import { checkTimestamp } from './timestamp';
import type { Violation } from './violation';
import { normalizeViolations, violationsFromAjv } from './violations';

/** How far after `now` an event timestamp may lie (clock skew allowance). */
export const maxFutureSkewMs = 5 * 60 * 1000;

/** Inputs of event validation that do not come from the event itself. */
export interface ValidateEventOptions {
  /** The reference time for the "not in the future" rule (ingest: request time). */
  now: Date;
  /** Numbers whose literal was not exact, from the {@link parseJson} that produced the input. */
  inexact?: InexactNumbers;
}

/** The outcome of validating an event: the typed event, or every violation at once. */
export type EventValidation<T> = { ok: true; event: T } | { ok: false; violations: Violation[] };

type Fields = Record<string, unknown>;

function isJsonObject(input: unknown): input is Fields {
  return typeof input === 'object' && input !== null && !Array.isArray(input);
}

function currencyViolations(fields: Fields): Violation[] {
  const { currency } = fields;
  if (typeof currency !== 'string' || minorUnits(currency) !== undefined) return [];
  return [
    {
      field: 'currency',
      code: 'INVALID_VALUE',
      reason: 'must be an active ISO 4217 currency code',
    },
  ];
}

function amountViolations(fields: Fields, inexact: InexactNumbers): Violation[] {
  const { amount, currency } = fields;
  if (typeof amount !== 'number') return [];
  if (inexact.has(fields, 'amount')) {
    const reason = 'cannot be represented exactly; use at most 15 significant digits';
    return [{ field: 'amount', code: 'INVALID_VALUE', reason }];
  }
  const allowed = typeof currency === 'string' ? minorUnits(currency) : undefined;
  if (allowed === undefined || decimalPlaces(amount) <= allowed) return [];
  const reason =
    allowed === 0
      ? `must be a whole number for ${currency}`
      : `must have at most ${allowed} decimal places for ${currency}`;
  return [{ field: 'amount', code: 'INVALID_VALUE', reason }];
}

function timestampViolations(fields: Fields, now: Date): Violation[] {
  const { timestamp } = fields;
  if (typeof timestamp !== 'string') return [];
  const checked = checkTimestamp(timestamp);
  if (!checked.ok) return [{ field: 'timestamp', code: 'INVALID_VALUE', reason: checked.reason }];
  if (checked.instant.epochMillis - now.getTime() <= maxFutureSkewMs) return [];
  const reason = 'must not be more than 5 minutes in the future';
  return [{ field: 'timestamp', code: 'INVALID_VALUE', reason }];
}

function storabilityViolations(fields: Fields, inexact: InexactNumbers): Violation[] {
  const { metadata } = fields;
  return isJsonObject(metadata) ? metadataViolations(metadata, inexact) : [];
}

/**
 * The rules JSON Schema cannot express, applied only to fields the schema found well-formed
 * so that one problem yields one violation. (Decimals are judged only against a listed
 * currency: `minorUnits` is undefined for any malformed or inactive code.)
 */
function semanticViolations(
  fields: Fields,
  flagged: Set<string>,
  options: ValidateEventOptions,
): Violation[] {
  const inexact = options.inexact ?? noInexactNumbers;
  return [
    ...(flagged.has('currency') ? [] : currencyViolations(fields)),
    ...(flagged.has('amount') ? [] : amountViolations(fields, inexact)),
    ...(flagged.has('timestamp') ? [] : timestampViolations(fields, options.now)),
    ...(flagged.has('metadata') ? [] : storabilityViolations(fields, inexact)),
  ];
}

function validateWith<T>(
  validate: CompiledValidator<T>,
  input: unknown,
  options: ValidateEventOptions,
): EventValidation<T> {
  if (!isJsonObject(input)) {
    return {
      ok: false,
      violations: [{ field: '', code: 'INVALID_VALUE', reason: 'must be a JSON object' }],
    };
  }
  const valid = validate(input);
  const structural = valid ? [] : violationsFromAjv(validate.errors, input);
  const flagged = new Set(structural.map((violation) => violation.field));
  const violations = [...structural, ...semanticViolations(input, flagged, options)];
  if (valid && violations.length === 0) return { ok: true, event: input };
  return { ok: false, violations: normalizeViolations(violations) };
}

/**
 * Validates a request event and returns every violation at once: schema rules first (strings
 * are storable text, lengths in code points), then active ISO 4217 currency, decimals within
 * the currency's minor unit, exact amount, a storable timestamp at most 5 minutes after
 * `options.now`, and storable metadata. Whatever passes can be stored and read back equal.
 */
export function validateEvent(
  input: unknown,
  options: ValidateEventOptions,
): EventValidation<EventInput> {
  return validateWith(compiled.event, input, options);
}
