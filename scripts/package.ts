/**
 * `make package`: zips each function bundle to dist/<name>.zip for Terraform,
 * and puts its source map beside it as dist/<name>.mjs.map (kept with each
 * release, not deployed: in the zip it would be 60% of the size and, with
 * --enable-source-maps, double the cold start — docs/BENCHMARKS.md).
 * Deterministic: entries sorted, fixed timestamps and modes, so the same
 * sources give byte-identical zips (and an unchanged `source_code_hash`).
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { ZipFile } from 'yazl';

const root = path.resolve(__dirname, '..');
const functions = [
  'authorizer',
  'ingest',
  'processor',
  'query',
  'migrate',
  'relay',
  'control',
] as const;
const fixedTime = new Date('1980-01-01T00:00:00Z');

/** Files of one zip: archive path → absolute path. */
function entriesOf(name: (typeof functions)[number]): [string, string][] {
  const dist = path.join(root, 'functions', name, 'dist');
  const entries: [string, string][] = [['index.mjs', path.join(dist, 'index.mjs')]];
  if (name === 'migrate') {
    const migrations = path.join(root, 'migrations');
    for (const file of readdirSync(migrations).filter((f) => /\.sql$|^reworded\.json$/.test(f))) {
      entries.push([`migrations/${file}`, path.join(migrations, file)]);
    }
  }
  for (const [, file] of entries) {
    if (!existsSync(file))
      throw new Error(`${file} is missing: run the build first (make package does)`);
  }
  return entries.sort(([a], [b]) => a.localeCompare(b));
}

function zip(name: (typeof functions)[number], target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const archive = new ZipFile();
    for (const [archivePath, file] of entriesOf(name)) {
      archive.addBuffer(readFileSync(file), archivePath, {
        mtime: fixedTime,
        mode: 0o100644,
        compress: true,
      });
    }
    archive.end();
    archive.outputStream.pipe(createWriteStream(target)).on('close', resolve).on('error', reject);
  });
}

async function main(): Promise<void> {
  const out = path.join(root, 'dist');
  mkdirSync(out, { recursive: true });
  for (const name of functions) {
    const target = path.join(out, `${name}.zip`);
    await zip(name, target);
    copyFileSync(
      path.join(root, 'functions', name, 'dist', 'index.mjs.map'),
      path.join(out, `${name}.mjs.map`),
    );
    const sha = createHash('sha256').update(readFileSync(target)).digest('hex');
    console.log(
      `dist/${name}.zip  ${(statSync(target).size / 1024).toFixed(1)} KiB  sha256 ${sha}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
