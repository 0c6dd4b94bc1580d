/**
 * `make package`: zips each function bundle to dist/<name>.zip for Terraform,
 * and puts its source map beside it as dist/<name>.mjs.map (kept with each
 * release, not deployed: in the zip it would be 60% of the size and, with
 * --enable-source-maps, double the cold start — docs/BENCHMARKS.md), then
 * lists their SHA-256 in dist/SHA256SUMS (`sha256sum -c` reads it).
 * Deterministic: entries sorted, fixed timestamps and modes, so the same
 * sources give byte-identical zips (and an unchanged `source_code_hash`), and
 * a release's SHA256SUMS is what `make package` gives at its tag.
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
  writeFileSync,
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

const sha256Of = (file: string): string =>
  createHash('sha256').update(readFileSync(file)).digest('hex');

async function main(): Promise<void> {
  const out = path.join(root, 'dist');
  mkdirSync(out, { recursive: true });
  const released: string[] = [];
  for (const name of functions) {
    const target = path.join(out, `${name}.zip`);
    await zip(name, target);
    copyFileSync(
      path.join(root, 'functions', name, 'dist', 'index.mjs.map'),
      path.join(out, `${name}.mjs.map`),
    );
    released.push(`${name}.zip`, `${name}.mjs.map`);
    console.log(
      `dist/${name}.zip  ${(statSync(target).size / 1024).toFixed(1)} KiB  sha256 ${sha256Of(target)}`,
    );
  }
  // The format of `sha256sum`: "<hex>  <file>", sorted, so `sha256sum -c SHA256SUMS` checks it.
  const sums = released
    .sort()
    .map((file) => `${sha256Of(path.join(out, file))}  ${file}\n`)
    .join('');
  writeFileSync(path.join(out, 'SHA256SUMS'), sums);
  console.log('dist/SHA256SUMS');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
