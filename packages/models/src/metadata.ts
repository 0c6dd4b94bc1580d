import type { InexactNumbers } from './parseJson';
import { isStorableText, storableTextReason } from './text';
import type { Violation } from './violation';

/** How deep metadata may nest (objects and arrays), so any accepted value serialises and stores. */
export const maxMetadataDepth = 32;

/** Past this many, further metadata problems are not listed (the event is rejected either way). */
const maxMetadataViolations = 20;

const invalid = (field: string, reason: string): Violation => ({
  field,
  code: 'INVALID_VALUE',
  reason,
});

/**
 * The storability rules for metadata, which JSON Schema cannot state: every key and string
 * is storable text, every number finite and exactly the literal sent, nesting at most
 * {@link maxMetadataDepth} levels. Fields are dotted paths, e.g. `metadata.items.0.sku`.
 */
export function metadataViolations(metadata: object, inexact: InexactNumbers): Violation[] {
  const violations: Violation[] = [];
  const visit = (value: unknown, field: string, depth: number): void => {
    if (violations.length >= maxMetadataViolations) return;
    if (typeof value === 'string') {
      if (!isStorableText(value)) violations.push(invalid(field, storableTextReason));
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    if (depth > maxMetadataDepth) {
      violations.push(invalid(field, `must not nest deeper than ${maxMetadataDepth} levels`));
      return;
    }
    for (const [key, member] of Object.entries(value)) {
      const path = `${field}.${key}`;
      if (!isStorableText(key)) violations.push(invalid(path, `key ${storableTextReason}`));
      if (typeof member === 'number' && !Number.isFinite(member)) {
        violations.push(invalid(path, 'must be a finite number'));
      } else if (typeof member === 'number' && inexact.has(value, key)) {
        const reason = 'cannot be stored exactly as a number; send it as a string';
        violations.push(invalid(path, reason));
      } else {
        visit(member, path, depth + 1);
      }
    }
  };
  visit(metadata, 'metadata', 1);
  return violations;
}
