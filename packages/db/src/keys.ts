/** What identifies an event: its id is unique within its tenant. */
export interface EventKey {
  tenant_id: string;
  event_id: string;
}

/** The same key as text, for maps and sets (a tenant id never holds a space). */
export const keyText = (key: EventKey): string => `${key.tenant_id} ${key.event_id}`;

/** The keys as two parallel arrays, for `unnest`. */
export function keyArrays(keys: readonly EventKey[]): [string[], string[]] {
  return [keys.map((k) => k.tenant_id), keys.map((k) => k.event_id)];
}
