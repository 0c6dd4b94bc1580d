import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One ordered SQL file of migrations/. */
export interface Migration {
  version: number;
  name: string;
  checksum: string;
  sql: string;
}

const fileName = /^(\d+)_([a-z0-9_]+)\.sql$/;

/** Reads `NNNN_name.sql` files in version order; refuses duplicate versions and stray names. */
export function loadMigrations(directory: string): Migration[] {
  const migrations = readdirSync(directory)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = fileName.exec(file);
      if (!match) throw new Error(`migration file name must be NNNN_name.sql: ${file}`);
      const sql = readFileSync(path.join(directory, file), 'utf8');
      return {
        version: Number(match[1]),
        name: match[2] ?? '',
        checksum: createHash('sha256').update(sql).digest('hex'),
        sql,
      };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (index > 0 && migrations[index - 1]?.version === migration.version) {
      throw new Error(`two migrations share version ${migration.version}`);
    }
  });
  return migrations;
}
