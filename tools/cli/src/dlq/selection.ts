import {
  type FlagValues,
  type OptionSpec,
  stringFlag,
  stringsFlag,
  valueFlag,
  valuesFlag,
} from '../args';
import { codesFlag } from './errorCodes';
import type { DlqMessage } from './message';

/**
 * Which dead letters a command acts on: a letter is selected when it matches every kind of
 * name given — one of the codes, one of the event ids, one of the message ids, the tenant —
 * and a kind not given selects every letter. `dlq ls` and `dlq rm` read the same flags the
 * same way, so what a listing shows is exactly what a removal with those flags removes.
 */
export interface LetterSelection {
  codes?: ReadonlySet<string> | undefined;
  eventIds?: ReadonlySet<string> | undefined;
  messageIds?: ReadonlySet<string> | undefined;
  tenant?: string | undefined;
}

/** The selection flags, each a kind of name; a command offers those it takes. */
export const selectionOptions = {
  code: valuesFlag('X', 'letters with this error_code (repeat for several)'),
  'event-id': valuesFlag('ID', 'letters of this event id (repeat for several)'),
  'message-id': valuesFlag('ID', 'the letter with this SQS message id (repeat for several)'),
  tenant: valueFlag('T', "only this tenant's letters"),
} satisfies Record<string, OptionSpec>;

function setOf(values: string[]): ReadonlySet<string> | undefined {
  return values.length > 0 ? new Set(values) : undefined;
}

/** The selection the flags name. */
export function selectionFlags(values: FlagValues): LetterSelection {
  return {
    codes: codesFlag(values),
    eventIds: setOf(stringsFlag(values, 'event-id')),
    messageIds: setOf(stringsFlag(values, 'message-id')),
    tenant: stringFlag(values, 'tenant'),
  };
}

/** Whether the selection names anything at all (a removal must). */
export function namesLetters(selection: LetterSelection): boolean {
  return Boolean(selection.codes || selection.eventIds || selection.messageIds);
}

/** Whether a letter is selected (see {@link LetterSelection}). */
export function isSelected(selection: LetterSelection, letter: DlqMessage): boolean {
  const among = (names: ReadonlySet<string> | undefined, value: string | undefined) =>
    names === undefined || (value !== undefined && names.has(value));
  return (
    among(selection.codes, letter.errorCode) &&
    among(selection.eventIds, letter.eventId) &&
    among(selection.messageIds, letter.messageId) &&
    (selection.tenant === undefined || letter.tenantId === selection.tenant)
  );
}
