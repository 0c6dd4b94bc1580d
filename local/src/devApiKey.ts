import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { statePaths } from './stateDir';

/**
 * The dev API key: generated once and kept in the state dir (mode 0600), so it survives
 * restarts and `make local-reset`, and a developer's scripts keep working.
 */
export function devApiKey(stateDir: string): string {
  const file = statePaths(stateDir).devApiKey;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = `dev-${randomBytes(16).toString('hex')}`;
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
