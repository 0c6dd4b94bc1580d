import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One ordered SQL file of migrations/. */
export interface Migration {
  version: number;
  name: string;
  checksum: string;
  sql: string;
  /**
   * False for a file whose first line is `-- fluxa:no-transaction`: its statements run one
   * by one outside a transaction (what `create index concurrently` needs), so they must be
   * safe to run again after an interruption.
   */
  transactional: boolean;
  /** Checksums of earlier wordings of this file that differ from it in comments only. */
  rewordedFrom: readonly string[];
}

/** Beside the SQL files: the checksums of their earlier, comment-only wordings, by version. */
export const rewordedFile = 'reworded.json';

function rewordedChecksums(directory: string): Record<string, string[]> {
  const file = path.join(directory, rewordedFile);
  if (!existsSync(file)) return {};
  const { checksums } = JSON.parse(readFileSync(file, 'utf8')) as {
    checksums?: Record<string, string[]>;
  };
  return checksums ?? {};
}

/** The first line that marks a migration to run outside a transaction. */
export const noTransactionMarker = '-- fluxa:no-transaction';

/**
 * The statements of a non-transactional migration: split at a `;` that ends a line. Such a
 * file holds plain statements (no `do $$ … $$` blocks or functions).
 */
export function statementsOf(sql: string): string[] {
  return sql
    .split(/;[ \t]*(?:--[^\n]*)?\n/)
    .map((statement) => statement.trim().replace(/;$/, ''))
    .filter((statement) => statement.replace(/--[^\n]*/g, '').trim() !== '');
}

const fileName = /^(\d+)_([a-z0-9_]+)\.sql$/;

/** Reads `NNNN_name.sql` files in version order; refuses duplicate versions and stray names. */
export function loadMigrations(directory: string): Migration[] {
  const reworded = rewordedChecksums(directory);
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
        transactional: !sql.startsWith(noTransactionMarker),
        rewordedFrom: reworded[String(Number(match[1]))] ?? [],
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
