import path from 'node:path';

/** The repository root (tools/bench/src → ../../..). */
export const repoRoot = path.resolve(import.meta.dirname, '../../..');
