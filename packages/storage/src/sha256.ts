import { createHash } from 'node:crypto';

/** Lower-case hex SHA-256 of exactly these bytes (a string is taken as UTF-8). */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
