/** The earliest instant an event timestamp may denote (PostgreSQL's era-free range). */
export const earliestTimestamp = '0001-01-01T00:00:00Z';

/** The latest instant an event timestamp may denote, at microsecond precision. */
export const latestTimestamp = '9999-12-31T23:59:59.999999Z';

const earliestMillis = Date.parse('0001-01-01T00:00:00.000Z');
const latestMillis = Date.parse('9999-12-31T23:59:59.999Z');

const rfc3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** Why a date-time string is refused, one sentence per rule. */
export const timestampReasons = {
  syntax: 'must be an RFC 3339 date-time with a time-zone offset',
  calendar: 'must be a real calendar date and time (no 24:00, no leap second)',
  precision: 'must have at most 6 fractional digits (microsecond precision)',
  range: `must lie between ${earliestTimestamp} and ${latestTimestamp}`,
} as const;

/** A date-time reduced to its UTC instant, exactly as PostgreSQL's `timestamptz` keeps it. */
export interface Instant {
  /** Milliseconds since the Unix epoch (the microseconds below are extra). */
  epochMillis: number;
  /** The instant as `YYYY-MM-DDTHH:MM:SS.ffffffZ`: what is stored and returned. */
  utc: string;
}

/** The outcome of {@link checkTimestamp}. */
export type TimestampCheck = { ok: true; instant: Instant } | { ok: false; reason: string };

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Reads an RFC 3339 date-time and checks that it is storable exactly: a real (proleptic
 * Gregorian) calendar date and time, at most microsecond precision (digits past the sixth
 * must be zeros), and an instant — after the offset — from {@link earliestTimestamp} to
 * {@link latestTimestamp}. Returns the UTC instant, or the first rule it breaks.
 */
export function checkTimestamp(text: string): TimestampCheck {
  const match = rfc3339.exec(text);
  if (match === null) return { ok: false, reason: timestampReasons.syntax };
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fraction = match[7] ?? '';
  const offsetSign = match[8];
  const offsetHours = Number(match[9] ?? 0);
  const offsetMinutes = Number(match[10] ?? 0);
  const realDateTime =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59;
  if (!realDateTime) return { ok: false, reason: timestampReasons.calendar };
  if (/[1-9]/.test(fraction.slice(6))) return { ok: false, reason: timestampReasons.precision };
  const micros = fraction.slice(0, 6).padEnd(6, '0');
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, Number(micros.slice(0, 3)));
  const offset = (offsetSign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  const epochMillis = local.getTime() - offset * 60_000;
  if (epochMillis < earliestMillis || epochMillis > latestMillis) {
    return { ok: false, reason: timestampReasons.range };
  }
  const utc = `${new Date(epochMillis).toISOString().slice(0, 23)}${micros.slice(3)}Z`;
  return { ok: true, instant: { epochMillis, utc } };
}
