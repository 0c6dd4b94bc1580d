import { type EventStatus, minorUnits, type StoredRecord } from '@fluxa/models';
import { formatFields } from './output';

/**
 * The number of an amount with exactly its currency's ISO 4217 minor units and thousands
 * separators, the same whatever the operator's locale: `1,234` (JPY), `12.50` (USD),
 * `1.234` (KWD). A code without minor units (not an ISO 4217 currency) shows the number as is.
 */
export function amountNumber(amount: number, currency: string): string {
  const digits = minorUnits(currency);
  if (digits === undefined) return String(amount);
  const format = { minimumFractionDigits: digits, maximumFractionDigits: digits };
  return amount.toLocaleString('en-US', format);
}

/** An amount with its currency: `JPY 1,234`, `USD 12.50`, `KWD 1.234`. */
export function formatAmount(amount: number, currency: string): string {
  return `${currency} ${amountNumber(amount, currency)}`;
}

/** A stored record as `key: value` lines. */
export function recordLines(record: StoredRecord): string[] {
  const fields: Array<[string, string]> = [
    ['tenant_id', record.tenant_id],
    ['event_id', record.event_id],
    ['user_id', record.user_id],
    ['amount', formatAmount(record.amount, record.currency)],
    ['merchant', record.merchant],
    ['timestamp', record.timestamp],
    ['metadata', record.metadata === null ? '-' : JSON.stringify(record.metadata)],
    ['correlation_id', record.correlation_id],
    ['payload', record.s3_key ? `${record.payload_mode} ${record.s3_key}` : record.payload_mode],
    ['payload_sha256', record.payload_sha256],
    ['received_at', record.received_at],
    ['created_at', record.created_at],
  ];
  return formatFields(fields);
}

/** A processing status as `key: value` lines. */
export function statusLines(status: EventStatus): string[] {
  const fields: Array<[string, string]> = [
    ['event_id', status.event_id],
    ['status', status.status],
    ['attempts', String(status.attempts)],
    ['first_seen_at', status.first_seen_at],
    ['last_seen_at', status.last_seen_at],
  ];
  if (status.error_reason !== undefined) fields.push(['error_reason', status.error_reason]);
  fields.push(['notified_at', status.notified_at ?? '-']);
  return formatFields(fields);
}

/** Human duration: `850 ms`, `12.3 s`, `4 min 10 s`, `3 h 5 min`, `2 d 4 h`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.floor(seconds % 60)} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
